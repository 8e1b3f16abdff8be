import { generateKeyPairSync } from 'node:crypto';
import { GetPublicKeyCommand, KMSServiceException, SignCommand } from '@aws-sdk/client-kms';
import fc from 'fast-check';
import {
  computeAddress,
  getBytes,
  hexlify,
  keccak256,
  randomBytes,
  recoverAddress,
  sha256,
  Signature,
  SigningKey,
  toUtf8Bytes,
} from 'ethers';
import { TronWeb } from 'tronweb';
import {
  KmsDigestSigner,
  parseDerSignature,
  SECP256K1_N,
} from '../../../shared/adapters/kms/kms-digest-signer';
import { LocalDigestSigner } from '../../../shared/adapters/local/local-digest-signer';
import { isDigestSignerError } from '../../../shared/ports/digest-signer';
import type { DigestSignerFailure } from '../../../shared/ports/digest-signer';
import { derSignature, ecSpki, FAKE_ALIAS, FAKE_KEY_ARN, FAKE_KEY_ID, fakeKms } from './fake-kms';

const HALF_N = SECP256K1_N >> 1n;
const digest32 = fc.uint8Array({ minLength: 32, maxLength: 32 });

async function failureOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (e) {
    return e;
  }
  throw new Error('expected a failure');
}

async function expectSignerFailure(promise: Promise<unknown>, reason: DigestSignerFailure, message?: RegExp) {
  const e = await failureOf(promise);
  expect(isDigestSignerError(e, reason)).toBe(true);
  if (message) expect((e as Error).message).toMatch(message);
}

/** Some digest whose low-s signature by `key` has r (or s) below 2^247: fewer than 32 bytes in DER. */
function digestWithShort(key: SigningKey, part: 'r' | 's'): Uint8Array {
  for (let i = 0; i < 20_000; i++) {
    const digest = getBytes(keccak256(toUtf8Bytes(`short-${part}-${i}`)));
    if (BigInt(key.sign(digest)[part]) < 1n << 247n) return digest;
  }
  throw new Error('no short signature found');
}

describe('KmsDigestSigner', () => {
  describe('the fake KMS behaves like KMS', () => {
    const fake = fakeKms();

    it('signs a 32-byte DIGEST as given, and SHA-256es a RAW message first', async () => {
      const message = getBytes(keccak256(toUtf8Bytes('tx')));
      const asDigest = await fake.client.send(
        new SignCommand({
          KeyId: FAKE_KEY_ID,
          Message: message,
          MessageType: 'DIGEST',
          SigningAlgorithm: 'ECDSA_SHA_256',
        }),
      );
      const asRaw = await fake.client.send(
        new SignCommand({
          KeyId: FAKE_KEY_ID,
          Message: message,
          MessageType: 'RAW',
          SigningAlgorithm: 'ECDSA_SHA_256',
        }),
      );
      const recovers = (digest: Uint8Array, der: Uint8Array) => {
        const { r, s } = parseDerSignature(der);
        const low = s > HALF_N ? SECP256K1_N - s : s;
        return [0, 1].some(
          (yParity) =>
            recoverAddress(
              digest,
              Signature.from({
                r: hexlify(getBytes(`0x${r.toString(16).padStart(64, '0')}`)),
                s: `0x${low.toString(16).padStart(64, '0')}`,
                yParity: yParity as 0 | 1,
              }),
            ) === computeAddress(fake.signingKey.publicKey),
        );
      };
      expect(recovers(message, asDigest.Signature!)).toBe(true);
      expect(recovers(getBytes(sha256(message)), asRaw.Signature!)).toBe(true);
    });

    it('rejects an unknown key, an unsupported algorithm and a digest that is not 32 bytes', async () => {
      const sign = (input: Partial<ConstructorParameters<typeof SignCommand>[0]>) =>
        failureOf(
          fake.client.send(
            new SignCommand({
              KeyId: FAKE_KEY_ID,
              Message: new Uint8Array(32),
              MessageType: 'DIGEST',
              SigningAlgorithm: 'ECDSA_SHA_256',
              ...input,
            }),
          ),
        );
      expect(await sign({ KeyId: 'alias/nope' })).toMatchObject({ name: 'NotFoundException' });
      expect(await sign({ SigningAlgorithm: 'ECDSA_SHA_384' })).toMatchObject({
        name: 'InvalidKeyUsageException',
      });
      expect(await sign({ Message: new Uint8Array(33) })).toMatchObject({ name: 'ValidationException' });
      expect(await failureOf(fake.client.send(new GetPublicKeyCommand({ KeyId: 'nope' })))).toMatchObject({
        name: 'NotFoundException',
      });
    });
  });

  describe('public key and addresses', () => {
    it('reads the public key once, as the 65-byte uncompressed point', async () => {
      const fake = fakeKms();
      const signer = new KmsDigestSigner(fake.client, FAKE_ALIAS);
      const [a, b] = await Promise.all([signer.publicKey(), signer.publicKey()]);
      await signer.signDigest(new Uint8Array(32).fill(1));
      await signer.signDigest(new Uint8Array(32).fill(2));
      expect(a).toHaveLength(65);
      expect(hexlify(a)).toBe(fake.signingKey.publicKey);
      expect(b).toEqual(a);
      expect(fake.mock.commandCalls(GetPublicKeyCommand)).toHaveLength(1);
    });

    it('does not keep a failed public-key read: the next call asks KMS again', async () => {
      const fake = fakeKms();
      const der = ecSpki(getBytes(fake.signingKey.publicKey));
      fake.mock
        .on(GetPublicKeyCommand)
        .rejectsOnce(
          new KMSServiceException({
            name: 'ThrottlingException',
            $fault: 'client',
            $metadata: {},
            message: 'Rate exceeded',
          }),
        )
        .resolves({ PublicKey: der, KeySpec: 'ECC_SECG_P256K1', KeyUsage: 'SIGN_VERIFY' });
      const signer = new KmsDigestSigner(fake.client, FAKE_KEY_ID);
      expect(await failureOf(signer.publicKey())).toMatchObject({ name: 'ThrottlingException' });
      expect(hexlify(await signer.publicKey())).toBe(fake.signingKey.publicKey);
    });

    it('derives the EVM and TRON addresses of the key', async () => {
      const privateKey = hexlify(randomBytes(32));
      const fake = fakeKms({ privateKey });
      const signer = new KmsDigestSigner(fake.client, FAKE_KEY_ARN);
      expect(await signer.addressEvm()).toBe(computeAddress(privateKey));
      expect(await signer.addressTron()).toBe(TronWeb.address.fromPrivateKey(privateKey.slice(2)));
      expect(await signer.addressTron()).toBe(
        TronWeb.address.fromHex(`41${computeAddress(privateKey).slice(2)}`),
      );
    });

    it('refuses a key on another curve, with another usage or spec, or unreadable', async () => {
      const p256 = generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).publicKey.export({
        type: 'spki',
        format: 'der',
      });
      await expectSignerFailure(
        new KmsDigestSigner(
          fakeKms({ publicKeyDer: p256, keySpec: 'ECC_NIST_P256' }).client,
          FAKE_KEY_ID,
        ).publicKey(),
        'KEY_UNSUPPORTED',
        /ECC_NIST_P256/,
      );
      await expectSignerFailure(
        new KmsDigestSigner(fakeKms({ publicKeyDer: p256 }).client, FAKE_KEY_ID).publicKey(),
        'KEY_UNSUPPORTED',
        /not on secp256k1/,
      );
      await expectSignerFailure(
        new KmsDigestSigner(fakeKms({ keyUsage: 'ENCRYPT_DECRYPT' }).client, FAKE_KEY_ID).publicKey(),
        'KEY_UNSUPPORTED',
        /not SIGN_VERIFY/,
      );
      await expectSignerFailure(
        new KmsDigestSigner(
          fakeKms({ publicKeyDer: new Uint8Array([0x30, 0x00]) }).client,
          FAKE_KEY_ID,
        ).signDigest(new Uint8Array(32)),
        'KEY_UNSUPPORTED',
      );
    });
  });

  describe('signing digests', () => {
    it('asks KMS to sign the 32 bytes as a DIGEST with ECDSA_SHA_256 under its key id', async () => {
      const fake = fakeKms();
      const signer = new KmsDigestSigner(fake.client, FAKE_ALIAS);
      const digest = getBytes(keccak256(toUtf8Bytes('withdrawal')));
      await signer.signDigest(digest);
      const calls = fake.mock.commandCalls(SignCommand);
      expect(calls).toHaveLength(1);
      expect(calls[0]!.args[0].input).toEqual({
        KeyId: FAKE_ALIAS,
        Message: digest,
        MessageType: 'DIGEST',
        SigningAlgorithm: 'ECDSA_SHA_256',
      });
    });

    it('returns low s and the recovery id of the key, for any digest, when KMS returns high s half the time', async () => {
      const fake = fakeKms();
      const signer = new KmsDigestSigner(fake.client, FAKE_KEY_ID);
      const address = computeAddress(fake.signingKey.publicKey);
      await fc.assert(
        fc.asyncProperty(digest32, async (digest) => {
          const sig = await signer.signDigest(digest);
          expect(sig.r).toMatch(/^0x[0-9a-f]{64}$/);
          expect(sig.s).toMatch(/^0x[0-9a-f]{64}$/);
          expect(BigInt(sig.s) <= HALF_N).toBe(true);
          expect(recoverAddress(digest, Signature.from(sig))).toBe(address);
        }),
        { numRuns: 200 },
      );
      // Both branches of the normalisation ran.
      expect(fake.stats.highS).toBeGreaterThan(0);
      expect(fake.stats.highS).toBeLessThan(fake.stats.signs);
    });

    it.each([
      ['always high s', 1],
      ['always low s', 0],
    ])('gives the same signature as the key signing locally (%s from KMS)', async (_label, highSRate) => {
      const privateKey = hexlify(randomBytes(32));
      const fake = fakeKms({ privateKey, highSRate });
      const kms = new KmsDigestSigner(fake.client, FAKE_KEY_ID);
      const local = new LocalDigestSigner(privateKey);
      for (let i = 0; i < 20; i++) {
        const digest = getBytes(keccak256(toUtf8Bytes(`d${i}`)));
        expect(await kms.signDigest(digest)).toEqual(await local.signDigest(digest));
      }
      expect(fake.stats.highS).toBe(highSRate === 1 ? 20 : 0);
    });

    it.each(['r', 's'] as const)('pads an %s shorter than 32 bytes back to 32', async (part) => {
      const privateKey = hexlify(new Uint8Array(32).fill(9));
      const fake = fakeKms({ privateKey, highSRate: 0 });
      const digest = digestWithShort(fake.signingKey, part);
      const raw = fake.signingKey.sign(digest);
      const der = derSignature(BigInt(raw.r), BigInt(raw.s));
      const rLength = der[3]!;
      const partLength = part === 'r' ? rLength : der[5 + rLength]!;
      expect(partLength).toBeLessThan(32); // what KMS sends is shorter than 32 bytes
      const sig = await new KmsDigestSigner(fake.client, FAKE_KEY_ID).signDigest(digest);
      expect(sig[part]).toMatch(/^0x00[0-9a-f]{62}$/);
      expect(recoverAddress(digest, Signature.from(sig))).toBe(computeAddress(privateKey));
    });

    it('refuses a digest that is not 32 bytes without calling KMS', async () => {
      const fake = fakeKms();
      const signer = new KmsDigestSigner(fake.client, FAKE_KEY_ID);
      await expectSignerFailure(signer.signDigest(new Uint8Array(31)), 'DIGEST_INVALID');
      await expectSignerFailure(signer.signDigest(new Uint8Array(64)), 'DIGEST_INVALID');
      expect(fake.mock.commandCalls(SignCommand)).toHaveLength(0);
    });

    it("passes KMS's own errors through (unknown key)", async () => {
      const fake = fakeKms();
      const e = await failureOf(
        new KmsDigestSigner(fake.client, 'alias/gateway-test/missing').signDigest(new Uint8Array(32)),
      );
      expect(e).toMatchObject({ name: 'NotFoundException' });
    });

    it('refuses a malformed DER answer', async () => {
      const fake = fakeKms({ tamperSignature: (der) => der.subarray(0, der.length - 2) });
      await expectSignerFailure(
        new KmsDigestSigner(fake.client, FAKE_KEY_ID).signDigest(new Uint8Array(32).fill(3)),
        'SIGNATURE_MALFORMED',
      );
    });

    it('refuses a signature that does not recover to the key (another key, or another message)', async () => {
      const other = new SigningKey(hexlify(randomBytes(32)));
      const digest = getBytes(keccak256(toUtf8Bytes('pay 100')));
      const forged = other.sign(digest);
      const fake = fakeKms({ tamperSignature: () => derSignature(BigInt(forged.r), BigInt(forged.s)) });
      await expectSignerFailure(
        new KmsDigestSigner(fake.client, FAKE_KEY_ID).signDigest(digest),
        'SIGNATURE_NOT_RECOVERABLE',
        /does not recover/,
      );
    });
  });
});

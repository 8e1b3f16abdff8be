import { GetPublicKeyCommand, SignCommand } from '@aws-sdk/client-kms';
import fc from 'fast-check';
import { computeAddress, getAddress, hexlify, keccak256, randomBytes, Transaction, Wallet } from 'ethers';
import {
  DigestTransactionSigner,
  SignCallCounter,
} from '../../../shared/adapters/evm/digest-transaction-signer';
import { KmsDigestSigner } from '../../../shared/adapters/kms/kms-digest-signer';
import { LocalDigestSigner } from '../../../shared/adapters/local/local-digest-signer';
import { isDigestSignerError } from '../../../shared/ports/digest-signer';
import type { DigestSigner } from '../../../shared/ports/digest-signer';
import type { EvmTxRequest } from '../../../shared/ports/sweeps';
import { FAKE_KEY_ID, fakeKms } from './fake-kms';

const address = fc.uint8Array({ minLength: 20, maxLength: 20 }).map((b) => getAddress(hexlify(b)));
const txRequest: fc.Arbitrary<EvmTxRequest> = fc.record({
  chainId: fc.integer({ min: 1, max: 2 ** 32 }),
  nonce: fc.nat({ max: 2 ** 40 }),
  to: address,
  data: fc.uint8Array({ maxLength: 100 }).map((b) => hexlify(b)),
  value: fc.bigInt({ min: 0n, max: 10n ** 30n }),
  gasLimit: fc.bigInt({ min: 21_000n, max: 30_000_000n }),
  gasPrice: fc.bigInt({ min: 1n, max: 10n ** 12n }),
});

const transfer: EvmTxRequest = {
  chainId: 31_337_056,
  nonce: 7,
  to: '0x000000000000000000000000000000000000dEaD',
  data: '0xa9059cbb',
  value: 0n,
  gasLimit: 60_000n,
  gasPrice: 3_000_000_000n,
};

describe('DigestTransactionSigner', () => {
  describe('address', () => {
    it('is the checksummed address of the digest signer’s public key, read once', async () => {
      const privateKey = hexlify(randomBytes(32));
      const fake = fakeKms({ privateKey });
      const signer = await DigestTransactionSigner.create(new KmsDigestSigner(fake.client, FAKE_KEY_ID));
      await signer.signTransaction(transfer);
      await signer.signTransaction({ ...transfer, nonce: 8 });
      expect(signer.address).toBe(computeAddress(privateKey));
      expect(signer.address).toBe(getAddress(signer.address.toLowerCase()));
      expect(signer.keyRef).toBe(FAKE_KEY_ID);
      expect(fake.mock.commandCalls(GetPublicKeyCommand)).toHaveLength(1);
    });
  });

  describe('signed transactions', () => {
    it('recover to the KMS key’s address and carry exactly the request, for any request', async () => {
      const fake = fakeKms();
      const signer = await DigestTransactionSigner.create(new KmsDigestSigner(fake.client, FAKE_KEY_ID));
      await fc.assert(
        fc.asyncProperty(txRequest, async (request) => {
          const signed = await signer.signTransaction(request);
          const tx = Transaction.from(signed.raw);
          expect(tx.from).toBe(signer.address);
          expect(signed.hash).toBe(keccak256(signed.raw));
          expect(signed.hash).toBe(signed.hash.toLowerCase());
          expect(tx.type).toBe(0);
          expect(tx.chainId).toBe(BigInt(request.chainId));
          expect(tx.nonce).toBe(request.nonce);
          expect(tx.to).toBe(request.to);
          expect(tx.data).toBe(request.data);
          expect(tx.value).toBe(request.value);
          expect(tx.gasLimit).toBe(request.gasLimit);
          expect(tx.gasPrice).toBe(request.gasPrice);
          // EIP-155: v = chainId * 2 + 35 + yParity, and s is low.
          expect(tx.signature!.networkV).toBe(
            BigInt(request.chainId) * 2n + 35n + BigInt(tx.signature!.yParity),
          );
          expect(
            BigInt(tx.signature!.s) <= 0x7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0n,
          ).toBe(true);
        }),
        { numRuns: 150 },
      );
      expect(fake.stats.highS).toBeGreaterThan(0);
      expect(fake.stats.highS).toBeLessThan(fake.stats.signs);
    });

    it('are byte-for-byte what an ethers Wallet with the same key signs, through KMS or a local key', async () => {
      const privateKey = hexlify(randomBytes(32));
      const wallet = new Wallet(privateKey);
      const viaKms = await DigestTransactionSigner.create(
        new KmsDigestSigner(fakeKms({ privateKey }).client, FAKE_KEY_ID),
      );
      const viaLocal = await DigestTransactionSigner.create(new LocalDigestSigner(privateKey));
      for (let nonce = 0; nonce < 10; nonce++) {
        const request = { ...transfer, nonce };
        const expected = await wallet.signTransaction({ ...request, type: 0 });
        expect((await viaKms.signTransaction(request)).raw).toBe(expected);
        expect((await viaLocal.signTransaction(request)).raw).toBe(expected);
      }
    });
  });

  describe('counting sign calls', () => {
    it('asks for exactly one digest signature (one KMS Sign) per transaction', async () => {
      const fake = fakeKms();
      const signer = await DigestTransactionSigner.create(new KmsDigestSigner(fake.client, FAKE_KEY_ID));
      for (let nonce = 0; nonce < 5; nonce++) await signer.signTransaction({ ...transfer, nonce });
      expect(signer.signCalls).toBe(5);
      expect(fake.mock.commandCalls(SignCommand)).toHaveLength(5);
    });

    it('SignCallCounter counts signatures through any digest signer, failed ones included', async () => {
      const counter = new SignCallCounter(LocalDigestSigner.random('local:test'));
      await counter.signDigest(new Uint8Array(32));
      await counter.signDigest(new Uint8Array(32).fill(1));
      await counter.signDigest(new Uint8Array(3)).catch(() => undefined);
      expect(counter.calls).toBe(3);
      expect(counter.keyRef).toBe('local:test');
    });
  });

  describe('a signer that breaks its contract', () => {
    it('refuses a signature that recovers to another address instead of returning it', async () => {
      const honest = LocalDigestSigner.random();
      const impostor = LocalDigestSigner.random();
      const lying: DigestSigner = {
        keyRef: 'lying',
        publicKey: () => honest.publicKey(),
        signDigest: (digest) => impostor.signDigest(digest),
      };
      const signer = await DigestTransactionSigner.create(lying);
      let caught: unknown;
      await signer.signTransaction(transfer).catch((e: unknown) => (caught = e));
      expect(isDigestSignerError(caught, 'SIGNATURE_NOT_RECOVERABLE')).toBe(true);
    });
  });
});

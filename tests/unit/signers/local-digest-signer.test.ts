import { inspect } from 'node:util';
import fc from 'fast-check';
import { computeAddress, hexlify, randomBytes, recoverAddress, Signature } from 'ethers';
import { SECP256K1_N } from '../../../shared/adapters/kms/kms-digest-signer';
import { LocalDigestSigner } from '../../../shared/adapters/local/local-digest-signer';
import { isDigestSignerError } from '../../../shared/ports/digest-signer';

describe('LocalDigestSigner', () => {
  describe('signing', () => {
    it('signs any digest with low s and the recovery id of its key', async () => {
      const privateKey = hexlify(randomBytes(32));
      const signer = new LocalDigestSigner(privateKey);
      await fc.assert(
        fc.asyncProperty(fc.uint8Array({ minLength: 32, maxLength: 32 }), async (digest) => {
          const sig = await signer.signDigest(digest);
          expect(BigInt(sig.s) <= SECP256K1_N >> 1n).toBe(true);
          expect(recoverAddress(digest, Signature.from(sig))).toBe(computeAddress(privateKey));
        }),
        { numRuns: 100 },
      );
    });

    it('exposes the 65-byte uncompressed public key and a key reference naming its address', async () => {
      const privateKey = hexlify(randomBytes(32));
      const signer = new LocalDigestSigner(privateKey);
      const publicKey = await signer.publicKey();
      expect(publicKey).toHaveLength(65);
      expect(publicKey[0]).toBe(4);
      expect(computeAddress(hexlify(publicKey))).toBe(computeAddress(privateKey));
      expect(signer.keyRef).toBe(`local:${computeAddress(privateKey)}`);
      expect(new LocalDigestSigner(privateKey, 'local:master-evm').keyRef).toBe('local:master-evm');
    });

    it('refuses a digest that is not 32 bytes', async () => {
      const signer = LocalDigestSigner.random();
      let caught: unknown;
      await signer.signDigest(new Uint8Array(20)).catch((e: unknown) => (caught = e));
      expect(isDigestSignerError(caught, 'DIGEST_INVALID')).toBe(true);
    });

    it('makes a different key each time random() is called', async () => {
      const a = await LocalDigestSigner.random().publicKey();
      const b = await LocalDigestSigner.random().publicKey();
      expect(hexlify(a)).not.toBe(hexlify(b));
    });
  });

  describe('never shows its key', () => {
    const privateKey = hexlify(randomBytes(32));
    const signer = new LocalDigestSigner(privateKey);
    const keyHex = privateKey.slice(2);

    it.each([
      ['String()', () => String(signer)],
      ['template literal', () => `${signer}`],
      ['JSON.stringify', () => JSON.stringify({ signer })],
      ['util.inspect', () => inspect(signer, { depth: 10, showHidden: true })],
      ['console formatting', () => inspect({ nested: [signer] }, { depth: 10 })],
    ])('prints [ REDACTED ] through %s', (_how, render) => {
      const text = render();
      expect(text).toContain('[ REDACTED ]');
      expect(text.toLowerCase()).not.toContain(keyHex.toLowerCase());
    });

    it('has no enumerable property holding the key', () => {
      expect(Object.values(signer).map(String).join(' ')).not.toContain(keyHex);
    });
  });
});

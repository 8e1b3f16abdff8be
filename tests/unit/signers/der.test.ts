import { generateKeyPairSync, sign, verify } from 'node:crypto';
import fc from 'fast-check';
import { getBytes, hexlify, SigningKey } from 'ethers';
import {
  parseDerSignature,
  parseSecp256k1Spki,
  SECP256K1_N,
} from '../../../shared/adapters/kms/kms-digest-signer';
import { isDigestSignerError } from '../../../shared/ports/digest-signer';
import { derInteger, derSignature, derTlv, ecSpki } from './fake-kms';

const scalar = fc.bigInt({ min: 1n, max: SECP256K1_N - 1n });

function expectMalformed(der: Uint8Array, detail: RegExp): void {
  let caught: unknown;
  try {
    parseDerSignature(der);
  } catch (e) {
    caught = e;
  }
  expect(isDigestSignerError(caught, 'SIGNATURE_MALFORMED')).toBe(true);
  expect((caught as Error).message).toMatch(detail);
}

describe('DER ECDSA signatures (KMS Sign output)', () => {
  describe('valid encodings', () => {
    it('reads back any r, s in [1, n-1] encoded as minimal DER', () => {
      fc.assert(
        fc.property(scalar, scalar, (r, s) => {
          expect(parseDerSignature(derSignature(r, s))).toEqual({ r, s });
        }),
        { numRuns: 300 },
      );
    });

    it('reads a 33-byte integer whose leading 0x00 keeps a high bit positive', () => {
      const r = 0x80n << 248n; // top bit set: encoded as 00 80 00 … (33 bytes)
      const der = derSignature(r, 5n);
      expect(der[3]).toBe(33);
      expect(der[4]).toBe(0);
      expect(parseDerSignature(der)).toEqual({ r, s: 5n });
    });

    it('reads integers shorter than 32 bytes (leading zero bytes dropped by DER)', () => {
      const r = 0x7fn << 232n; // 30 bytes
      const der = derSignature(r, 1n);
      expect(der[3]).toBe(30);
      expect(parseDerSignature(der)).toEqual({ r, s: 1n });
    });

    it('reads signatures produced by OpenSSL (node:crypto, dsaEncoding der) on secp256k1', () => {
      const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'secp256k1' });
      for (let i = 0; i < 50; i++) {
        const message = Buffer.from(`message ${i}`);
        const der = sign('sha256', message, { key: privateKey, dsaEncoding: 'der' });
        const { r, s } = parseDerSignature(der);
        const p1363 = Buffer.concat([
          getBytes(`0x${r.toString(16).padStart(64, '0')}`),
          getBytes(`0x${s.toString(16).padStart(64, '0')}`),
        ]);
        expect(verify('sha256', message, { key: publicKey, dsaEncoding: 'ieee-p1363' }, p1363)).toBe(true);
      }
    });
  });

  describe('malformed encodings are refused', () => {
    const good = derSignature(0x1234n, 0x5678n);

    it('refuses an empty or truncated answer', () => {
      expectMalformed(new Uint8Array(), /expected tag 0x30, found end/);
      expectMalformed(good.subarray(0, good.length - 1), /truncated/);
      expectMalformed(new Uint8Array([0x30]), /truncated length/);
    });

    it('refuses a wrong outer tag and bytes after the sequence', () => {
      expectMalformed(new Uint8Array([0x31, ...good.subarray(1)]), /expected tag 0x30/);
      expectMalformed(new Uint8Array([...good, 0x00]), /trailing bytes/);
    });

    it('refuses a sequence with a missing s or an extra element', () => {
      expectMalformed(derTlv(0x30, derInteger(7n)), /expected tag 0x2, found end/);
      expectMalformed(
        derTlv(0x30, [...derInteger(7n), ...derInteger(8n), ...derInteger(9n)]),
        /trailing bytes/,
      );
    });

    it('refuses a negative integer, a redundant leading zero and an empty integer', () => {
      expectMalformed(derTlv(0x30, [0x02, 0x01, 0x80, ...derInteger(1n)]), /r is negative/);
      expectMalformed(
        derTlv(0x30, [...derInteger(1n), 0x02, 0x02, 0x00, 0x01]),
        /s has a redundant leading zero/,
      );
      expectMalformed(derTlv(0x30, [0x02, 0x00, ...derInteger(1n)]), /r is empty/);
    });

    it('refuses r or s equal to zero or not below the group order', () => {
      expectMalformed(derSignature(0n, 1n), /r is out of range/);
      expectMalformed(derSignature(1n, SECP256K1_N), /s is out of range/);
      expectMalformed(derSignature(SECP256K1_N + 1n, 1n), /r is out of range/);
    });

    it('refuses a non-minimal long-form length', () => {
      const body = [...derInteger(1n), ...derInteger(2n)];
      expectMalformed(new Uint8Array([0x30, 0x81, body.length, ...body]), /non-minimal length/);
    });
  });
});

describe('DER public keys (KMS GetPublicKey output)', () => {
  const key = new SigningKey(hexlify(new Uint8Array(32).fill(7)));

  it('reads the uncompressed point of a secp256k1 SubjectPublicKeyInfo', () => {
    expect(hexlify(parseSecp256k1Spki(ecSpki(getBytes(key.publicKey))))).toBe(key.publicKey);
  });

  it('reads a compressed point and returns it uncompressed', () => {
    expect(hexlify(parseSecp256k1Spki(ecSpki(getBytes(key.compressedPublicKey))))).toBe(key.publicKey);
  });

  it('agrees with OpenSSL on a real secp256k1 SPKI', () => {
    const { publicKey } = generateKeyPairSync('ec', { namedCurve: 'secp256k1' });
    const der = publicKey.export({ type: 'spki', format: 'der' });
    const jwk = publicKey.export({ format: 'jwk' });
    const point = Buffer.concat([
      Buffer.from([4]),
      Buffer.from(jwk.x!, 'base64url'),
      Buffer.from(jwk.y!, 'base64url'),
    ]);
    expect(Buffer.from(parseSecp256k1Spki(der))).toEqual(point);
  });

  it.each([
    ['P-256', 'prime256v1'],
    ['P-384', 'secp384r1'],
  ])('refuses a %s key: it is not secp256k1', (_name, namedCurve) => {
    const { publicKey } = generateKeyPairSync('ec', { namedCurve });
    const der = publicKey.export({ type: 'spki', format: 'der' });
    expect(() => parseSecp256k1Spki(der)).toThrow(/not on secp256k1/);
  });

  it('refuses a key that is not an elliptic-curve key', () => {
    const { publicKey } = generateKeyPairSync('ed25519');
    const der = publicKey.export({ type: 'spki', format: 'der' });
    let caught: unknown;
    try {
      parseSecp256k1Spki(der);
    } catch (e) {
      caught = e;
    }
    expect(isDigestSignerError(caught, 'KEY_UNSUPPORTED')).toBe(true);
  });

  it('refuses a point that is not on the curve, and garbage', () => {
    const offCurve = getBytes(key.publicKey);
    offCurve[64] = (offCurve[64] ?? 0) ^ 1;
    expect(() => parseSecp256k1Spki(ecSpki(offCurve))).toThrow(/Unreadable public key/);
    expect(() => parseSecp256k1Spki(new Uint8Array([1, 2, 3]))).toThrow(/Unreadable public key/);
  });
});

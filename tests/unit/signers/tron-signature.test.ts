import { getBytes, hexlify, randomBytes, sha256 } from 'ethers';
import { TronWeb, Trx } from 'tronweb';
import { KmsDigestSigner, tronAddressOf } from '../../../shared/adapters/kms/kms-digest-signer';
import { LocalDigestSigner } from '../../../shared/adapters/local/local-digest-signer';
import { isDigestSignerError, toTronSignatureHex } from '../../../shared/ports/digest-signer';
import type { DigestSigner } from '../../../shared/ports/digest-signer';
import { FAKE_KEY_ID, fakeKms } from './fake-kms';

// Never contacted: the transaction is built offline from a given block header.
const tronWeb = new TronWeb({ fullHost: 'http://127.0.0.1:9' });

async function unsignedTrxTransfer(from: string) {
  const to = TronWeb.address.fromPrivateKey(hexlify(randomBytes(32)).slice(2)) as string;
  const now = 1_790_000_000_000;
  return tronWeb.transactionBuilder.sendTrx(to, 1_000_000, from, {
    blockHeader: {
      ref_block_bytes: '0a1b',
      ref_block_hash: '0102030405060708',
      expiration: now + 60_000,
      timestamp: now,
    },
  });
}

async function signTron(signer: DigestSigner) {
  const from = tronAddressOf(await signer.publicKey());
  const tx = await unsignedTrxTransfer(from);
  // TRON's txID is sha256 of the raw protobuf bytes: the digest to sign, as is.
  expect(`0x${tx.txID}`).toBe(sha256(`0x${tx.raw_data_hex}`));
  const signature = toTronSignatureHex(await signer.signDigest(getBytes(`0x${tx.txID}`)));
  return { from, tx, signed: { ...tx, signature: [signature] } };
}

describe('TRON signatures from a digest signer', () => {
  it('a KMS-signed txID recovers (tronweb Trx.ecRecover) to the key’s TRON address', async () => {
    const privateKey = hexlify(randomBytes(32));
    const signer = new KmsDigestSigner(fakeKms({ privateKey }).client, FAKE_KEY_ID);
    for (let i = 0; i < 10; i++) {
      const { from, signed } = await signTron(signer);
      expect(from).toBe(TronWeb.address.fromPrivateKey(privateKey.slice(2)));
      expect(Trx.ecRecover(signed)).toBe(from);
    }
  });

  it('is the signature tronweb itself makes with the private key (r || s || v, v = 27 + yParity)', async () => {
    const privateKey = hexlify(randomBytes(32));
    const { tx, signed } = await signTron(new LocalDigestSigner(privateKey));
    const byTronweb = await tronWeb.trx.sign(tx, privateKey.slice(2));
    expect(signed.signature[0]).toBe((byTronweb.signature as string[])[0]!.toLowerCase());
    expect(signed.signature[0]).toMatch(/^[0-9a-f]{128}(1b|1c)$/);
  });

  it('does not recover to the key when the transaction is changed after signing', async () => {
    const { from, signed } = await signTron(LocalDigestSigner.random());
    const other = await unsignedTrxTransfer(from);
    expect(Trx.ecRecover({ ...other, signature: signed.signature })).not.toBe(from);
  });

  it('refuses r or s that are not 32-byte hex, and a recovery id other than 0 or 1', () => {
    const r = `0x${'11'.repeat(32)}`;
    const s = `0x${'22'.repeat(32)}`;
    expect(toTronSignatureHex({ r, s, yParity: 1 })).toBe(`${'11'.repeat(32)}${'22'.repeat(32)}1c`);
    for (const bad of [
      { r: r.slice(0, -2), s, yParity: 0 as const },
      { r, s: s.slice(2), yParity: 0 as const },
      { r, s, yParity: 2 as unknown as 0 },
    ]) {
      let caught: unknown;
      try {
        toTronSignatureHex(bad);
      } catch (e) {
        caught = e;
      }
      expect(isDigestSignerError(caught, 'SIGNATURE_MALFORMED')).toBe(true);
    }
  });
});

import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { HDNodeWallet, Mnemonic } from 'ethers';
import fc from 'fast-check';
import { TronWeb, Trx } from 'tronweb';
import {
  isTronAddress,
  tronAddressOfPublicKey,
  tronBase58,
  tronHex,
} from '../../../shared/adapters/tron/tron-address';
import { TronHdKeyring } from '../../../shared/adapters/tron/tron-hd-keyring';
import {
  PrivateKeyTronSigner,
  toTronSignature,
  tronSignerFromDigest,
} from '../../../shared/adapters/tron/tron-signer';
import type { EncryptedBlob, KeyVault } from '../../../shared/ports/key-vault';

const MNEMONIC = 'test test test test test test test test test test test junk';

describe('TRON addresses', () => {
  it('accepts base58 addresses with a valid checksum only', () => {
    expect(isTronAddress('TWer2Ygk5TEheHp3TPuYeqxmB6SsGZmaL6')).toBe(true);
    expect(isTronAddress('TWer2Ygk5TEheHp3TPuYeqxmB6SsGZmaL7')).toBe(false); // checksum
    expect(isTronAddress('twer2Ygk5TEheHp3TPuYeqxmB6SsGZmaL6')).toBe(false); // base58 is case-sensitive
    expect(isTronAddress('41e2e1a54926527fbb4e4420de4c6bab82beaee24d')).toBe(false); // hex is not accepted as input
    expect(isTronAddress('0xe2E1a54926527Fbb4E4420DE4c6BAb82beAEE24D')).toBe(false);
    expect(isTronAddress('')).toBe(false);
  });

  it('converts between base58 and 41-hex both ways', () => {
    expect(tronHex('TWer2Ygk5TEheHp3TPuYeqxmB6SsGZmaL6')).toBe('41e2e1a54926527fbb4e4420de4c6bab82beaee24d');
    expect(tronBase58('41e2e1a54926527fbb4e4420de4c6bab82beaee24d')).toBe(
      'TWer2Ygk5TEheHp3TPuYeqxmB6SsGZmaL6',
    );
    expect(tronBase58('e2e1a54926527fbb4e4420de4c6bab82beaee24d')).toBe('TWer2Ygk5TEheHp3TPuYeqxmB6SsGZmaL6');
    expect(() => tronHex('TWer2Ygk5TEheHp3TPuYeqxmB6SsGZmaL7')).toThrow(/Not a valid TRON address/);
  });

  it('converts any account as tronweb does, without loading tronweb', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 20, maxLength: 20 }), (account) => {
        const hex = `41${Buffer.from(account).toString('hex')}`;
        const base58 = TronWeb.address.fromHex(hex) as string;
        expect(tronBase58(hex)).toBe(base58);
        expect(tronBase58(`0x${hex.slice(2)}`)).toBe(base58);
        expect(tronHex(base58)).toBe((TronWeb.address.toHex(base58) as string).toLowerCase());
      }),
      { numRuns: 300 },
    );
  });

  it('derives the address of a public key as tronweb does from the private key', () => {
    const w = HDNodeWallet.fromPhrase(MNEMONIC, undefined, "m/44'/195'/0'/0/3");
    expect(tronAddressOfPublicKey(w.publicKey)).toBe(TronWeb.address.fromPrivateKey(w.privateKey.slice(2)));
  });
});

/** A DynamoDB document client fake holding one seed item. */
function seedTable(item: Record<string, unknown> | undefined) {
  const state = { item, updates: 0, reads: 0, gasTanks: 0 };
  const db = {
    send: async (cmd: unknown) => {
      if (cmd instanceof GetCommand) {
        state.reads += 1;
        return { Item: state.item };
      }
      if (cmd instanceof UpdateCommand) {
        state.updates += 1;
        const values = cmd.input.ExpressionAttributeValues ?? {};
        if (cmd.input.UpdateExpression?.includes('gasTankAddresses')) {
          // The gas tanks' addresses recorded for the withdrawal request side (stored-gas-tanks.ts).
          const names = cmd.input.ExpressionAttributeNames ?? {};
          const added = values[':m'] ?? { [names['#n0'] as string]: values[':a0'] };
          state.gasTanks += 1;
          state.item = {
            ...state.item,
            gasTankAddresses: { ...(state.item?.['gasTankAddresses'] as object), ...(added as object) },
          };
          return {};
        }
        const x = values[':x'];
        state.item = { ...state.item, tronXpubs: (state.item?.['tronXpubs'] as unknown) ?? x };
        return { Attributes: state.item };
      }
      throw new Error('unexpected command');
    },
  } as unknown as DynamoDBDocumentClient;
  return { db, state };
}

const plainVault = (): KeyVault & { decrypts: number } => {
  const v = {
    decrypts: 0,
    encrypt: async (p: Uint8Array) =>
      ({
        v: 1,
        kek: 'test',
        edk: '',
        iv: '',
        tag: '',
        ct: Buffer.from(p).toString('base64'),
      }) as EncryptedBlob,
    decrypt: async (b: EncryptedBlob) => {
      v.decrypts += 1;
      return Buffer.from(b.ct, 'base64');
    },
  };
  return v;
};

describe('TronHdKeyring', () => {
  it("derives m/44'/195'/account'/0/index from the shared seed's TRON public keys, adding them to an older seed once", async () => {
    const vault = plainVault();
    const { db, state } = seedTable({
      mnemonicCiphertext: await vault.encrypt(Buffer.from(MNEMONIC), {}),
      xpubs: {},
    });
    const keyring = new TronHdKeyring(db, 't', vault, async () => undefined);

    const hot5 = await keyring.deriveAddress(0, 5);
    const master0 = await keyring.deriveAddress(1, 0);
    const expected = (path: string) => TronWeb.fromMnemonic(MNEMONIC, path).address;
    expect(hot5).toBe(expected("m/44'/195'/0'/0/5"));
    expect(master0).toBe(expected("m/44'/195'/1'/0/0"));
    // Once the TRON public keys, once the TRON gas tank's address (before anything is derived).
    expect(state.updates).toBe(2);
    expect(state.gasTanks).toBe(1);
    expect((state.item?.['gasTankAddresses'] as Record<string, string>)['TRON']).toBe(
      expected("m/44'/195'/3'/0/0"),
    );
    expect(vault.decrypts).toBe(1);

    // A new process reads the stored public keys and never decrypts the seed to derive.
    const again = new TronHdKeyring(db, 't', vault, async () => undefined);
    expect(await again.deriveAddress(0, 5)).toBe(hot5);
    expect(vault.decrypts).toBe(1);
    expect(state.updates).toBe(2);
  });

  it('signs with the key of the derived address', async () => {
    const vault = plainVault();
    const { db } = seedTable({
      mnemonicCiphertext: await vault.encrypt(Buffer.from(MNEMONIC), {}),
      xpubs: {},
    });
    const keyring = new TronHdKeyring(db, 't', vault, async () => undefined);
    const signer = await keyring.signerFor(0, 2);
    expect(signer.address).toBe(await keyring.deriveAddress(0, 2));
    expect(JSON.stringify({ signer })).not.toMatch(/[0-9a-f]{64}/);
  });

  it('asks the EVM keyring to create the seed when there is none', async () => {
    const vault = plainVault();
    const { db, state } = seedTable(undefined);
    const phrase = Mnemonic.fromPhrase(MNEMONIC).phrase;
    const keyring = new TronHdKeyring(db, 't', vault, async () => {
      state.item = { mnemonicCiphertext: await vault.encrypt(Buffer.from(phrase), {}), xpubs: {} };
    });
    expect(await keyring.deriveAddress(0, 0)).toBe(
      TronWeb.fromMnemonic(MNEMONIC, "m/44'/195'/0'/0/0").address,
    );
  });
});

describe('TRON signatures', () => {
  const tx = async (from: string) =>
    new TronWeb({ fullHost: 'http://127.0.0.1:1' }).transactionBuilder.sendTrx(
      'TWer2Ygk5TEheHp3TPuYeqxmB6SsGZmaL6',
      1_000,
      from,
      {
        blockHeader: {
          ref_block_bytes: '0001',
          ref_block_hash: 'aabbccddeeff0011',
          expiration: 1_900_000_000_000,
          timestamp: 1_800_000_000_000,
        },
      } as never,
    );

  it('signs the txID as 65 bytes r || s || v that tronweb recovers to the signer', async () => {
    const signer = new PrivateKeyTronSigner('0x' + '11'.repeat(32));
    const signed = await signer.signTransaction((await tx(signer.address)) as never);
    expect(signed.signature[0]).toMatch(/^[0-9a-f]{128}(1b|1c)$/);
    expect(Trx.ecRecover(signed as never)).toBe(signer.address);
  });

  it('builds the same signature from a digest signer (the KMS path)', async () => {
    const key = new PrivateKeyTronSigner('22'.repeat(32));
    const { SigningKey } = await import('ethers');
    const sk = new SigningKey('0x' + '22'.repeat(32));
    const viaDigest = tronSignerFromDigest(key.address, {
      signDigest: async (d) => {
        const s = sk.sign(d);
        return { r: s.r, s: s.s, yParity: s.yParity };
      },
    });
    const unsigned = await tx(key.address);
    expect((await viaDigest.signTransaction(unsigned as never)).signature).toEqual(
      (await key.signTransaction(unsigned as never)).signature,
    );
    expect(toTronSignature({ r: '0x01', s: '0x02', yParity: 1 })).toBe(
      `${'0'.repeat(63)}1${'0'.repeat(63)}21c`,
    );
  });
});

import fc from 'fast-check';
import { encodeBase58, decodeBase58, HDNodeWallet, Mnemonic, toBeHex } from 'ethers';
import type { HDNodeVoidWallet } from 'ethers';
import {
  extendedPublicKeyAt,
  newMnemonicPhrase,
  privateKeyAt,
  seedOfPhrase,
  XpubDeriver,
} from '../../../shared/adapters/crypto/hd-derivation';
import { tronAddressOfPublicKey } from '../../../shared/adapters/tron/tron-address';

/**
 * The API-side deriver (ethers' SigningKey arithmetic + keccak) must give exactly the addresses ethers' HDNodeWallet
 * gave, from the xpubs the keyrings stored with it (`neuter().extendedKey` at m/44'/{60,195}'/a'/0).
 * A seed made once per run keeps it fast (BIP-39 seeds cost 2,048 PBKDF2 rounds).
 */
const phrases = [0x11, 0x5a, 0xe7].map((b) => Mnemonic.fromEntropy(new Uint8Array(32).fill(b)).phrase);
const account = fc.integer({ min: 0, max: 3 });
const index = fc.oneof(fc.integer({ min: 0, max: 200 }), fc.integer({ min: 0, max: 2 ** 31 - 1 }));
const phraseIndex = fc.integer({ min: 0, max: phrases.length - 1 });

const ethersXpub = (phrase: string, path: string) =>
  HDNodeWallet.fromPhrase(phrase, undefined, path).neuter().extendedKey;

describe('HD derivation without HDNodeWallet', () => {
  const seeds = phrases.map(seedOfPhrase);

  it.each([
    ['EVM', 60],
    ['TRON', 195],
  ] as const)('derives the %s account xpub ethers derived, byte for byte', (_, coin) => {
    fc.assert(
      fc.property(phraseIndex, account, (p, a) => {
        const path = `m/44'/${coin}'/${a}'/0`;
        expect(extendedPublicKeyAt(seeds[p]!, path)).toBe(ethersXpub(phrases[p]!, path));
      }),
      { numRuns: 12 },
    );
  });

  it('derives from a stored xpub the EVM addresses HDNodeWallet derives', () => {
    fc.assert(
      fc.property(phraseIndex, account, index, (p, a, i) => {
        const xpub = ethersXpub(phrases[p]!, `m/44'/60'/${a}'/0`);
        const expected = (HDNodeWallet.fromExtendedKey(xpub) as HDNodeVoidWallet).deriveChild(i).address;
        expect(new XpubDeriver(xpub).evmAddress(i)).toBe(expected);
      }),
      { numRuns: 60 },
    );
  });

  it('derives from a stored xpub the TRON addresses HDNodeWallet derives', () => {
    fc.assert(
      fc.property(phraseIndex, account, index, (p, a, i) => {
        const xpub = ethersXpub(phrases[p]!, `m/44'/195'/${a}'/0`);
        const node = (HDNodeWallet.fromExtendedKey(xpub) as HDNodeVoidWallet).deriveChild(i);
        expect(new XpubDeriver(xpub).tronAddress(i)).toBe(tronAddressOfPublicKey(node.publicKey));
      }),
      { numRuns: 60 },
    );
  });

  it('gives the signers the private key HDNodeWallet gives for the same path', () => {
    fc.assert(
      fc.property(phraseIndex, fc.constantFrom(60, 195), account, index, (p, coin, a, i) => {
        const path = `m/44'/${coin}'/${a}'/0/${i}`;
        expect(privateKeyAt(seeds[p]!, path)).toBe(
          HDNodeWallet.fromPhrase(phrases[p]!, undefined, path).privateKey,
        );
      }),
      { numRuns: 30 },
    );
  });

  it('derives the same child public key from the xpub as from the private key', () => {
    fc.assert(
      fc.property(phraseIndex, account, index, (p, a, i) => {
        const path = `m/44'/60'/${a}'/0`;
        const fromPrivate = HDNodeWallet.fromPhrase(phrases[p]!, undefined, `${path}/${i}`).publicKey;
        expect(new XpubDeriver(extendedPublicKeyAt(seeds[p]!, path)).publicKey(i)).toBe(fromPrivate);
      }),
      { numRuns: 30 },
    );
  });

  it('refuses a private extended key, a damaged one, and an index out of range', () => {
    const xprv = HDNodeWallet.fromPhrase(phrases[0]!, undefined, "m/44'/60'/0'/0").extendedKey;
    expect(() => new XpubDeriver(xprv)).toThrow(/public/);
    const xpub = ethersXpub(phrases[0]!, "m/44'/60'/0'/0");
    const damaged = encodeBase58(toBeHex(decodeBase58(xpub) ^ (1n << 200n), 82));
    expect(() => new XpubDeriver(damaged)).toThrow(/checksum/);
    expect(() => new XpubDeriver('xpub-not-base58')).toThrow();
    const deriver = new XpubDeriver(xpub);
    expect(() => deriver.evmAddress(2 ** 31)).toThrow(RangeError);
    expect(() => deriver.evmAddress(-1)).toThrow(RangeError);
    expect(() => extendedPublicKeyAt(seeds[0]!, "44'/60'")).toThrow(/path/);
  });

  it('makes 24-word phrases that round-trip to the same seed', () => {
    const phrase = newMnemonicPhrase(new Uint8Array(32).fill(7));
    expect(phrase.split(' ')).toHaveLength(24);
    expect(Buffer.from(seedOfPhrase(phrase)).toString('hex')).toBe(
      Mnemonic.fromPhrase(phrase).computeSeed().slice(2),
    );
  });
});

import fc from 'fast-check';
import { computeAddress, encodeBase58, getAddress, sha256 } from 'ethers';
import { TronWeb } from 'tronweb';
import {
  ANY_ADDRESS_FORMAT,
  checkAddress,
  checkEvmAddress,
  checkTronAddress,
  isEvmAddress,
  isTronAddress,
  tronAccountNumber,
} from '../../../shared/domain/chains/addresses';
import { isTronAddress as adapterIsTronAddress } from '../../../shared/adapters/tron/tron-address';
import { normalizeAddress } from '../../../shared/domain/withdrawal/policy';

const TRON = 'TWer2Ygk5TEheHp3TPuYeqxmB6SsGZmaL6';
const TRON_HEX = '41e2e1a54926527fbb4e4420de4c6bab82beaee24d';
const EVM = '0xe2E1a54926527Fbb4E4420DE4c6BAb82beAEE24D';

/** base58check of `version` + 20 account bytes, as TRON spells addresses. */
function base58check(version: number, account: string): string {
  const body = `0x${version.toString(16).padStart(2, '0')}${account}`;
  return encodeBase58(`${body}${sha256(sha256(body)).slice(2, 10)}`);
}

describe('the TRON address validator (one for every caller)', () => {
  it('accepts a base58check address with version byte 0x41, as given', () => {
    expect(checkTronAddress(TRON)).toEqual({ ok: true, address: TRON });
    expect(base58check(0x41, TRON_HEX.slice(2))).toBe(TRON);
    expect(isTronAddress('T9yD14Nj9j7xAB4dbGeiX9h8unkKHxuWwb')).toBe(true); // the zero account
  });

  it('refuses a wrong checksum', () => {
    expect(checkTronAddress('TWer2Ygk5TEheHp3TPuYeqxmB6SsGZmaL7')).toEqual({
      ok: false,
      problem: 'TRON address checksum does not match',
    });
  });

  it('refuses a valid base58check with another version byte, and other prefixes', () => {
    const version42 = base58check(0x42, '00'.repeat(20));
    expect(version42).toMatch(/^T/);
    expect(checkTronAddress(version42)).toEqual({
      ok: false,
      problem: 'Not a TRON mainnet-format address (version byte 0x41)',
    });
    const notT = { ok: false, problem: 'Not a TRON base58 address (T…, 34 characters)' };
    expect(checkTronAddress('1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2')).toEqual(notT); // Bitcoin
    expect(checkTronAddress(`t${TRON.slice(1)}`)).toEqual(notT); // base58 is case-sensitive
    expect(checkTronAddress(`${TRON}1`)).toEqual(notT);
  });

  it('refuses the hex forms (41-hex and 0x) and the empty string', () => {
    const notT = { ok: false, problem: 'Not a TRON base58 address (T…, 34 characters)' };
    expect(checkTronAddress(TRON_HEX)).toEqual(notT);
    expect(checkTronAddress(EVM)).toEqual(notT);
    expect(checkTronAddress('')).toEqual(notT);
  });

  it('agrees with tronweb on random keys and on one-character typos', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.nat(33), (seed, at) => {
        const key = `0x${Buffer.from(seed).toString('hex')}`;
        fc.pre(BigInt(key) > 0n);
        const address = TronWeb.address.fromHex(`41${computeAddress(key).slice(2)}`) as string;
        expect(isTronAddress(address)).toBe(true);
        const c = address[at + 1] === 'z' ? 'y' : 'z';
        const typo = `${address.slice(0, at + 1)}${c}${address.slice(at + 2)}`;
        expect(isTronAddress(typo)).toBe(TronWeb.isAddress(typo));
      }),
      { numRuns: 50 },
    );
  });

  it('is the validator the TRON adapter and the withdrawal policy use', () => {
    expect(adapterIsTronAddress).toBe(isTronAddress);
    expect(normalizeAddress('TRON', TRON)).toBe(TRON);
    expect(() => normalizeAddress('TRON', 'TWer2Ygk5TEheHp3TPuYeqxmB6SsGZmaL7', 'to')).toThrow(
      expect.objectContaining({
        code: 'VALIDATION_FAILED',
        fields: [{ path: 'to', message: 'TRON address checksum does not match' }],
      }),
    );
    expect(tronAccountNumber(TRON)).toBe(BigInt(`0x${TRON_HEX.slice(2)}`));
  });
});

describe('the EVM address validator (one for every caller)', () => {
  it('accepts checksummed, all-lower and all-upper forms and returns the checksummed one', () => {
    expect(checkEvmAddress(EVM)).toEqual({ ok: true, address: EVM });
    expect(checkEvmAddress(EVM.toLowerCase())).toEqual({ ok: true, address: EVM });
    expect(checkEvmAddress(`0x${EVM.slice(2).toUpperCase()}`)).toEqual({ ok: true, address: EVM });
    expect(getAddress(EVM)).toBe(EVM);
  });

  it('refuses a mixed-case address with a wrong checksum', () => {
    const typo = `${EVM.slice(0, 3)}${EVM[3] === 'E' ? 'e' : 'E'}${EVM.slice(4)}`;
    expect(checkEvmAddress(typo)).toEqual({
      ok: false,
      problem: 'EIP-55 checksum does not match (check the address for typos)',
    });
  });

  it('refuses a wrong prefix, a wrong length, the TRON forms and the empty string', () => {
    const notEvm = { ok: false, problem: 'Not an EVM address (0x followed by 40 hex characters)' };
    for (const bad of [EVM.slice(2), `0X${EVM.slice(2)}`, `${EVM}00`, EVM.slice(0, 41), TRON, TRON_HEX, ''])
      expect(checkEvmAddress(bad)).toEqual(notEvm);
    expect(isEvmAddress(EVM)).toBe(true);
  });

  it('picks the validator by chain family; the shape filter takes either family', () => {
    expect(checkAddress('EVM', EVM.toLowerCase())).toEqual({ ok: true, address: EVM });
    expect(checkAddress('TRON', TRON)).toEqual({ ok: true, address: TRON });
    expect(checkAddress('TRON', EVM).ok).toBe(false);
    expect([EVM, TRON].every((a) => ANY_ADDRESS_FORMAT.test(a))).toBe(true);
    expect([TRON_HEX, '', `${EVM} `].some((a) => ANY_ADDRESS_FORMAT.test(a))).toBe(false);
  });
});

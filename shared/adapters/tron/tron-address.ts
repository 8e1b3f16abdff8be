import { computeAddress } from 'ethers';
import { TronWeb } from 'tronweb';
import { isTronAddress } from '../../domain/chains/addresses';

/**
 * TRON addresses: 21 bytes, `0x41` followed by the same 20 bytes an EVM address takes from
 * keccak256(uncompressed secp256k1 public key), shown as base58check (`T…`, 34 characters).
 * The gateway stores and reports base58; the node API speaks 41-hex.
 */
const HEX41_ADDRESS = /^41[0-9a-fA-F]{40}$/;

/** A base58 TRON address with a valid checksum (case-sensitive, as base58 is): the domain's validator. */
export { isTronAddress };

/** base58 → lower-case 41-hex; throws on an invalid address or checksum. */
export function tronHex(address: string): string {
  if (HEX41_ADDRESS.test(address)) return address.toLowerCase();
  if (!isTronAddress(address)) throw new Error(`Not a valid TRON address: ${address}`);
  return (TronWeb.address.toHex(address) as string).toLowerCase();
}

/** 41-hex (or a 20-byte 0x-hex / bare hex) → base58. */
export function tronBase58(address: string): string {
  const hex = address.replace(/^0x/i, '');
  if (/^[0-9a-fA-F]{40}$/.test(hex)) return TronWeb.address.fromHex(`41${hex}`) as string;
  if (HEX41_ADDRESS.test(hex)) return TronWeb.address.fromHex(hex) as string;
  if (isTronAddress(address)) return address;
  throw new Error(`Not a TRON address: ${address}`);
}

/** The TRON address of a secp256k1 public key (compressed or not). */
export function tronAddressOfPublicKey(publicKey: string): string {
  return tronBase58(computeAddress(publicKey));
}

/** Any form (base58 or 41-hex) → canonical base58, or undefined when it is not a TRON address. */
export function normalizeTronAddress(value: string): string | undefined {
  try {
    return tronBase58(value);
  } catch {
    return undefined;
  }
}

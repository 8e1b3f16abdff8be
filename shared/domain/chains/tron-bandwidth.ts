/**
 * TRON bandwidth: every transaction needs bandwidth for its bytes. Free daily bandwidth (or staked
 * bandwidth) pays it entirely when there is enough of it; otherwise the whole size is burned at the
 * chain's price (getTransactionFee, sun per byte) — a partial cover does not count.
 */

/**
 * Bandwidth of a transaction as java-tron counts it: the serialized Transaction (raw data and one
 * 65-byte signature, each with its protobuf tag and length) plus 64 bytes for the result.
 */
const SIGNATURE_FIELD_BYTES = 1 + 1 + 65;
const RESULT_BYTES = 64;

/** Bytes of the transaction once signed once (`rawDataHex`: its raw_data_hex). */
export function tronTxBytes(rawDataHex: string): number {
  const raw = rawDataHex.length / 2;
  let lengthBytes = 1;
  for (let n = raw; n >= 0x80; n >>= 7) lengthBytes += 1;
  return 1 + lengthBytes + raw + SIGNATURE_FIELD_BYTES + RESULT_BYTES;
}

/** TRX (sun) burned for `bytes` of bandwidth: none when the bandwidth available covers them all. */
export function tronBandwidthSun(input: {
  readonly bytes: number;
  readonly bandwidthAvailable: number;
  readonly sunPerByte: bigint;
}): bigint {
  if (!Number.isInteger(input.bytes) || input.bytes <= 0) throw new RangeError('bytes must be positive');
  if (input.bandwidthAvailable >= input.bytes) return 0n;
  return BigInt(input.bytes) * input.sunPerByte;
}

import { createHash } from 'node:crypto';
import { tronHex } from './tron-address';
import type { TronUnsignedTransaction } from './tron-signer';

/**
 * TRON transactions built locally, without tronweb (docs/adr/0028-tron-transaction-builder.md): the
 * five contracts the gateway sends, each the same JSON, `raw_data_hex` and `txID` as tronweb's
 * TransactionBuilder makes with a block header given (tests/unit/tron/tron-transaction-builder.test.ts
 * proves it property by property). `raw_data_hex` is the protobuf of `protocol.Transaction.raw`
 * (core/Tron.proto) and `txID` its sha256; the JSON `raw_data` is what a node rebuilds the transaction
 * from on broadcast, so both must say the same thing.
 *
 * Amounts are bigint. The int64 sun fields (amount, frozen_balance, balance, fee_limit) are refused
 * above 2^53-1: the JSON carries them as numbers, and a JS number is not exact beyond that (tronweb
 * would round them silently; 2^53 sun is 9 billion TRX). TRC-20 amounts are call data: any uint256.
 */

/** The TaPoS reference and validity window: the head block's, as tronweb's `blockHeader` option. */
export interface TronBlockReference {
  /** Bytes 6–7 of the reference block's number (4 hex digits). */
  readonly ref_block_bytes: string;
  /** Bytes 8–15 of the reference block's id (16 hex digits). */
  readonly ref_block_hash: string;
  /** ms since the epoch */
  readonly expiration: number;
  /** ms since the epoch */
  readonly timestamp: number;
}

type ContractType =
  | 'TransferContract'
  | 'TriggerSmartContract'
  | 'FreezeBalanceV2Contract'
  | 'DelegateResourceContract'
  | 'UnDelegateResourceContract';

/** `Transaction.Contract.ContractType` numbers (core/Tron.proto). */
const CONTRACT_TYPE: Readonly<Record<ContractType, number>> = {
  TransferContract: 1,
  TriggerSmartContract: 31,
  FreezeBalanceV2Contract: 54,
  DelegateResourceContract: 57,
  UnDelegateResourceContract: 58,
};
/** `ResourceCode.ENERGY` (core/contract/common.proto); BANDWIDTH is 0. */
const RESOURCE_ENERGY = 1;

export interface TronRawData {
  readonly contract: readonly [
    {
      readonly parameter: {
        readonly value: Readonly<Record<string, string | number>>;
        readonly type_url: string;
      };
      readonly type: ContractType;
    },
  ];
  readonly ref_block_bytes: string;
  readonly ref_block_hash: string;
  readonly expiration: number;
  readonly timestamp: number;
  readonly fee_limit?: number;
}

export interface TronBuiltTransaction extends TronUnsignedTransaction {
  readonly visible: false;
  readonly raw_data: TronRawData;
}

/** TRX from `owner` to `to` (tronweb `sendTrx`). */
export function buildTransferContract(
  p: { readonly owner: string; readonly to: string; readonly sun: bigint },
  ref: TronBlockReference,
): TronBuiltTransaction {
  const owner = tronHex(p.owner);
  const to = tronHex(p.to);
  if (owner === to) throw new Error('Cannot transfer TRX to the same account');
  const amount = sunAmount('amount', p.sun);
  return transaction(
    'TransferContract',
    { to_address: to, owner_address: owner, amount },
    new ProtoWriter().bytes(1, owner).bytes(2, to).int64(3, p.sun),
    ref,
  );
}

/**
 * A contract call with no TRX attached (tronweb `triggerSmartContract` with `txLocal`): `data` is the
 * call data in hex (selector and ABI-encoded arguments, see `trc20TransferCallData`).
 */
export function buildTriggerSmartContract(
  p: {
    readonly owner: string;
    readonly contract: string;
    readonly data: string;
    readonly feeLimitSun: bigint;
  },
  ref: TronBlockReference,
): TronBuiltTransaction {
  const owner = tronHex(p.owner);
  const contract = tronHex(p.contract);
  const data = p.data.replace(/^0x/i, '').toLowerCase();
  if (!/^(?:[0-9a-f]{2})+$/.test(data)) throw new Error('call data must be whole bytes of hex');
  const feeLimit = sunAmount('fee_limit', p.feeLimitSun);
  return transaction(
    'TriggerSmartContract',
    { data, owner_address: owner, contract_address: contract },
    new ProtoWriter().bytes(1, owner).bytes(2, contract).bytes(4, data),
    ref,
    feeLimit,
  );
}

/** `transfer(address,uint256)` call data: selector a9059cbb, the 20-byte account and the amount, 32 bytes each. */
export function trc20TransferCallData(to: string, amount: bigint): string {
  if (amount < 0n || amount >= 2n ** 256n) throw new RangeError(`${amount} is not a uint256`);
  return `a9059cbb${tronHex(to).slice(2).padStart(64, '0')}${amount.toString(16).padStart(64, '0')}`;
}

/** Stake `sun` for ENERGY (Stake 2.0, tronweb `freezeBalanceV2`). */
export function buildFreezeBalanceV2(
  p: { readonly owner: string; readonly sun: bigint },
  ref: TronBlockReference,
): TronBuiltTransaction {
  const owner = tronHex(p.owner);
  const frozen = sunAmount('frozen_balance', p.sun);
  return transaction(
    'FreezeBalanceV2Contract',
    { owner_address: owner, frozen_balance: frozen, resource: 'ENERGY' },
    new ProtoWriter().bytes(1, owner).int64(2, p.sun).int64(3, RESOURCE_ENERGY),
    ref,
  );
}

/** Lend the ENERGY of `sun` staked to `receiver`, without a lock (tronweb `delegateResource`). */
export function buildDelegateResource(
  p: { readonly owner: string; readonly receiver: string; readonly sun: bigint },
  ref: TronBlockReference,
): TronBuiltTransaction {
  return resourceDelegation('DelegateResourceContract', p, ref);
}

/** Take back the ENERGY of `sun` lent to `receiver` (tronweb `undelegateResource`). */
export function buildUnDelegateResource(
  p: { readonly owner: string; readonly receiver: string; readonly sun: bigint },
  ref: TronBlockReference,
): TronBuiltTransaction {
  return resourceDelegation('UnDelegateResourceContract', p, ref);
}

/** Both share their first four fields; `lock` (5) and `lock_period` (6) are false/0, so absent. */
function resourceDelegation(
  type: 'DelegateResourceContract' | 'UnDelegateResourceContract',
  p: { readonly owner: string; readonly receiver: string; readonly sun: bigint },
  ref: TronBlockReference,
): TronBuiltTransaction {
  const owner = tronHex(p.owner);
  const receiver = tronHex(p.receiver);
  if (owner === receiver) throw new Error('Cannot delegate to or reclaim from the same account');
  const balance = sunAmount('balance', p.sun);
  return transaction(
    type,
    { owner_address: owner, receiver_address: receiver, balance, resource: 'ENERGY' },
    new ProtoWriter().bytes(1, owner).int64(2, RESOURCE_ENERGY).int64(3, p.sun).bytes(4, receiver),
    ref,
  );
}

/**
 * `Transaction.raw` around one contract: ref_block_bytes (1), ref_block_hash (4), expiration (8),
 * contract (11: type 1, parameter 2 = `google.protobuf.Any` {type_url 1, value 2}), timestamp (14),
 * fee_limit (18) — in field order, as protobuf serializers write them.
 */
function transaction(
  type: ContractType,
  value: Readonly<Record<string, string | number>>,
  message: ProtoWriter,
  ref: TronBlockReference,
  feeLimit?: number,
): TronBuiltTransaction {
  checkReference(ref);
  const typeUrl = `type.googleapis.com/protocol.${type}`;
  const any = new ProtoWriter().string(1, typeUrl).message(2, message);
  const contract = new ProtoWriter().int64(1, CONTRACT_TYPE[type]).message(2, any);
  const raw = new ProtoWriter()
    .bytes(1, ref.ref_block_bytes)
    .bytes(4, ref.ref_block_hash)
    .int64(8, ref.expiration)
    .message(11, contract)
    .int64(14, ref.timestamp)
    .int64(18, feeLimit ?? 0)
    .finish();
  return {
    visible: false,
    txID: createHash('sha256').update(raw).digest('hex'),
    raw_data_hex: raw.toString('hex'),
    raw_data: {
      contract: [{ parameter: { value, type_url: typeUrl }, type }],
      ref_block_bytes: ref.ref_block_bytes,
      ref_block_hash: ref.ref_block_hash,
      expiration: ref.expiration,
      timestamp: ref.timestamp,
      ...(feeLimit === undefined ? {} : { fee_limit: feeLimit }),
    },
  };
}

function checkReference(ref: TronBlockReference): void {
  if (!/^[0-9a-fA-F]{4}$/.test(ref.ref_block_bytes)) throw new Error('ref_block_bytes must be 4 hex digits');
  if (!/^[0-9a-fA-F]{16}$/.test(ref.ref_block_hash)) throw new Error('ref_block_hash must be 16 hex digits');
  for (const key of ['expiration', 'timestamp'] as const)
    if (!Number.isSafeInteger(ref[key]) || ref[key] < 0)
      throw new Error(`${key} must be a whole number of ms`);
}

/** A positive int64 sun field that the JSON (a number) carries exactly. */
function sunAmount(field: string, sun: bigint): number {
  if (sun <= 0n) throw new RangeError(`${field} must be positive, got ${sun}`);
  if (sun > BigInt(Number.MAX_SAFE_INTEGER))
    throw new RangeError(`${field} ${sun} is above 2^53-1: the transaction's JSON cannot carry it exactly`);
  return Number(sun);
}

/**
 * The proto3 wire format, as much as these messages use: varints (wire type 0) for int64, enums and
 * bools, length-delimited (2) for bytes, strings and messages. Default values (0, empty) are not
 * written, as proto3 serializers do not write them; fields must be added in field-number order.
 */
class ProtoWriter {
  private readonly chunks: Buffer[] = [];

  /** A non-negative int64 (or enum); 0 is omitted. */
  int64(field: number, value: bigint | number): this {
    const v = BigInt(value);
    if (v < 0n || v >= 2n ** 63n) throw new RangeError(`field ${field}: ${v} is not a non-negative int64`);
    if (v !== 0n) this.chunks.push(varint(BigInt(field << 3)), varint(v));
    return this;
  }

  /** Hex bytes; empty is omitted. */
  bytes(field: number, hex: string): this {
    return this.delimited(field, Buffer.from(hex, 'hex'));
  }

  string(field: number, text: string): this {
    return this.delimited(field, Buffer.from(text, 'utf8'));
  }

  message(field: number, inner: ProtoWriter): this {
    return this.delimited(field, inner.finish());
  }

  finish(): Buffer {
    return Buffer.concat(this.chunks);
  }

  private delimited(field: number, body: Buffer): this {
    if (body.length > 0)
      this.chunks.push(varint(BigInt((field << 3) | 2)), varint(BigInt(body.length)), body);
    return this;
  }
}

/** Base-128, least significant group first, the high bit set on every byte but the last. */
function varint(value: bigint): Buffer {
  const out: number[] = [];
  let v = value;
  while (v >= 0x80n) {
    out.push(Number(v & 0x7fn) | 0x80);
    v >>= 7n;
  }
  out.push(Number(v));
  return Buffer.from(out);
}

import type { NetworkConfig, TokenSymbol } from '../../config/networks';
import { TronChainReader } from './tron-chain-reader';
import { TronNodeClient, tronMessage } from './tron-node-client';
import type { TronNode, TronNodeClientOptions } from './tron-node-client';
import type { TronSignedTransaction, TronUnsignedTransaction } from './tron-signer';
import {
  buildDelegateResource,
  buildFreezeBalanceV2,
  buildTransferContract,
  buildTriggerSmartContract,
  buildUnDelegateResource,
  trc20TransferCallData,
} from './tron-transaction-builder';
import type { TronBlockReference } from './tron-transaction-builder';
import type { TronBlockJson } from './tron-transfer-scanner';
import type { TronBroadcastOutcome } from './tron-chain-reader';

export type { TronBroadcastOutcome, TronResources, TronTxOutcome } from './tron-chain-reader';

/**
 * What the sweeper (and the withdrawal pipeline) need from a TRON node beyond deposit scanning:
 * accounts and resources, TRC-20 balances and energy estimates, transactions built locally without
 * tronweb (tron-transaction-builder.ts; TaPoS reference = the head block, expiration `expirationMs`
 * later), broadcast, and the outcome of a transaction (its info plus `contractRet`) with the block it
 * is in.
 *
 * Building locally means no node is trusted to assemble what we sign: the txID is sha256 of the
 * raw_data we built, and a signer signs exactly that (see tron-signer.ts).
 */
export interface TronChainGatewayOptions extends TronNodeClientOptions {
  /** How long a built transaction stays valid (TRON allows up to 24 h). Default 10 minutes. */
  readonly expirationMs?: number;
}

const DEFAULT_EXPIRATION_MS = 10 * 60_000;

/** The reads of `TronChainReader`, plus building (without tronweb) and broadcasting transactions. */
export class TronChainGateway extends TronChainReader {
  private readonly expirationMs: number;

  constructor(config: NetworkConfig, node: TronNode, options: { readonly expirationMs?: number } = {}) {
    super(config, node);
    this.expirationMs = Math.min(24 * 3_600_000 - 60_000, options.expirationMs ?? DEFAULT_EXPIRATION_MS);
  }

  static override connect(config: NetworkConfig, options: TronChainGatewayOptions = {}): TronChainGateway {
    return new TronChainGateway(config, TronNodeClient.forNetwork(config, options), options);
  }

  buildTrxTransfer(from: string, to: string, sun: bigint): Promise<TronUnsignedTransaction> {
    return this.build((ref) => buildTransferContract({ owner: from, to, sun }, ref));
  }

  async buildTokenTransfer(
    token: TokenSymbol,
    from: string,
    to: string,
    amount: bigint,
    feeLimitSun: bigint,
  ): Promise<TronUnsignedTransaction> {
    const contract = this.tokenAddress(token);
    const data = trc20TransferCallData(to, amount);
    return this.build((ref) => buildTriggerSmartContract({ owner: from, contract, data, feeLimitSun }, ref));
  }

  buildFreezeEnergy(owner: string, sun: bigint): Promise<TronUnsignedTransaction> {
    return this.build((ref) => buildFreezeBalanceV2({ owner, sun }, ref));
  }

  buildDelegateEnergy(owner: string, receiver: string, sun: bigint): Promise<TronUnsignedTransaction> {
    return this.build((ref) => buildDelegateResource({ owner, receiver, sun }, ref));
  }

  buildUndelegateEnergy(owner: string, receiver: string, sun: bigint): Promise<TronUnsignedTransaction> {
    return this.build((ref) => buildUnDelegateResource({ owner, receiver, sun }, ref));
  }

  async broadcast(tx: TronSignedTransaction): Promise<TronBroadcastOutcome> {
    const out = await this.node.post<{ result?: boolean; code?: string; message?: string }>(
      '/wallet/broadcasttransaction',
      tx as unknown as Record<string, unknown>,
    );
    if (out.result === true) return { status: 'ACCEPTED' };
    const code = out.code ?? 'OTHER_ERROR';
    if (code === 'DUP_TRANSACTION_ERROR') return { status: 'ALREADY_KNOWN' };
    return { status: 'REJECTED', code, message: tronMessage(out.message) };
  }

  /** Builds against the head block: TaPoS reference from it, expiration `expirationMs` after it. */
  private async build(
    make: (ref: TronBlockReference) => TronUnsignedTransaction,
  ): Promise<TronUnsignedTransaction> {
    const head = await this.node.post<TronBlockJson>('/wallet/getblock', { detail: false });
    const number = head.block_header?.raw_data?.number;
    const timestamp = head.block_header?.raw_data?.timestamp;
    if (number === undefined || timestamp === undefined || !head.blockID)
      throw new Error('the node returned no head block');
    return make({
      ref_block_bytes: (number & 0xffff).toString(16).padStart(4, '0'),
      ref_block_hash: head.blockID.slice(16, 32),
      expiration: timestamp + this.expirationMs,
      timestamp,
    });
  }
}

import { TronWeb } from 'tronweb';
import type { NetworkConfig, TokenSymbol } from '../../config/networks';
import { tronBase58 } from './tron-address';
import { TronChainReader } from './tron-chain-reader';
import { TronNodeClient, tronMessage } from './tron-node-client';
import type { TronNode, TronNodeClientOptions } from './tron-node-client';
import type { TronSignedTransaction, TronUnsignedTransaction } from './tron-signer';
import type { TronBlockJson } from './tron-transfer-scanner';
import type { TronBroadcastOutcome } from './tron-chain-reader';

export type { TronBroadcastOutcome, TronResources, TronTxOutcome } from './tron-chain-reader';

/**
 * What the sweeper (and the withdrawal pipeline) need from a TRON node beyond deposit scanning:
 * accounts and resources, TRC-20 balances and energy estimates, transactions built locally with tronweb
 * (TaPoS reference = the head block, expiration `expirationMs` later), broadcast, and the outcome of a
 * transaction (its info plus `contractRet`) with the block it is in.
 *
 * Building locally means no node is trusted to assemble what we sign: the txID is sha256 of the
 * raw_data we built, and a signer signs exactly that (see tron-signer.ts).
 */
export interface TronChainGatewayOptions extends TronNodeClientOptions {
  /** How long a built transaction stays valid (TRON allows up to 24 h). Default 10 minutes. */
  readonly expirationMs?: number;
}

const DEFAULT_EXPIRATION_MS = 10 * 60_000;

/** The reads of `TronChainReader`, plus building (tronweb) and broadcasting transactions. */
export class TronChainGateway extends TronChainReader {
  private readonly builder: TronWeb;
  private readonly expirationMs: number;

  constructor(config: NetworkConfig, node: TronNode, options: { readonly expirationMs?: number } = {}) {
    super(config, node);
    // Used to build transactions only; every build passes a block header, so it never calls a node.
    this.builder = new TronWeb({ fullHost: config.rpcUrls[0] ?? 'http://127.0.0.1:1' });
    this.expirationMs = Math.min(24 * 3_600_000 - 60_000, options.expirationMs ?? DEFAULT_EXPIRATION_MS);
  }

  static override connect(config: NetworkConfig, options: TronChainGatewayOptions = {}): TronChainGateway {
    return new TronChainGateway(config, TronNodeClient.forNetwork(config, options), options);
  }

  buildTrxTransfer(from: string, to: string, sun: bigint): Promise<TronUnsignedTransaction> {
    return this.build((header) =>
      this.builder.transactionBuilder.sendTrx(tronBase58(to), Number(sun), tronBase58(from), header),
    );
  }

  buildTokenTransfer(
    token: TokenSymbol,
    from: string,
    to: string,
    amount: bigint,
    feeLimitSun: bigint,
  ): Promise<TronUnsignedTransaction> {
    return this.build(async (header) => {
      const out = await this.builder.transactionBuilder.triggerSmartContract(
        this.tokenAddress(token),
        'transfer(address,uint256)',
        { feeLimit: Number(feeLimitSun), txLocal: true, blockHeader: header.blockHeader } as never,
        [
          { type: 'address', value: tronBase58(to) },
          { type: 'uint256', value: amount.toString() },
        ],
        tronBase58(from),
      );
      return out.transaction;
    });
  }

  buildFreezeEnergy(owner: string, sun: bigint): Promise<TronUnsignedTransaction> {
    return this.build((header) =>
      this.builder.transactionBuilder.freezeBalanceV2(Number(sun), 'ENERGY', tronBase58(owner), header),
    );
  }

  buildDelegateEnergy(owner: string, receiver: string, sun: bigint): Promise<TronUnsignedTransaction> {
    return this.build((header) =>
      this.builder.transactionBuilder.delegateResource(
        Number(sun),
        tronBase58(receiver),
        'ENERGY',
        tronBase58(owner),
        false,
        undefined,
        header,
      ),
    );
  }

  buildUndelegateEnergy(owner: string, receiver: string, sun: bigint): Promise<TronUnsignedTransaction> {
    return this.build((header) =>
      this.builder.transactionBuilder.undelegateResource(
        Number(sun),
        tronBase58(receiver),
        'ENERGY',
        tronBase58(owner),
        header,
      ),
    );
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

  private async build(
    make: (header: { blockHeader: BlockHeader }) => Promise<unknown>,
  ): Promise<TronUnsignedTransaction> {
    const head = await this.node.post<TronBlockJson>('/wallet/getblock', { detail: false });
    const number = head.block_header?.raw_data?.number;
    const timestamp = head.block_header?.raw_data?.timestamp;
    if (number === undefined || timestamp === undefined || !head.blockID)
      throw new Error('the node returned no head block');
    const blockHeader: BlockHeader = {
      ref_block_bytes: (number & 0xffff).toString(16).padStart(4, '0'),
      ref_block_hash: head.blockID.slice(16, 32),
      expiration: timestamp + this.expirationMs,
      timestamp,
    };
    return (await make({ blockHeader })) as TronUnsignedTransaction;
  }
}

interface BlockHeader {
  readonly ref_block_bytes: string;
  readonly ref_block_hash: string;
  readonly expiration: number;
  readonly timestamp: number;
}

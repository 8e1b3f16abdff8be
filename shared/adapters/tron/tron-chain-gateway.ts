import { TronWeb } from 'tronweb';
import type { NetworkConfig, TokenSymbol } from '../../config/networks';
import type { ChainHeadInfo } from '../../ports/evm-transfers';
import { tronBase58, tronHex } from './tron-address';
import { TronNodeClient, tronMessage } from './tron-node-client';
import type { TronNode, TronNodeClientOptions } from './tron-node-client';
import type { TronSignedTransaction, TronUnsignedTransaction } from './tron-signer';
import type { TronBlockJson, TronTxInfoJson } from './tron-transfer-scanner';

/**
 * What the sweeper (and the withdrawal pipeline) need from a TRON node beyond deposit scanning:
 * accounts and resources, TRC-20 balances and energy estimates, transactions built locally with tronweb
 * (TaPoS reference = the head block, expiration `expirationMs` later), broadcast, and the outcome of a
 * transaction (its info plus `contractRet`) with the block it is in.
 *
 * Building locally means no node is trusted to assemble what we sign: the txID is sha256 of the
 * raw_data we built, and a signer signs exactly that (see tron-signer.ts).
 */
export type TronBroadcastOutcome =
  | { readonly status: 'ACCEPTED' }
  /** The node has it already (a re-send after a crash). */
  | { readonly status: 'ALREADY_KNOWN' }
  | { readonly status: 'REJECTED'; readonly code: string; readonly message: string };

export interface TronTxOutcome {
  readonly txId: string;
  readonly blockNumber: number;
  readonly blockHash: string | undefined;
  readonly blockTime: string;
  /** contractRet SUCCESS, receipt SUCCESS, no FAILED result. */
  readonly success: boolean;
  readonly result: string;
  /** Everything the sender burned (energy + bandwidth + account creation), sun. */
  readonly feeSun: bigint;
  readonly energyFromStake: number;
  readonly energyBurnedSun: bigint;
  readonly energyTotal: number;
  readonly netFeeSun: bigint;
}

export interface TronResources {
  readonly energyLimit: number;
  readonly energyUsed: number;
  readonly energyAvailable: number;
  readonly freeNetAvailable: number;
  readonly netAvailable: number;
}

export interface TronChainGatewayOptions extends TronNodeClientOptions {
  /** How long a built transaction stays valid (TRON allows up to 24 h). Default 10 minutes. */
  readonly expirationMs?: number;
}

const DEFAULT_EXPIRATION_MS = 10 * 60_000;

export class TronChainGateway {
  readonly network: 'TRON';
  readonly nativeAsset = 'TRX@TRON';
  readonly nativeDecimals = 6;
  private readonly builder: TronWeb;
  private readonly expirationMs: number;

  constructor(
    private readonly config: NetworkConfig,
    readonly node: TronNode,
    options: { readonly expirationMs?: number } = {},
  ) {
    if (config.family !== 'TRON') throw new Error(`${config.code} is not a TRON network`);
    this.network = 'TRON';
    // Used to build transactions only; every build passes a block header, so it never calls a node.
    this.builder = new TronWeb({ fullHost: config.rpcUrls[0] ?? 'http://127.0.0.1:1' });
    this.expirationMs = Math.min(24 * 3_600_000 - 60_000, options.expirationMs ?? DEFAULT_EXPIRATION_MS);
  }

  static connect(config: NetworkConfig, options: TronChainGatewayOptions = {}): TronChainGateway {
    return new TronChainGateway(config, TronNodeClient.forNetwork(config, options), options);
  }

  tokenAddress(token: TokenSymbol): string {
    const t = this.config.tokens[token];
    if (!t) throw new Error(`${token} is not configured on ${this.config.code}`);
    return t.address;
  }

  async head(): Promise<ChainHeadInfo & { readonly timestamp: number }> {
    const [latest, solid] = await Promise.all([
      this.node.post<TronBlockJson>('/wallet/getblock', { detail: false }),
      this.node.post<TronBlockJson>('/walletsolidity/getnowblock'),
    ]);
    const n = latest.block_header?.raw_data?.number ?? 0;
    return {
      latest: n,
      finalized: Math.min(n, solid.block_header?.raw_data?.number ?? 0),
      timestamp: latest.block_header?.raw_data?.timestamp ?? 0,
    };
  }

  async blockHash(blockNumber: number): Promise<string | undefined> {
    const b = await this.node.post<TronBlockJson>('/wallet/getblock', {
      id_or_num: String(blockNumber),
      detail: false,
    });
    return b.blockID?.toLowerCase();
  }

  /** Whether the account exists on chain (is activated) and its TRX balance in sun. */
  async account(address: string): Promise<{ readonly exists: boolean; readonly balanceSun: bigint }> {
    const a = await this.node.post<{ address?: string; balance?: number }>('/wallet/getaccount', {
      address: tronHex(address),
    });
    return { exists: Boolean(a.address), balanceSun: BigInt(a.balance ?? 0) };
  }

  async resources(address: string): Promise<TronResources> {
    const r = await this.node.post<Record<string, number | undefined>>('/wallet/getaccountresource', {
      address: tronHex(address),
    });
    const energyLimit = r['EnergyLimit'] ?? 0;
    const energyUsed = r['EnergyUsed'] ?? 0;
    return {
      energyLimit,
      energyUsed,
      energyAvailable: Math.max(0, energyLimit - energyUsed),
      freeNetAvailable: Math.max(0, (r['freeNetLimit'] ?? 0) - (r['freeNetUsed'] ?? 0)),
      netAvailable: Math.max(0, (r['NetLimit'] ?? 0) - (r['NetUsed'] ?? 0)),
    };
  }

  /** Sun per unit of energy burned (chain parameter getEnergyFee). */
  async energyPriceSun(): Promise<bigint> {
    return this.chainParameter('getEnergyFee');
  }

  /** Sun per byte of bandwidth burned (chain parameter getTransactionFee). */
  async bandwidthPriceSun(): Promise<bigint> {
    return this.chainParameter('getTransactionFee');
  }

  private async chainParameter(key: string): Promise<bigint> {
    const p = await this.node.post<{ chainParameter?: { key: string; value?: number }[] }>(
      '/wallet/getchainparameters',
    );
    const fee = p.chainParameter?.find((c) => c.key === key)?.value;
    if (fee === undefined) throw new Error(`the node did not report ${key}`);
    return BigInt(fee);
  }

  async tokenBalance(token: TokenSymbol, address: string): Promise<bigint> {
    const out = await this.constant(token, tronHex(address), 'balanceOf(address)', word(tronHex(address)));
    return BigInt(`0x${out.constant_result?.[0] || '0'}`);
  }

  /** Energy a `transfer(to, amount)` from `from` would use now (a constant call, nothing sent). */
  async estimateTransferEnergy(
    token: TokenSymbol,
    from: string,
    to: string,
    amount: bigint,
  ): Promise<number> {
    const out = await this.constant(
      token,
      tronHex(from),
      'transfer(address,uint256)',
      word(tronHex(to)) + uint(amount),
    );
    if (!out.result?.result) throw new Error(`transfer would fail: ${tronMessage(out.result?.message)}`);
    return out.energy_used ?? 0;
  }

  /** Sun of staked TRX `owner` can still delegate for energy. */
  async delegatableEnergySun(owner: string): Promise<bigint> {
    const r = await this.node.post<{ max_size?: number }>('/wallet/getcandelegatedmaxsize', {
      owner_address: tronHex(owner),
      type: 1,
    });
    return BigInt(r.max_size ?? 0);
  }

  /** Sun of stake `from` delegates to `to` for energy right now. */
  async delegatedEnergySun(from: string, to: string): Promise<bigint> {
    const r = await this.node.post<{ delegatedResource?: { frozen_balance_for_energy?: number }[] }>(
      '/wallet/getdelegatedresourcev2',
      { fromAddress: tronHex(from), toAddress: tronHex(to) },
    );
    return BigInt(r.delegatedResource?.[0]?.frozen_balance_for_energy ?? 0);
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

  /** The transaction as mined (undefined while pending, unknown, or dropped by a fork). */
  async transaction(txId: string): Promise<TronTxOutcome | undefined> {
    const id = txId.replace(/^0x/i, '').toLowerCase();
    const info = await this.node.post<
      TronTxInfoJson & { fee?: number; receipt?: Record<string, number | string> }
    >('/wallet/gettransactioninfobyid', { value: id });
    if (info.blockNumber === undefined) return undefined;
    const [tx, blockHash] = await Promise.all([
      this.node.post<{ ret?: { contractRet?: string }[] }>('/wallet/gettransactionbyid', { value: id }),
      this.blockHash(info.blockNumber),
    ]);
    const receipt = (info.receipt ?? {}) as Record<string, number | string | undefined>;
    const contractRet = tx.ret?.[0]?.contractRet ?? 'UNKNOWN';
    const isCall = receipt['result'] !== undefined;
    const result = isCall ? String(receipt['result']) : contractRet;
    return {
      txId: id,
      blockNumber: info.blockNumber,
      blockHash,
      blockTime: new Date(info.blockTimeStamp ?? 0).toISOString(),
      success: contractRet === 'SUCCESS' && info.result !== 'FAILED' && result === 'SUCCESS',
      result,
      feeSun: BigInt(info.fee ?? 0),
      energyFromStake: Number(receipt['energy_usage'] ?? 0),
      energyBurnedSun: BigInt(receipt['energy_fee'] ?? 0),
      energyTotal: Number(receipt['energy_usage_total'] ?? 0),
      netFeeSun: BigInt(receipt['net_fee'] ?? 0),
    };
  }

  /**
   * Where a transaction stands, for trackers (sweeps, withdrawals): PENDING (not on chain yet, not
   * expired: re-send it), MINED (in a block above the solidified one), SOLIDIFIED (final; check
   * `outcome.success`), EXPIRED (not on chain and past its expiration: it can never be mined).
   */
  async follow(
    txId: string,
    expiration: number,
  ): Promise<{
    readonly state: 'PENDING' | 'MINED' | 'SOLIDIFIED' | 'EXPIRED';
    readonly outcome?: TronTxOutcome;
  }> {
    const [outcome, head] = await Promise.all([this.transaction(txId), this.head()]);
    if (!outcome) return { state: head.timestamp > expiration ? 'EXPIRED' : 'PENDING' };
    if (outcome.blockNumber > head.finalized) return { state: 'MINED', outcome };
    // Solidified only if the block we found it in is still the canonical one at that height.
    if (outcome.blockHash !== (await this.blockHash(outcome.blockNumber))) return { state: 'PENDING' };
    return { state: 'SOLIDIFIED', outcome };
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

  private constant(token: TokenSymbol, owner: string, selector: string, parameter: string) {
    return this.node.post<{
      result?: { result?: boolean; message?: string };
      energy_used?: number;
      constant_result?: string[];
    }>('/wallet/triggerconstantcontract', {
      owner_address: owner,
      contract_address: tronHex(this.tokenAddress(token)),
      function_selector: selector,
      parameter,
    });
  }
}

interface BlockHeader {
  readonly ref_block_bytes: string;
  readonly ref_block_hash: string;
  readonly expiration: number;
  readonly timestamp: number;
}

function word(address41: string): string {
  return address41.slice(2).padStart(64, '0');
}

function uint(n: bigint): string {
  return n.toString(16).padStart(64, '0');
}

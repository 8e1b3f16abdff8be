import type { NetworkConfig, TokenSymbol } from '../../config/networks';
import type { ChainHeadInfo } from '../../ports/evm-transfers';
import { tronHex } from './tron-address';
import { TronNodeClient, tronMessage } from './tron-node-client';
import type { TronNode, TronNodeClientOptions } from './tron-node-client';
import type { TronBlockJson, TronTxInfoJson } from './tron-transfer-scanner';

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
/**
 * The reads (and nothing that builds a transaction) of a TRON node: heads, accounts and resources,
 * TRC-20 balances and energy estimates, and where a transaction stands. It needs no tronweb, so a
 * function that only reads TRON (the chain-head recorder, wallet balances) does not bundle it;
 * `TronChainGateway` adds building and broadcasting (docs/adr/0025-lambda-bundles.md).
 */
export class TronChainReader {
  readonly network: 'TRON';
  readonly nativeAsset = 'TRX@TRON';
  readonly nativeDecimals = 6;

  constructor(
    protected readonly config: NetworkConfig,
    readonly node: TronNode,
  ) {
    if (config.family !== 'TRON') throw new Error(`${config.code} is not a TRON network`);
    this.network = 'TRON';
  }

  static connect(config: NetworkConfig, options: TronNodeClientOptions = {}): TronChainReader {
    return new TronChainReader(config, TronNodeClient.forNetwork(config, options));
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

function word(address41: string): string {
  return address41.slice(2).padStart(64, '0');
}

function uint(n: bigint): string {
  return n.toString(16).padStart(64, '0');
}

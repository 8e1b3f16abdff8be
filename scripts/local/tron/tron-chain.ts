import { createHash } from 'node:crypto';
import { TronWeb, Trx, utils } from 'tronweb';

/**
 * The state machine behind the local TRON stand-in: accounts (TRX in sun, TRC-10 assets, Stake 2.0
 * frozen and delegated resources, bandwidth and energy usage), built-in TRC-20 contracts, blocks,
 * the pending pool, solidification and forks. Pure in-memory; `local-tron.ts` serves it over HTTP and
 * persists it.
 *
 * Rules it follows (mainnet's, simplified where noted in the README):
 * - every transaction is checked like a node checks it: raw_data matches raw_data_hex, txID is its
 *   sha256, the signature recovers the owner, not expired, TaPoS reference block known, not a
 *   duplicate, owner account exists, and the contract validates against the pending state;
 * - bandwidth: staked/delegated bandwidth, else the free 600 a day, else 1,000 sun per byte burned;
 *   creating an account (a TRX or TRC-10 transfer to an unknown address) costs 1 TRX, and its
 *   bandwidth comes from stake only (else 0.1 TRX burned);
 * - energy: a USDT transfer costs ~65k energy to a holder and ~130k to an address with no USDT,
 *   taken from staked/delegated energy first, the rest burned at the energy price within fee_limit
 *   (OUT_OF_ENERGY otherwise); usage recovers linearly over 24 hours;
 * - a TRC-20 transfer does not activate an account; only TRX / TRC-10 transfers do.
 */

export const TRANSFER_TOPIC = 'ddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef';
export const ENERGY_TRANSFER_TO_HOLDER = 64_285;
export const ENERGY_TRANSFER_TO_EMPTY = 130_285;
export const ENERGY_APPROVE = 22_000;
export const ENERGY_REVERT = 1_500;
const SUN = 1_000_000n;
const DAY_MS = 86_400_000;

export interface TronChainParams {
  /** Blocks behind head that count as solidified. */
  readonly solidityDepth: number;
  /** Sun per unit of energy burned. */
  readonly energyFeeSun: number;
  /** Sun per byte of bandwidth burned. */
  readonly bandwidthFeeSun: number;
  readonly freeBandwidth: number;
  /** Energy a day per whole TRX staked for energy (mainnet is ~10 at the time of writing). */
  readonly energyPerTrx: number;
  /** Bandwidth a day per whole TRX staked for bandwidth. */
  readonly bandwidthPerTrx: number;
  readonly createAccountFeeSun: number;
  /** Burned for a new account's bandwidth when the sender has no staked bandwidth. */
  readonly createAccountBandwidthFeeSun: number;
}

export const DEFAULT_PARAMS: TronChainParams = {
  solidityDepth: 19,
  energyFeeSun: 100,
  bandwidthFeeSun: 1_000,
  freeBandwidth: 600,
  energyPerTrx: 10,
  bandwidthPerTrx: 1,
  createAccountFeeSun: 1_000_000,
  createAccountBandwidthFeeSun: 100_000,
};

export interface Trc20Info {
  readonly address: string;
  readonly name: string;
  readonly symbol: string;
  readonly decimals: number;
}

export interface Account {
  balance: bigint;
  createTime: number;
  assets: Record<string, bigint>;
  frozenEnergy: bigint;
  frozenBandwidth: bigint;
  delegatedOutEnergy: bigint;
  delegatedOutBandwidth: bigint;
  acquiredEnergy: bigint;
  acquiredBandwidth: bigint;
  energyUsed: number;
  energyTime: number;
  netUsed: number;
  netTime: number;
  freeNetUsed: number;
  freeNetTime: number;
}

interface Token {
  readonly info: Trc20Info;
  balances: Map<string, bigint>;
  allowances: Map<string, bigint>;
}

export interface ChainState {
  accounts: Map<string, Account>;
  tokens: Map<string, Token>;
  /** `${from}:${to}:${resource}` → sun delegated. */
  delegations: Map<string, bigint>;
}

export interface SignedTransaction {
  txID: string;
  raw_data: RawData;
  raw_data_hex: string;
  signature?: string[];
  visible?: boolean;
}

interface RawData {
  contract: {
    type: string;
    parameter: { value: Record<string, unknown>; type_url?: string };
    Permission_id?: number;
  }[];
  ref_block_bytes: string;
  ref_block_hash: string;
  expiration: number;
  timestamp?: number;
  fee_limit?: number;
}

export interface TxLog {
  readonly address: string;
  readonly topics: string[];
  readonly data: string;
}

export interface TxInfo {
  id: string;
  fee?: number;
  blockNumber: number;
  blockTimeStamp: number;
  contractResult: string[];
  contract_address?: string;
  receipt: Record<string, number | string>;
  log?: TxLog[];
  result?: 'FAILED';
  resMessage?: string;
  internal_transactions?: unknown[];
}

export interface BlockTx {
  readonly tx: SignedTransaction;
  readonly contractRet: string;
  readonly info: TxInfo;
}

export interface Block {
  readonly number: number;
  readonly blockID: string;
  readonly parentHash: string;
  readonly timestamp: number;
  readonly txs: BlockTx[];
}

export class TronTxError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'TronTxError';
  }
}

export function emptyState(): ChainState {
  return { accounts: new Map(), tokens: new Map(), delegations: new Map() };
}

export function newAccount(createTime: number): Account {
  return {
    balance: 0n,
    createTime,
    assets: {},
    frozenEnergy: 0n,
    frozenBandwidth: 0n,
    delegatedOutEnergy: 0n,
    delegatedOutBandwidth: 0n,
    acquiredEnergy: 0n,
    acquiredBandwidth: 0n,
    energyUsed: 0,
    energyTime: 0,
    netUsed: 0,
    netTime: 0,
    freeNetUsed: 0,
    freeNetTime: 0,
  };
}

/** Any address form (base58, 41-hex, 0x-hex) → lower-case 41-hex; throws on anything else. */
export function hex41(address: string): string {
  if (/^41[0-9a-fA-F]{40}$/.test(address)) return address.toLowerCase();
  if (/^0x[0-9a-fA-F]{40}$/.test(address)) return `41${address.slice(2).toLowerCase()}`;
  if (TronWeb.isAddress(address)) return TronWeb.address.toHex(address).toLowerCase();
  throw new TronTxError('INVALID_ADDRESS', `invalid address ${address}`);
}

export function base58(address41: string): string {
  return TronWeb.address.fromHex(address41);
}

function decay(used: number, since: number, now: number): number {
  if (used <= 0) return 0;
  const elapsed = Math.max(0, now - since);
  if (elapsed >= DAY_MS) return 0;
  return Math.ceil((used * (DAY_MS - elapsed)) / DAY_MS);
}

function word(hex: string, i: number): string {
  return hex.slice(i * 64, (i + 1) * 64);
}

function wordAddress(w: string): string {
  return `41${w.slice(24).toLowerCase()}`;
}

function uint256(n: bigint): string {
  return n.toString(16).padStart(64, '0');
}

function abiString(s: string): string {
  const bytes = Buffer.from(s, 'utf8');
  return uint256(32n) + uint256(BigInt(bytes.length)) + bytes.toString('hex').padEnd(64, '0');
}

function selectorOf(signature: string): string {
  return utils.ethersUtils.keccak256(Buffer.from(signature, 'utf8')).slice(2, 10);
}

const SELECTORS = {
  transfer: selectorOf('transfer(address,uint256)'),
  transferFrom: selectorOf('transferFrom(address,address,uint256)'),
  approve: selectorOf('approve(address,uint256)'),
  balanceOf: selectorOf('balanceOf(address)'),
  allowance: selectorOf('allowance(address,address)'),
  decimals: selectorOf('decimals()'),
  symbol: selectorOf('symbol()'),
  name: selectorOf('name()'),
  totalSupply: selectorOf('totalSupply()'),
};

export function callData(functionSelector: string | undefined, parameter: string | undefined): string {
  if (!functionSelector) return parameter ?? '';
  return selectorOf(functionSelector.replace(/\s/g, '')) + (parameter ?? '');
}

export const TRC20_ABI = [
  { type: 'function', name: 'name', stateMutability: 'view', inputs: [], outputs: [{ type: 'string' }] },
  { type: 'function', name: 'symbol', stateMutability: 'view', inputs: [], outputs: [{ type: 'string' }] },
  { type: 'function', name: 'decimals', stateMutability: 'view', inputs: [], outputs: [{ type: 'uint8' }] },
  {
    type: 'function',
    name: 'totalSupply',
    stateMutability: 'view',
    inputs: [],
    outputs: [{ type: 'uint256' }],
  },
  {
    type: 'function',
    name: 'balanceOf',
    stateMutability: 'view',
    inputs: [{ name: 'who', type: 'address' }],
    outputs: [{ type: 'uint256' }],
  },
  {
    type: 'function',
    name: 'allowance',
    stateMutability: 'view',
    inputs: [
      { name: 'owner', type: 'address' },
      { name: 'spender', type: 'address' },
    ],
    outputs: [{ type: 'uint256' }],
  },
  {
    type: 'function',
    name: 'transfer',
    stateMutability: 'nonpayable',
    inputs: [
      { name: 'to', type: 'address' },
      { name: 'value', type: 'uint256' },
    ],
    outputs: [{ type: 'bool' }],
  },
  {
    type: 'function',
    name: 'approve',
    stateMutability: 'nonpayable',
    inputs: [
      { name: 'spender', type: 'address' },
      { name: 'value', type: 'uint256' },
    ],
    outputs: [{ type: 'bool' }],
  },
  {
    type: 'function',
    name: 'transferFrom',
    stateMutability: 'nonpayable',
    inputs: [
      { name: 'from', type: 'address' },
      { name: 'to', type: 'address' },
      { name: 'value', type: 'uint256' },
    ],
    outputs: [{ type: 'bool' }],
  },
  {
    type: 'event',
    name: 'Transfer',
    anonymous: false,
    inputs: [
      { indexed: true, name: 'from', type: 'address' },
      { indexed: true, name: 'to', type: 'address' },
      { indexed: false, name: 'value', type: 'uint256' },
    ],
  },
];

interface ContractOutcome {
  readonly ok: boolean;
  readonly energy: number;
  readonly result: string;
  readonly logs: TxLog[];
  readonly apply: () => void;
}

export interface GenesisOptions {
  readonly faucet: string;
  readonly faucetTrx: bigint;
  readonly tokens: readonly (Trc20Info & { readonly supply: bigint })[];
  readonly trc10: { readonly id: string; readonly supply: bigint };
  /** Accounts holding TRX frozen for energy from the start (e.g. the fake rental provider). */
  readonly stakers?: readonly {
    readonly address: string;
    readonly trx: bigint;
    readonly frozenEnergy: bigint;
  }[];
}

export interface TronChainSnapshot {
  readonly params: TronChainParams;
  readonly state: ChainState;
  readonly blocks: Block[];
  readonly pending: SignedTransaction[];
  readonly salt: number;
}

/** A TRON chain in memory: state, blocks, the pending pool, forks. */
export class TronChain {
  state: ChainState;
  readonly blocks: Block[];
  private pending: SignedTransaction[];
  private pendingState: ChainState | undefined;
  private readonly txIndex = new Map<string, { block: number; index: number }>();
  /** State before each recent block that carried transactions, for forks. */
  private readonly preStates = new Map<number, ChainState>();
  private salt: number;
  private readonly listeners: (() => void)[] = [];
  /** How far the chain's clock runs ahead of the wall clock (tests: transactions expiring). */
  private aheadMs = 0;

  constructor(
    readonly params: TronChainParams,
    snapshot: Omit<TronChainSnapshot, 'params'>,
    private readonly now: () => number = Date.now,
  ) {
    this.state = snapshot.state;
    this.blocks = snapshot.blocks;
    this.pending = snapshot.pending;
    this.salt = snapshot.salt;
    this.blocks.forEach((b) =>
      b.txs.forEach((t, index) => this.txIndex.set(t.tx.txID, { block: b.number, index })),
    );
  }

  static genesis(params: TronChainParams, genesis: GenesisOptions, now: () => number = Date.now): TronChain {
    const state = emptyState();
    const t0 = now();
    const faucet = newAccount(t0);
    faucet.balance = genesis.faucetTrx;
    faucet.assets[genesis.trc10.id] = genesis.trc10.supply;
    state.accounts.set(hex41(genesis.faucet), faucet);
    for (const s of genesis.stakers ?? []) {
      const a = newAccount(t0);
      a.balance = s.trx;
      a.frozenEnergy = s.frozenEnergy;
      state.accounts.set(hex41(s.address), a);
    }
    for (const t of genesis.tokens) {
      state.tokens.set(hex41(t.address), {
        info: { ...t, address: hex41(t.address) },
        balances: new Map([[hex41(genesis.faucet), t.supply]]),
        allowances: new Map(),
      });
    }
    const block0: Block = {
      number: 0,
      blockID: blockId(0, '0'.repeat(64), t0, 0),
      parentHash: '0'.repeat(64),
      timestamp: t0,
      txs: [],
    };
    return new TronChain(params, { state, blocks: [block0], pending: [], salt: 0 }, now);
  }

  snapshot(): TronChainSnapshot {
    return {
      params: this.params,
      state: this.state,
      blocks: this.blocks,
      pending: this.pending,
      salt: this.salt,
    };
  }

  onChange(listener: () => void): void {
    this.listeners.push(listener);
  }

  get head(): Block {
    return this.blocks[this.blocks.length - 1] as Block;
  }

  get solidifiedNumber(): number {
    return Math.max(0, this.head.number - this.params.solidityDepth);
  }

  block(n: number): Block | undefined {
    return this.blocks[n];
  }

  blockById(id: string): Block | undefined {
    const n = Number.parseInt(id.slice(0, 16), 16);
    const b = this.blocks[n];
    return b && b.blockID === id.toLowerCase() ? b : undefined;
  }

  findTx(txID: string): { block: Block; tx: BlockTx } | undefined {
    const at = this.txIndex.get(txID.toLowerCase());
    if (!at) return undefined;
    const block = this.blocks[at.block];
    const tx = block?.txs[at.index];
    return block && tx ? { block, tx } : undefined;
  }

  pendingTx(txID: string): SignedTransaction | undefined {
    return this.pending.find((t) => t.txID === txID.toLowerCase());
  }

  account(address: string, state: ChainState = this.state): Account | undefined {
    return state.accounts.get(hex41(address));
  }

  token(address: string): Token | undefined {
    return this.state.tokens.get(hex41(address));
  }

  energyLimit(a: Account): number {
    const staked = a.frozenEnergy - a.delegatedOutEnergy + a.acquiredEnergy;
    return Number((staked * BigInt(this.params.energyPerTrx)) / SUN);
  }

  netLimit(a: Account): number {
    const staked = a.frozenBandwidth - a.delegatedOutBandwidth + a.acquiredBandwidth;
    return Number((staked * BigInt(this.params.bandwidthPerTrx)) / SUN);
  }

  energyUsedNow(a: Account, at = this.head.timestamp): number {
    return decay(a.energyUsed, a.energyTime, at);
  }

  netUsedNow(a: Account, at = this.head.timestamp): number {
    return decay(a.netUsed, a.netTime, at);
  }

  freeNetUsedNow(a: Account, at = this.head.timestamp): number {
    return decay(a.freeNetUsed, a.freeNetTime, at);
  }

  /** Validates and queues a signed transaction; throws TronTxError with the node's error code. */
  broadcast(tx: SignedTransaction): void {
    if (!tx || typeof tx.txID !== 'string' || !tx.raw_data || typeof tx.raw_data_hex !== 'string')
      throw new TronTxError('OTHER_ERROR', 'Transaction is malformed');
    const txID = tx.txID.toLowerCase();
    let consistent = false;
    try {
      consistent = utils.transaction.txCheck(tx as never);
    } catch (e) {
      throw new TronTxError('OTHER_ERROR', `Transaction cannot be parsed: ${(e as Error).message}`);
    }
    const digest = createHash('sha256').update(Buffer.from(tx.raw_data_hex, 'hex')).digest('hex');
    if (!consistent || digest !== txID)
      throw new TronTxError('SIGERROR', 'Validate signature error: txID mismatch');
    if (this.txIndex.has(txID) || this.pending.some((p) => p.txID === txID))
      throw new TronTxError('DUP_TRANSACTION_ERROR', 'Dup transaction');
    const contract = tx.raw_data.contract[0];
    if (!contract || tx.raw_data.contract.length !== 1)
      throw new TronTxError(
        'CONTRACT_VALIDATE_ERROR',
        'Contract validate error : one contract per transaction',
      );
    const owner = hex41(String(contract.parameter.value['owner_address'] ?? ''));
    if (!tx.signature || tx.signature.length !== 1)
      throw new TronTxError('SIGERROR', 'Validate signature error: missing signature');
    let signer: string;
    try {
      signer = hex41(String(Trx.ecRecover(tx as never)));
    } catch {
      throw new TronTxError('SIGERROR', 'Validate signature error: bad signature');
    }
    if (signer !== owner)
      throw new TronTxError(
        'SIGERROR',
        `Validate signature error: ${base58(signer)} is signature and not in permission`,
      );
    const head = this.head;
    if (tx.raw_data.expiration <= head.timestamp)
      throw new TronTxError('TRANSACTION_EXPIRATION_ERROR', 'Transaction expired');
    if (tx.raw_data.expiration > head.timestamp + DAY_MS)
      throw new TronTxError('TRANSACTION_EXPIRATION_ERROR', 'Transaction expiration is more than 24 hours');
    if (!this.tapos(tx.raw_data.ref_block_bytes, tx.raw_data.ref_block_hash))
      throw new TronTxError('TAPOS_ERROR', 'Tapos check error');
    this.pendingState ??= structuredClone(this.state);
    // Validation and execution against the pending state: what the next block will see.
    this.execute(this.pendingState, tx, head.timestamp, head.number + 1);
    this.pending.push({ ...tx, txID });
  }

  private tapos(refBytes: string, refHash: string): boolean {
    const low = Number.parseInt(refBytes, 16);
    for (let n = this.head.number; n >= 0 && n > this.head.number - 65_536; n--) {
      if ((n & 0xffff) !== low) continue;
      return (this.blocks[n] as Block).blockID.slice(16, 32) === refHash.toLowerCase();
    }
    return false;
  }

  /** Produces `count` blocks, the first carrying the pending transactions. */
  mine(count = 1): Block {
    for (let i = 0; i < count; i++) this.produce();
    this.listeners.forEach((l) => l());
    return this.head;
  }

  /** Moves the chain's clock on by `ms`: the next block is that much later (tests: expiry). */
  advanceTime(ms: number): void {
    this.aheadMs += Math.max(0, ms);
  }

  private produce(): void {
    const parent = this.head;
    const number = parent.number + 1;
    const timestamp = Math.max(this.now() + this.aheadMs, parent.timestamp + 1);
    const blockID = blockId(number, parent.blockID, timestamp, this.salt);
    const txs: BlockTx[] = [];
    if (this.pending.length > 0) {
      this.preStates.set(number, structuredClone(this.state));
      for (const tx of this.pending) {
        if (tx.raw_data.expiration <= timestamp) continue;
        try {
          const done = this.execute(this.state, tx, timestamp, number);
          txs.push(done);
        } catch {
          // No longer valid against the block's state: dropped, as a node drops it.
        }
      }
      this.pending = [];
      this.pendingState = undefined;
    }
    const block: Block = { number, blockID, parentHash: parent.blockID, timestamp, txs };
    this.blocks.push(block);
    txs.forEach((t, index) => {
      t.info.blockNumber = number;
      t.info.blockTimeStamp = timestamp;
      this.txIndex.set(t.tx.txID, { block: number, index });
    });
    for (const n of this.preStates.keys()) if (n <= this.solidifiedNumber) this.preStates.delete(n);
  }

  /**
   * Replaces the last `depth` blocks (all above solidified) with as many new ones: their transactions
   * are dropped, or put back in the pending pool and included in the first new block (`reinclude`).
   */
  fork(depth: number, reinclude: boolean): { readonly dropped: string[] } {
    const head = this.head.number;
    const firstDropped = head - depth + 1;
    if (!Number.isSafeInteger(depth) || depth < 1) throw new TronTxError('OTHER_ERROR', 'depth must be ≥ 1');
    if (firstDropped <= this.solidifiedNumber)
      throw new TronTxError('OTHER_ERROR', `cannot fork below the solidified block ${this.solidifiedNumber}`);
    const removed = this.blocks.splice(firstDropped);
    const withTxs = removed.find((b) => b.txs.length > 0);
    if (withTxs) {
      const pre = this.preStates.get(withTxs.number);
      if (!pre) throw new TronTxError('OTHER_ERROR', `no state kept before block ${withTxs.number}`);
      this.state = pre;
    }
    for (const n of [...this.preStates.keys()]) if (n >= firstDropped) this.preStates.delete(n);
    const dropped = removed.flatMap((b) => b.txs.map((t) => t.tx.txID));
    dropped.forEach((id) => this.txIndex.delete(id));
    const pending = this.pending;
    this.pending = reinclude ? [...removed.flatMap((b) => b.txs.map((t) => t.tx)), ...pending] : pending;
    this.pendingState = undefined;
    this.salt += 1;
    this.mine(depth);
    return { dropped };
  }

  /** Executes one transaction against `state`; throws TronTxError when it does not validate. */
  private execute(state: ChainState, tx: SignedTransaction, at: number, blockNumber: number): BlockTx {
    const contract = tx.raw_data.contract[0];
    if (!contract) throw new TronTxError('CONTRACT_VALIDATE_ERROR', 'no contract');
    const v = contract.parameter.value;
    const owner = hex41(String(v['owner_address']));
    const ownerAccount = state.accounts.get(owner);
    if (!ownerAccount)
      throw new TronTxError(
        'CONTRACT_VALIDATE_ERROR',
        `Contract validate error : account [${base58(owner)}] does not exist`,
      );
    const size = tx.raw_data_hex.length / 2 + 65 * (tx.signature?.length ?? 1) + 64;
    const info: TxInfo = {
      id: tx.txID.toLowerCase(),
      blockNumber,
      blockTimeStamp: at,
      contractResult: [''],
      receipt: {},
    };
    let fee = 0n;
    let createsAccount = false;
    let contractRet = 'SUCCESS';
    const mutations: (() => void)[] = [];
    const amountOf = (key: string) => {
      const raw = v[key];
      if (typeof raw !== 'number' && typeof raw !== 'string') return 0n;
      return BigInt(raw);
    };
    const invalid = (message: string) =>
      new TronTxError('CONTRACT_VALIDATE_ERROR', `Contract validate error : ${message}`);

    switch (contract.type) {
      case 'TransferContract':
      case 'TransferAssetContract': {
        const to = hex41(String(v['to_address']));
        const amount = amountOf('amount');
        if (amount <= 0n) throw invalid('Amount must be greater than 0.');
        if (to === owner) throw invalid('Cannot transfer to yourself.');
        const assetId =
          contract.type === 'TransferAssetContract'
            ? Buffer.from(String(v['asset_name']), 'hex').toString('utf8')
            : '';
        if (assetId && (ownerAccount.assets[assetId] ?? 0n) < amount)
          throw invalid('assetBalance is not sufficient.');
        createsAccount = !state.accounts.has(to);
        if (createsAccount) fee += BigInt(this.params.createAccountFeeSun);
        const spend = assetId ? 0n : amount;
        if (ownerAccount.balance < spend + fee) throw invalid('balance is not sufficient.');
        mutations.push(() => {
          const target = state.accounts.get(to) ?? newAccount(at);
          state.accounts.set(to, target);
          if (assetId) {
            ownerAccount.assets[assetId] = (ownerAccount.assets[assetId] ?? 0n) - amount;
            target.assets[assetId] = (target.assets[assetId] ?? 0n) + amount;
          } else {
            ownerAccount.balance -= amount;
            target.balance += amount;
          }
        });
        break;
      }
      case 'FreezeBalanceV2Contract': {
        const amount = amountOf('frozen_balance');
        if (amount < SUN) throw invalid('frozenBalance must be greater than or equal to 1 TRX');
        if (ownerAccount.balance < amount)
          throw invalid('frozenBalance must be less than or equal to accountBalance');
        const energy = v['resource'] === 'ENERGY';
        mutations.push(() => {
          ownerAccount.balance -= amount;
          if (energy) ownerAccount.frozenEnergy += amount;
          else ownerAccount.frozenBandwidth += amount;
        });
        break;
      }
      case 'DelegateResourceContract':
      case 'UnDelegateResourceContract': {
        const receiver = hex41(String(v['receiver_address']));
        const amount = amountOf('balance');
        const energy = v['resource'] === 'ENERGY';
        const key = `${owner}:${receiver}:${energy ? 'ENERGY' : 'BANDWIDTH'}`;
        if (amount < SUN) throw invalid('delegateBalance must be greater than or equal to 1 TRX');
        if (receiver === owner) throw invalid('receiverAddress must not be the same as ownerAddress');
        const target = state.accounts.get(receiver);
        if (!target) throw invalid(`Account [${base58(receiver)}] does not exist`);
        const current = state.delegations.get(key) ?? 0n;
        if (contract.type === 'DelegateResourceContract') {
          const free = energy
            ? ownerAccount.frozenEnergy - ownerAccount.delegatedOutEnergy
            : ownerAccount.frozenBandwidth - ownerAccount.delegatedOutBandwidth;
          if (free < amount)
            throw invalid('delegateBalance must be less than or equal to available FreezeV2 balance');
          mutations.push(() => {
            state.delegations.set(key, current + amount);
            if (energy) {
              ownerAccount.delegatedOutEnergy += amount;
              target.acquiredEnergy += amount;
            } else {
              ownerAccount.delegatedOutBandwidth += amount;
              target.acquiredBandwidth += amount;
            }
          });
        } else {
          if (current < amount) throw invalid('insufficient delegatedFrozenBalance');
          mutations.push(() => {
            if (current === amount) state.delegations.delete(key);
            else state.delegations.set(key, current - amount);
            if (energy) {
              ownerAccount.delegatedOutEnergy -= amount;
              target.acquiredEnergy -= amount;
            } else {
              ownerAccount.delegatedOutBandwidth -= amount;
              target.acquiredBandwidth -= amount;
            }
          });
        }
        break;
      }
      case 'TriggerSmartContract': {
        const contractAddress = hex41(String(v['contract_address']));
        const token = state.tokens.get(contractAddress);
        if (!token) throw invalid('No contract or not a smart contract');
        if (amountOf('call_value') > 0n)
          throw invalid('callValue must be 0 for a non-payable token contract');
        info.contract_address = contractAddress;
        const outcome = trc20Call(token, owner, String(v['data'] ?? ''));
        const feeLimit = BigInt(tx.raw_data.fee_limit ?? 0);
        const available = Math.max(0, this.energyLimit(ownerAccount) - this.energyUsedNow(ownerAccount, at));
        const fromStake = Math.min(available, outcome.energy);
        const burnEnergy = outcome.energy - fromStake;
        const energyFee = BigInt(burnEnergy) * BigInt(this.params.energyFeeSun);
        const canBurn = feeLimit < ownerAccount.balance ? feeLimit : ownerAccount.balance;
        let result = outcome.result;
        let logs = outcome.logs;
        let burned = energyFee;
        if (energyFee > canBurn) {
          result = 'OUT_OF_ENERGY';
          logs = [];
          burned = canBurn;
        } else if (outcome.ok) {
          mutations.push(outcome.apply);
        }
        fee += burned;
        contractRet = result;
        mutations.push(() => {
          ownerAccount.energyUsed = this.energyUsedNow(ownerAccount, at) + fromStake;
          ownerAccount.energyTime = at;
        });
        info.receipt = {
          ...(fromStake > 0 ? { energy_usage: fromStake } : {}),
          ...(burned > 0n ? { energy_fee: Number(burned) } : {}),
          energy_usage_total:
            result === 'OUT_OF_ENERGY'
              ? fromStake + Number(burned / BigInt(this.params.energyFeeSun))
              : outcome.energy,
          result,
        };
        if (logs.length > 0) info.log = logs;
        info.contractResult = [outcome.ok && result === 'SUCCESS' ? uint256(1n) : ''];
        if (result !== 'SUCCESS') {
          info.result = 'FAILED';
          info.resMessage = Buffer.from(
            result === 'REVERT' ? 'REVERT opcode executed' : 'Not enough energy',
          ).toString('hex');
        }
        break;
      }
      default:
        throw new TronTxError(
          'CONTRACT_VALIDATE_ERROR',
          `Contract validate error : ${contract.type} is not supported here`,
        );
    }

    // Bandwidth: staked first (the only source for creating an account), then free, then burned.
    const netAvailable = Math.max(0, this.netLimit(ownerAccount) - this.netUsedNow(ownerAccount, at));
    const freeAvailable = Math.max(0, this.params.freeBandwidth - this.freeNetUsedNow(ownerAccount, at));
    let netFrom: 'stake' | 'free' | 'burn';
    if (netAvailable >= size) netFrom = 'stake';
    else if (!createsAccount && freeAvailable >= size) netFrom = 'free';
    else netFrom = 'burn';
    const netFee =
      netFrom === 'burn'
        ? createsAccount
          ? BigInt(this.params.createAccountBandwidthFeeSun)
          : BigInt(size * this.params.bandwidthFeeSun)
        : 0n;
    fee += netFee;
    if (ownerAccount.balance < fee + (contract.type === 'TransferContract' ? amountOf('amount') : 0n)) {
      throw new TronTxError('BANDWITH_ERROR', 'Account resource insufficient error.');
    }
    for (const m of mutations) m();
    ownerAccount.balance -= fee;
    if (netFrom === 'stake') {
      ownerAccount.netUsed = this.netUsedNow(ownerAccount, at) + size;
      ownerAccount.netTime = at;
      info.receipt['net_usage'] = size;
    } else if (netFrom === 'free') {
      ownerAccount.freeNetUsed = this.freeNetUsedNow(ownerAccount, at) + size;
      ownerAccount.freeNetTime = at;
      info.receipt['net_usage'] = size;
    } else {
      info.receipt['net_fee'] = Number(netFee);
    }
    if (fee > 0n) info.fee = Number(fee);
    return { tx: { ...tx, txID: tx.txID.toLowerCase() }, contractRet, info };
  }

  /** A read-only TRC-20 call (triggerconstantcontract). */
  constantCall(
    contractAddress: string,
    owner: string,
    data: string,
  ): { result: string; energy: number; ok: boolean } {
    const token = this.pendingView().tokens.get(hex41(contractAddress));
    if (!token) throw new TronTxError('CONTRACT_VALIDATE_ERROR', 'No contract or not a smart contract');
    const outcome = trc20Call(token, owner ? hex41(owner) : '41'.padEnd(42, '0'), data);
    return {
      result: outcome.result === 'SUCCESS' ? outcome.constant : '',
      energy: outcome.energy,
      ok: outcome.ok,
    };
  }

  pendingView(): ChainState {
    return this.pendingState ?? this.state;
  }
}

function blockId(number: number, parent: string, timestamp: number, salt: number): string {
  const h = createHash('sha256').update(`${number}:${parent}:${timestamp}:${salt}`).digest('hex');
  return number.toString(16).padStart(16, '0') + h.slice(16);
}

function trc20Call(token: Token, caller: string, dataHex: string): ContractOutcome & { constant: string } {
  const data = dataHex.replace(/^0x/, '').toLowerCase();
  const selector = data.slice(0, 8);
  const args = data.slice(8);
  const balanceOf = (a: string) => token.balances.get(a) ?? 0n;
  const contract20 = token.info.address.slice(2);
  const revert = {
    ok: false,
    energy: ENERGY_REVERT,
    result: 'REVERT',
    logs: [],
    apply: () => undefined,
    constant: '',
  };
  const view = (constant: string) => ({
    ok: true,
    energy: 500,
    result: 'SUCCESS',
    logs: [],
    apply: () => undefined,
    constant,
  });
  const move = (from: string, to: string, amount: bigint, spender?: string) => {
    const allowanceKey = spender ? `${from}:${spender}` : '';
    if (balanceOf(from) < amount) return revert;
    if (spender && (token.allowances.get(allowanceKey) ?? 0n) < amount) return revert;
    const energy =
      (balanceOf(to) > 0n && to !== from ? ENERGY_TRANSFER_TO_HOLDER : ENERGY_TRANSFER_TO_EMPTY) +
      (spender ? 5_000 : 0);
    return {
      ok: true,
      energy,
      result: 'SUCCESS',
      constant: uint256(1n),
      logs: [
        {
          address: contract20,
          topics: [
            TRANSFER_TOPIC,
            uint256(BigInt(`0x${from.slice(2)}`)),
            uint256(BigInt(`0x${to.slice(2)}`)),
          ],
          data: uint256(amount),
        },
      ],
      apply: () => {
        token.balances.set(from, balanceOf(from) - amount);
        token.balances.set(to, balanceOf(to) + amount);
        if (spender) token.allowances.set(allowanceKey, (token.allowances.get(allowanceKey) ?? 0n) - amount);
      },
    };
  };
  switch (selector) {
    case SELECTORS.transfer:
      return move(caller, wordAddress(word(args, 0)), BigInt(`0x${word(args, 1) || '0'}`));
    case SELECTORS.transferFrom:
      return move(
        wordAddress(word(args, 0)),
        wordAddress(word(args, 1)),
        BigInt(`0x${word(args, 2) || '0'}`),
        caller,
      );
    case SELECTORS.approve: {
      const spender = wordAddress(word(args, 0));
      const amount = BigInt(`0x${word(args, 1) || '0'}`);
      return {
        ok: true,
        energy: ENERGY_APPROVE,
        result: 'SUCCESS',
        constant: uint256(1n),
        logs: [],
        apply: () => token.allowances.set(`${caller}:${spender}`, amount),
      };
    }
    case SELECTORS.balanceOf:
      return view(uint256(balanceOf(wordAddress(word(args, 0)))));
    case SELECTORS.allowance:
      return view(
        uint256(token.allowances.get(`${wordAddress(word(args, 0))}:${wordAddress(word(args, 1))}`) ?? 0n),
      );
    case SELECTORS.decimals:
      return view(uint256(BigInt(token.info.decimals)));
    case SELECTORS.symbol:
      return view(abiString(token.info.symbol));
    case SELECTORS.name:
      return view(abiString(token.info.name));
    case SELECTORS.totalSupply:
      return view(uint256([...token.balances.values()].reduce((a, b) => a + b, 0n)));
    default:
      return revert;
  }
}

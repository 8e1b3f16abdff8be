import {
  mkdirSync,
  readFileSync,
  renameSync,
  writeFileSync,
  existsSync,
  openSync,
  fsyncSync,
  closeSync,
} from 'node:fs';
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname } from 'node:path';
import { HDNodeWallet } from 'ethers';
import { TronWeb } from 'tronweb';
import { LOCAL_MNEMONIC, LOCAL_TRON_USDT_ADDRESS } from '../../../shared/config/networks';
import { DEFAULT_PARAMS, TRC20_ABI, TronChain, TronTxError, base58, callData, hex41 } from './tron-chain';
import type {
  Account,
  Block,
  ChainState,
  SignedTransaction,
  TronChainParams,
  TronChainSnapshot,
} from './tron-chain';

/**
 * The local TRON node stand-in: a TronChain served over the full-node HTTP API (the endpoints the
 * gateway's TRON adapter and tronweb call), blocks produced every `blockTimeMs` (0: only on demand via
 * POST /admin/mine), state persisted to `statePath` (write + fsync + rename, so a crash leaves the last
 * complete file), a fake energy-rental provider under /rental/v1, and faucet/admin endpoints under
 * /admin only. See scripts/local/tron/README.md.
 */

/** A look-alike "USDT" (same name, symbol and decimals, another address): must never be credited. */
export const LOCAL_TRON_FAKE_USDT_ADDRESS = 'TPDxwAs7HfPKZveQ7UCyjUiitBcfudRJ8Y';
/** A TRC-10 token the faucet holds, for fake-deposit tests. */
export const LOCAL_TRON_TRC10_ID = '1000001';

/** Keys of the stand-in's own accounts, from the public local mnemonic (never valid on a real chain's funds). */
export function localTronKey(account: number, index = 0): { address: string; privateKey: string } {
  const w = HDNodeWallet.fromPhrase(LOCAL_MNEMONIC, undefined, `m/44'/195'/${account}'/0/${index}`);
  const privateKey = w.privateKey.slice(2);
  return { address: TronWeb.address.fromPrivateKey(privateKey) as string, privateKey };
}

export const LOCAL_TRON_FAUCET = localTronKey(0, 0);
/** The fake rental provider's staking account. */
export const LOCAL_TRON_RENTAL = localTronKey(9, 1);

const FAUCET_TRX = 1_000_000_000n * 1_000_000n;
const TOKEN_SUPPLY = 1_000_000_000n * 1_000_000n;
/** Rental price of the fake provider, sun per unit of energy (burning costs the energy price, 100). */
export const LOCAL_RENTAL_PRICE_SUN_PER_ENERGY = 40n;

export interface LocalTronOptions {
  /** 0 picks a free port. */
  readonly port?: number;
  readonly host?: string;
  /** Block interval; 0 produces blocks only on POST /admin/mine. */
  readonly blockTimeMs: number;
  readonly params?: Partial<TronChainParams>;
  /** Where the chain persists; unset keeps it in memory. */
  readonly statePath?: string;
  readonly log?: (line: string) => void;
}

export interface LocalTron {
  readonly url: string;
  readonly port: number;
  readonly chain: TronChain;
  readonly faucet: { readonly address: string; readonly privateKey: string };
  readonly tokens: { readonly USDT: string; readonly FAKE_USDT: string; readonly TRC10: string };
  /** Produces blocks now (tests). */
  mine(blocks?: number): Block;
  stop(): Promise<void>;
}

export async function startLocalTron(options: LocalTronOptions): Promise<LocalTron> {
  const params: TronChainParams = { ...DEFAULT_PARAMS, ...options.params };
  const chain = loadChain(params, options.statePath) ?? genesisChain(params);
  const node = new TronNodeHttp(chain);
  const server = createServer((req, res) => void node.handle(req, res));
  await new Promise<void>((resolve, reject) =>
    server.once('error', reject).listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve()),
  );
  const port = (server.address() as AddressInfo).port;
  let saveTimer: NodeJS.Timeout | undefined;
  const save = () => {
    if (options.statePath) saveChain(chain, options.statePath);
  };
  if (options.statePath) {
    chain.onChange(() => {
      saveTimer ??= setTimeout(() => {
        saveTimer = undefined;
        save();
      }, 1_000);
    });
    save();
  }
  const producer =
    options.blockTimeMs > 0 ? setInterval(() => node.produce(1), options.blockTimeMs) : undefined;
  producer?.unref();
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    chain,
    faucet: LOCAL_TRON_FAUCET,
    tokens: {
      USDT: LOCAL_TRON_USDT_ADDRESS,
      FAKE_USDT: LOCAL_TRON_FAKE_USDT_ADDRESS,
      TRC10: LOCAL_TRON_TRC10_ID,
    },
    mine: (blocks = 1) => node.produce(blocks),
    stop: async () => {
      if (producer) clearInterval(producer);
      if (saveTimer) clearTimeout(saveTimer);
      save();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function genesisChain(params: TronChainParams): TronChain {
  return TronChain.genesis(params, {
    faucet: LOCAL_TRON_FAUCET.address,
    faucetTrx: FAUCET_TRX,
    tokens: [
      {
        address: LOCAL_TRON_USDT_ADDRESS,
        name: 'Tether USD',
        symbol: 'USDT',
        decimals: 6,
        supply: TOKEN_SUPPLY,
      },
      {
        address: LOCAL_TRON_FAKE_USDT_ADDRESS,
        name: 'Tether USD',
        symbol: 'USDT',
        decimals: 6,
        supply: TOKEN_SUPPLY,
      },
    ],
    trc10: { id: LOCAL_TRON_TRC10_ID, supply: TOKEN_SUPPLY },
    stakers: [
      {
        address: LOCAL_TRON_RENTAL.address,
        trx: 1_000_000n * 1_000_000n,
        frozenEnergy: 100_000_000n * 1_000_000n,
      },
    ],
  });
}

// --- persistence -------------------------------------------------------------------------------------

const BIG = '__big:';

function encode(_key: string, value: unknown): unknown {
  if (typeof value === 'bigint') return `${BIG}${value}`;
  if (value instanceof Map) return { __map: [...value.entries()] };
  return value;
}

function decode(_key: string, value: unknown): unknown {
  if (typeof value === 'string' && value.startsWith(BIG)) return BigInt(value.slice(BIG.length));
  if (value && typeof value === 'object' && '__map' in value)
    return new Map((value as { __map: [string, unknown][] }).__map);
  return value;
}

function saveChain(chain: TronChain, path: string): void {
  mkdirSync(dirname(path), { recursive: true });
  const temporary = `${path}.tmp`;
  const { state, blocks, pending, salt } = chain.snapshot();
  // Empty blocks (most of them) as [number, blockID, parentHash, timestamp]: a day of 1 s blocks stays small.
  const packed = blocks.map((b) =>
    b.txs.length === 0 ? [b.number, b.blockID, b.parentHash, b.timestamp] : b,
  );
  writeFileSync(temporary, JSON.stringify({ version: 1, state, blocks: packed, pending, salt }, encode));
  const fd = openSync(temporary, 'r');
  fsyncSync(fd);
  closeSync(fd);
  renameSync(temporary, path);
}

function loadChain(params: TronChainParams, path: string | undefined): TronChain | undefined {
  if (!path || !existsSync(path)) return undefined;
  const saved = JSON.parse(readFileSync(path, 'utf8'), decode) as Omit<
    TronChainSnapshot,
    'params' | 'blocks'
  > & {
    version: number;
    blocks: (Block | [number, string, string, number])[];
  };
  if (saved.version !== 1) throw new Error(`${path}: unknown TRON state version ${saved.version}`);
  return new TronChain(params, {
    state: saved.state,
    blocks: saved.blocks.map((b) =>
      Array.isArray(b) ? { number: b[0], blockID: b[1], parentHash: b[2], timestamp: b[3], txs: [] } : b,
    ),
    pending: saved.pending,
    salt: saved.salt,
  });
}

// --- HTTP --------------------------------------------------------------------------------------------

type Body = Record<string, unknown>;
type Handler = (body: Body, url: URL) => unknown;

const hexMessage = (s: string) => Buffer.from(s, 'utf8').toString('hex');

class TronNodeHttp {
  private readonly routes = new Map<string, Handler>();
  private readonly builder = new TronWeb({ fullHost: 'http://127.0.0.1:1' });
  /**
   * `true`: the provider is down (quotes and orders fail); `orders`: quotes work, orders fail;
   * `lose-response`: the order is placed (and paid) but the answer is lost (504), as on a timeout.
   */
  private rentalFails: boolean | 'orders' | 'lose-response' = false;
  private rentalOrders = new Map<
    string,
    {
      orderId: string;
      clientOrderId?: string;
      receiver: string;
      energy: number;
      sun: bigint;
      priceSun: bigint;
      expiresAt: number;
      txId: string;
      reclaimed: boolean;
    }
  >();

  constructor(private readonly chain: TronChain) {
    const c = chain;
    const blockOf = (b: Block | undefined, detail = true) => (b ? blockJson(b, detail) : {});
    const solid = (b: Block | undefined) => (b && b.number <= c.solidifiedNumber ? b : undefined);
    const num = (body: Body, key = 'num') => Number(body[key] ?? -1);
    for (const prefix of ['wallet', 'walletsolidity']) {
      const only = prefix === 'walletsolidity' ? solid : (b: Block | undefined) => b;
      this.routes.set(`/${prefix}/getnowblock`, () =>
        blockOf(prefix === 'walletsolidity' ? c.block(c.solidifiedNumber) : c.head),
      );
      this.routes.set(`/${prefix}/getblock`, (body) => {
        const idOrNum = body['id_or_num'];
        const detail = body['detail'] === true || body['detail'] === 'true';
        if (idOrNum === undefined || idOrNum === '')
          return blockOf(prefix === 'walletsolidity' ? c.block(c.solidifiedNumber) : c.head, detail);
        const s = String(idOrNum);
        return blockOf(only(/^\d+$/.test(s) ? c.block(Number(s)) : c.blockById(s)), detail);
      });
      this.routes.set(`/${prefix}/getblockbynum`, (body) => blockOf(only(c.block(num(body)))));
      this.routes.set(`/${prefix}/getblockbyid`, (body) =>
        blockOf(only(c.blockById(String(body['value'] ?? '')))),
      );
      this.routes.set(`/${prefix}/getblockbylimitnext`, (body) => {
        const start = num(body, 'startNum');
        const end = Math.min(num(body, 'endNum'), start + 100);
        const block: unknown[] = [];
        for (let n = start; n < end; n++) {
          const b = only(c.block(n));
          if (b) block.push(blockJson(b, true));
        }
        return block.length ? { block } : {};
      });
      this.routes.set(`/${prefix}/gettransactioninfobyblocknum`, (body) => {
        const b = only(c.block(num(body)));
        return b ? b.txs.map((t) => t.info) : [];
      });
      this.routes.set(`/${prefix}/gettransactionbyid`, (body) => {
        const found = c.findTx(String(body['value'] ?? ''));
        return found && only(found.block) ? txJson(found.tx) : {};
      });
      this.routes.set(`/${prefix}/gettransactioninfobyid`, (body) => {
        const found = c.findTx(String(body['value'] ?? ''));
        return found && only(found.block) ? found.tx.info : {};
      });
      this.routes.set(`/${prefix}/getaccount`, (body) => {
        const address = hex41(String(body['address']));
        // The solidity node answers from the solidified state; the stand-in keeps one state, which is
        // what the gateway needs (activation checks), and says so in its README.
        const a = c.account(address);
        return a ? accountJson(c, address, a, body['visible'] === true) : {};
      });
    }
    this.routes.set('/wallet/getaccountresource', (body) => {
      const a = c.account(String(body['address']));
      if (!a) return {};
      return {
        freeNetLimit: c.params.freeBandwidth,
        freeNetUsed: c.freeNetUsedNow(a),
        NetLimit: c.netLimit(a),
        NetUsed: c.netUsedNow(a),
        EnergyLimit: c.energyLimit(a),
        EnergyUsed: c.energyUsedNow(a),
        TotalEnergyLimit: 180_000_000_000,
        TotalEnergyWeight: 18_000_000_000,
        TotalNetLimit: 43_200_000_000,
        TotalNetWeight: 43_200_000_000,
      };
    });
    this.routes.set('/wallet/getchainparameters', () => ({
      chainParameter: [
        { key: 'getTransactionFee', value: c.params.bandwidthFeeSun },
        { key: 'getEnergyFee', value: c.params.energyFeeSun },
        { key: 'getCreateAccountFee', value: c.params.createAccountBandwidthFeeSun },
        { key: 'getCreateNewAccountFeeInSystemContract', value: c.params.createAccountFeeSun },
        { key: 'getFreeNetLimit', value: c.params.freeBandwidth },
        { key: 'getTotalEnergyLimit', value: 180_000_000_000 },
        { key: 'getAllowTvmTransferTrc10', value: 1 },
        { key: 'getUnfreezeDelayDays', value: 14 },
      ],
    }));
    this.routes.set('/wallet/getenergyprices', () => ({ prices: `0:${c.params.energyFeeSun}` }));
    this.routes.set('/wallet/getbandwidthprices', () => ({ prices: `0:${c.params.bandwidthFeeSun}` }));
    this.routes.set('/wallet/getcontract', (body) => {
      const t = c.token(String(body['value'] ?? ''));
      if (!t) return {};
      return {
        contract_address: t.info.address,
        origin_address: hex41(LOCAL_TRON_FAUCET.address),
        name: t.info.name,
        abi: { entrys: TRC20_ABI },
        bytecode: '',
        consume_user_resource_percent: 100,
        origin_energy_limit: 10_000_000,
      };
    });
    this.routes.set('/wallet/getcontractinfo', (body) => {
      const contract = this.routes.get('/wallet/getcontract')?.(body, new URL('http://x')) as Body;
      return contract && contract['contract_address'] ? { smart_contract: contract } : {};
    });
    this.routes.set('/wallet/triggerconstantcontract', (body) => {
      const data = String(
        body['data'] ?? callData(body['function_selector'] as string, body['parameter'] as string),
      );
      const out = c.constantCall(String(body['contract_address']), String(body['owner_address'] ?? ''), data);
      return out.ok
        ? { result: { result: true }, energy_used: out.energy, constant_result: [out.result] }
        : {
            result: { code: 'CONTRACT_EXE_ERROR', message: hexMessage('REVERT opcode executed') },
            energy_used: out.energy,
            constant_result: [''],
          };
    });
    this.routes.set('/wallet/estimateenergy', (body) => {
      const data = String(
        body['data'] ?? callData(body['function_selector'] as string, body['parameter'] as string),
      );
      const out = c.constantCall(String(body['contract_address']), String(body['owner_address'] ?? ''), data);
      return out.ok
        ? { result: { result: true }, energy_required: out.energy }
        : { result: { code: 'CONTRACT_EXE_ERROR', message: hexMessage('REVERT opcode executed') } };
    });
    this.routes.set('/wallet/triggersmartcontract', async (body) => {
      const result = await this.builder.transactionBuilder.triggerSmartContract(
        base58(hex41(String(body['contract_address']))),
        String(body['function_selector'] ?? ''),
        {
          feeLimit: Number(body['fee_limit'] ?? 0),
          callValue: Number(body['call_value'] ?? 0),
          txLocal: true,
          blockHeader: this.blockHeader(),
        } as never,
        [],
        base58(hex41(String(body['owner_address']))),
      );
      // tronweb encodes the parameters it is given; the HTTP API takes them pre-encoded.
      const tx = result.transaction as unknown as SignedTransaction;
      if (body['parameter']) {
        const value = tx.raw_data.contract[0]?.parameter.value as Body;
        value['data'] = callData(String(body['function_selector']), String(body['parameter']));
        const rebuilt = await this.rebuild(tx);
        return { result: { result: true }, transaction: rebuilt };
      }
      return { result: { result: true }, transaction: tx };
    });
    this.routes.set('/wallet/broadcasttransaction', (body) => {
      const tx = body as unknown as SignedTransaction;
      try {
        c.broadcast(tx);
        return { result: true, txid: String(tx.txID).toLowerCase() };
      } catch (e) {
        if (e instanceof TronTxError) return { code: e.code, txid: tx?.txID, message: hexMessage(e.message) };
        throw e;
      }
    });
    this.routes.set('/wallet/getdelegatedresourcev2', (body) => {
      const from = hex41(String(body['fromAddress']));
      const to = hex41(String(body['toAddress']));
      const energy = c.state.delegations.get(`${from}:${to}:ENERGY`) ?? 0n;
      const net = c.state.delegations.get(`${from}:${to}:BANDWIDTH`) ?? 0n;
      if (energy === 0n && net === 0n) return {};
      return {
        delegatedResource: [
          { from, to, frozen_balance_for_energy: Number(energy), frozen_balance_for_bandwidth: Number(net) },
        ],
      };
    });
    this.routes.set('/wallet/getcandelegatedmaxsize', (body) => {
      const a = c.account(String(body['owner_address']));
      if (!a) return {};
      const energy = Number(body['type'] ?? 0) === 1;
      const free = energy
        ? a.frozenEnergy - a.delegatedOutEnergy
        : a.frozenBandwidth - a.delegatedOutBandwidth;
      return { max_size: Number(free) };
    });
    // Admin endpoints: tests and the local stack only.
    this.routes.set('/admin/info', () => ({
      head: c.head.number,
      solidified: c.solidifiedNumber,
      faucet: LOCAL_TRON_FAUCET.address,
      rentalProvider: LOCAL_TRON_RENTAL.address,
      tokens: {
        USDT: LOCAL_TRON_USDT_ADDRESS,
        FAKE_USDT: LOCAL_TRON_FAKE_USDT_ADDRESS,
        TRC10: LOCAL_TRON_TRC10_ID,
      },
      params: c.params,
      pending: c.snapshot().pending.length,
    }));
    this.routes.set('/admin/mine', (body) => {
      // advanceMs: the blocks come that much later (transactions built before expire).
      c.advanceTime(Number(body['advanceMs'] ?? 0));
      const head = this.produce(Math.max(1, Number(body['blocks'] ?? 1)));
      return { head: head.number, blockID: head.blockID, solidified: c.solidifiedNumber };
    });
    this.routes.set('/admin/fork', (body) => {
      const out = c.fork(Number(body['depth']), body['reinclude'] === true);
      return { head: c.head.number, dropped: out.dropped };
    });
    this.routes.set('/admin/rental', (body) => {
      const fail = body['fail'];
      this.rentalFails = fail === 'orders' || fail === 'lose-response' ? fail : fail === true;
      return { fail: this.rentalFails };
    });
    // Every order placed (each one paid), for tests that count what the gateway bought.
    this.routes.set('/admin/rental/orders', () => ({
      orders: [...this.rentalOrders.values()].map((o) => ({
        orderId: o.orderId,
        clientOrderId: o.clientOrderId ?? null,
        receiver: base58(o.receiver),
        energy: o.energy,
        priceSun: String(o.priceSun),
      })),
    }));
    this.routes.set('/admin/faucet', async (body) => {
      const to = base58(hex41(String(body['to'])));
      const amount = Number(body['amount']);
      const token = String(body['token'] ?? 'TRX');
      const tw = new TronWeb({ fullHost: 'http://127.0.0.1:1' });
      const opts = { blockHeader: this.blockHeader() } as never;
      const unsigned =
        token === 'TRX'
          ? await tw.transactionBuilder.sendTrx(to, amount, LOCAL_TRON_FAUCET.address, opts)
          : token === 'TRC10'
            ? await tw.transactionBuilder.sendToken(
                to,
                amount,
                LOCAL_TRON_TRC10_ID,
                LOCAL_TRON_FAUCET.address,
                opts,
              )
            : (
                await tw.transactionBuilder.triggerSmartContract(
                  token === 'FAKE_USDT' ? LOCAL_TRON_FAKE_USDT_ADDRESS : LOCAL_TRON_USDT_ADDRESS,
                  'transfer(address,uint256)',
                  { feeLimit: 100_000_000, txLocal: true, blockHeader: this.blockHeader() } as never,
                  [
                    { type: 'address', value: to },
                    { type: 'uint256', value: String(body['amount']) },
                  ],
                  LOCAL_TRON_FAUCET.address,
                )
              ).transaction;
      const signed = (await tw.trx.sign(
        unsigned as never,
        LOCAL_TRON_FAUCET.privateKey,
      )) as unknown as SignedTransaction;
      c.broadcast(signed);
      if (body['mine'] === true) this.produce(1);
      return { txid: signed.txID };
    });
  }

  blockHeader() {
    const head = this.chain.head;
    return {
      ref_block_bytes: (head.number & 0xffff).toString(16).padStart(4, '0'),
      ref_block_hash: head.blockID.slice(16, 32),
      expiration: head.timestamp + 60_000,
      timestamp: head.timestamp,
    };
  }

  private async rebuild(tx: SignedTransaction): Promise<SignedTransaction> {
    const { utils } = await import('tronweb');
    const pb = utils.transaction.txJsonToPb(tx as never);
    return {
      ...tx,
      txID: utils.transaction.txPbToTxID(pb).replace(/^0x/, ''),
      raw_data_hex: utils.transaction.txPbToRawDataHex(pb).toLowerCase(),
    };
  }

  /** Mines, then lets rental orders that ran out give their energy back. */
  produce(blocks: number): Block {
    const head = this.chain.mine(blocks);
    void this.expireRentals();
    return head;
  }

  private async expireRentals(): Promise<void> {
    const now = this.chain.head.timestamp;
    for (const order of this.rentalOrders.values()) {
      if (order.reclaimed || order.expiresAt > now) continue;
      order.reclaimed = true;
      const tw = new TronWeb({ fullHost: 'http://127.0.0.1:1' });
      const tx = await tw.transactionBuilder.undelegateResource(
        Number(order.sun),
        base58(order.receiver),
        'ENERGY',
        LOCAL_TRON_RENTAL.address,
        { blockHeader: this.blockHeader() } as never,
      );
      try {
        this.chain.broadcast(
          (await tw.trx.sign(tx as never, LOCAL_TRON_RENTAL.privateKey)) as unknown as SignedTransaction,
        );
      } catch {
        order.reclaimed = false;
      }
    }
  }

  /** The fake rental provider (see shared/adapters/tron/rental-energy-provider.ts for the contract). */
  private async rental(path: string, body: Body, req: IncomingMessage): Promise<[number, unknown]> {
    if (this.rentalFails === true || (this.rentalFails === 'orders' && path === '/rental/v1/orders'))
      return [503, { error: 'provider unavailable' }];
    if (path === '/rental/v1/quote' || path === '/rental/v1/orders') {
      const energy = Number(body['energy']);
      const duration = Number(body['durationSeconds'] ?? 3_600);
      if (!Number.isSafeInteger(energy) || energy < 1 || !TronWeb.isAddress(String(body['receiver'])))
        return [400, { error: 'receiver and energy are required' }];
      const priceSun = BigInt(energy) * LOCAL_RENTAL_PRICE_SUN_PER_ENERGY;
      if (path === '/rental/v1/quote')
        return [200, { energy, durationSeconds: duration, priceSun: String(priceSun) }];
      if (req.headers['authorization'] !== `Bearer ${LOCAL_RENTAL_API_KEY}`)
        return [401, { error: 'bad api key' }];
      // An order with a known client order id is the same order: answered again, never placed (or paid) twice.
      const clientOrderId = typeof body['clientOrderId'] === 'string' ? body['clientOrderId'] : undefined;
      const known = clientOrderId
        ? [...this.rentalOrders.values()].find((o) => o.clientOrderId === clientOrderId)
        : undefined;
      if (known)
        return [
          200,
          {
            orderId: known.orderId,
            clientOrderId,
            energy: known.energy,
            priceSun: String(known.priceSun),
            delegateTxId: known.txId,
            status: this.chain.findTx(known.txId) ? 'DELEGATED' : 'PENDING',
          },
        ];
      if (body['maxPriceSun'] !== undefined && BigInt(String(body['maxPriceSun'])) < priceSun)
        return [409, { error: 'price above maxPriceSun', priceSun: String(priceSun) }];
      const receiver = hex41(String(body['receiver']));
      const perTrx = BigInt(this.chain.params.energyPerTrx);
      const sun = ((BigInt(energy) + perTrx - 1n) / perTrx) * 1_000_000n;
      const tw = new TronWeb({ fullHost: 'http://127.0.0.1:1' });
      const tx = await tw.transactionBuilder.delegateResource(
        Number(sun),
        base58(receiver),
        'ENERGY',
        LOCAL_TRON_RENTAL.address,
        false,
        undefined,
        { blockHeader: this.blockHeader() } as never,
      );
      const signed = (await tw.trx.sign(
        tx as never,
        LOCAL_TRON_RENTAL.privateKey,
      )) as unknown as SignedTransaction;
      try {
        this.chain.broadcast(signed);
      } catch (e) {
        return [422, { error: (e as Error).message }];
      }
      const orderId = `ord_${signed.txID.slice(0, 16)}`;
      this.rentalOrders.set(orderId, {
        orderId,
        ...(clientOrderId ? { clientOrderId } : {}),
        receiver,
        energy,
        sun,
        priceSun,
        expiresAt: this.chain.head.timestamp + duration * 1_000,
        txId: signed.txID,
        reclaimed: false,
      });
      if (this.rentalFails === 'lose-response') return [504, { error: 'gateway timeout' }];
      return [
        200,
        {
          orderId,
          ...(clientOrderId ? { clientOrderId } : {}),
          energy,
          priceSun: String(priceSun),
          delegateTxId: signed.txID,
          status: 'PENDING',
        },
      ];
    }
    const match = /^\/rental\/v1\/orders\/([\w]+)$/.exec(path);
    const order = match ? this.rentalOrders.get(match[1] as string) : undefined;
    if (!order) return [404, { error: 'no such order' }];
    const mined = this.chain.findTx(order.txId);
    return [
      200,
      {
        orderId: order.orderId,
        energy: order.energy,
        priceSun: String(order.priceSun),
        delegateTxId: order.txId,
        status: order.reclaimed ? 'EXPIRED' : mined ? 'DELEGATED' : 'PENDING',
      },
    ];
  }

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    let status = 200;
    let payload: unknown;
    try {
      const raw = await readBody(req);
      const body: Body = raw ? (JSON.parse(raw) as Body) : Object.fromEntries(url.searchParams.entries());
      const path = url.pathname.replace(/\/+$/, '');
      if (path.startsWith('/rental/')) {
        [status, payload] = await this.rental(path, body, req);
      } else if (path.startsWith('/v1/contracts/') && path.endsWith('/events')) {
        payload = this.events(path.split('/')[3] as string, url);
      } else {
        const route = this.routes.get(path);
        if (!route) {
          status = 404;
          payload = { Error: `unknown endpoint ${path}` };
        } else {
          payload = await route(body, url);
        }
      }
    } catch (e) {
      status = e instanceof TronTxError || e instanceof SyntaxError ? 400 : 500;
      payload = { Error: (e as Error).message };
    }
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(payload, (_k, v: unknown) => (typeof v === 'bigint' ? Number(v) : v)));
  }

  /** The event API (TronGrid's /v1/contracts/{address}/events), Transfer events only. */
  private events(address: string, url: URL): unknown {
    const contract = hex41(address).slice(2);
    const confirmedOnly = url.searchParams.get('only_confirmed') === 'true';
    const limit = Math.min(200, Number(url.searchParams.get('limit') ?? 20));
    const minTs = Number(url.searchParams.get('min_block_timestamp') ?? 0);
    const data: unknown[] = [];
    const last = confirmedOnly ? this.chain.solidifiedNumber : this.chain.head.number;
    for (let n = last; n >= 0 && data.length < limit; n--) {
      const b = this.chain.block(n) as Block;
      if (b.timestamp < minTs) break;
      for (const t of b.txs)
        (t.info.log ?? []).forEach((log, index) => {
          if (
            log.address !== contract ||
            log.topics[0] !== 'ddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef'
          )
            return;
          data.push({
            block_number: b.number,
            block_timestamp: b.timestamp,
            contract_address: base58(`41${contract}`),
            event_index: index,
            event_name: 'Transfer',
            result: {
              from: `0x${log.topics[1]?.slice(24)}`,
              to: `0x${log.topics[2]?.slice(24)}`,
              value: BigInt(`0x${log.data}`).toString(),
            },
            transaction_id: t.tx.txID,
          });
        });
    }
    return { data: data.slice(0, limit), success: true, meta: { at: Date.now(), page_size: data.length } };
  }
}

/** The fake rental provider's API key on the local stack (not a secret: local only). */
export const LOCAL_RENTAL_API_KEY = 'local-rental-key';

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let data = '';
    req.on('data', (c: Buffer) => (data += c.toString('utf8')));
    req.on('end', () => resolve(data));
    req.on('error', reject);
  });
}

function txJson(t: Block['txs'][number]) {
  return {
    ret: [{ contractRet: t.contractRet }],
    signature: t.tx.signature,
    txID: t.tx.txID,
    raw_data: t.tx.raw_data,
    raw_data_hex: t.tx.raw_data_hex,
  };
}

function blockJson(b: Block, detail: boolean) {
  return {
    blockID: b.blockID,
    block_header: {
      raw_data: {
        number: b.number,
        txTrieRoot: '0'.repeat(64),
        witness_address: '41' + '0'.repeat(40),
        parentHash: b.parentHash,
        version: 30,
        timestamp: b.timestamp,
      },
      witness_signature: '',
    },
    ...(detail && b.txs.length > 0 ? { transactions: b.txs.map(txJson) } : {}),
  };
}

function accountJson(c: TronChain, address: string, a: Account, visible: boolean) {
  const assets = Object.entries(a.assets).filter(([, v]) => v > 0n);
  return {
    address: visible ? base58(address) : address,
    balance: Number(a.balance),
    create_time: a.createTime,
    ...(assets.length ? { assetV2: assets.map(([key, value]) => ({ key, value: Number(value) })) } : {}),
    // As on java-tron: frozenV2 is the stake not delegated away; what is delegated is reported apart.
    frozenV2: [
      { amount: Number(a.frozenBandwidth - a.delegatedOutBandwidth) },
      { type: 'ENERGY', amount: Number(a.frozenEnergy - a.delegatedOutEnergy) },
      { type: 'TRON_POWER' },
    ],
    ...(a.delegatedOutEnergy > 0n
      ? { delegated_frozenV2_balance_for_energy: Number(a.delegatedOutEnergy) }
      : {}),
    ...(a.delegatedOutBandwidth > 0n
      ? { delegated_frozenV2_balance_for_bandwidth: Number(a.delegatedOutBandwidth) }
      : {}),
    ...(a.acquiredBandwidth > 0n
      ? { acquired_delegated_frozenV2_balance_for_bandwidth: Number(a.acquiredBandwidth) }
      : {}),
    account_resource: {
      ...(a.acquiredEnergy > 0n
        ? { acquired_delegated_frozenV2_balance_for_energy: Number(a.acquiredEnergy) }
        : {}),
      ...(a.delegatedOutEnergy > 0n
        ? { delegated_frozenV2_balance_for_energy: Number(a.delegatedOutEnergy) }
        : {}),
      energy_usage: c.energyUsedNow(a),
      latest_consume_time_for_energy: a.energyTime,
    },
    net_usage: c.netUsedNow(a),
    free_net_usage: c.freeNetUsedNow(a),
    latest_opration_time: Math.max(a.netTime, a.freeNetTime, a.energyTime),
  };
}

export type { ChainState };

import { ConflictError, GatewayError } from '../../domain/errors';
import type { Withdrawal } from '../../domain/withdrawal/withdrawal';
import { askPending, masterEnergyRequestId } from '../../domain/sweeps/sweep-transaction';
import { tronBandwidthSun, tronTxBytes } from '../../domain/chains/tron-bandwidth';
import type { TronMasterEnergyRequest } from '../../ports/tron-sweeps';
import type { TronTx, TronTxFollow, TronWithdrawalDeps } from '../../ports/withdrawals';
import type { WithdrawalDeps } from './deps';

/**
 * The chain steps of a TRON withdrawal. TRON has no nonces: a transaction names a recent block and
 * expires (TronChainGateway builds with a 10-minute expiration). So "stuck" means expired, and an
 * expired transaction can never be mined: only when every attempt is EXPIRED is a new one built, and
 * whichever attempt lands, it pays once. The signed transaction is stored before it is sent, like on
 * EVM, and re-sent as the same bytes (the node answers DUP_TRANSACTION_ERROR).
 */
export type TronStepRoute =
  'BROADCAST' | 'WAIT_FUNDS' | 'TRACK' | 'REPLACE' | 'CONFIRM' | 'REVERTED' | 'ROUTE';

function tronDeps(deps: WithdrawalDeps): TronWithdrawalDeps {
  if (!deps.tron) throw new GatewayError('INTERNAL', 'TRON withdrawals are not wired');
  return deps.tron;
}

function expirationOf(raw: string): number {
  const tx = JSON.parse(raw) as { raw_data?: { expiration?: number } };
  return Number(tx.raw_data?.expiration ?? 0);
}

async function signAttempt(
  deps: WithdrawalDeps,
  w: Withdrawal,
  master: string,
  built?: TronTx,
): Promise<{ hash: string; raw: string }> {
  const tron = tronDeps(deps);
  const signer = await tron.signer(w.partnerId);
  if (signer.address !== master)
    throw new GatewayError('INTERNAL', `TRON MASTER signer ${signer.address} does not match ${master}`);
  const unsigned: TronTx =
    built ?? (await tron.chain.buildTokenTransfer(w.token, master, w.address, w.amount, tron.feeLimitSun));
  const signed = await signer.signTransaction(unsigned);
  return { hash: signed.txID.toLowerCase(), raw: JSON.stringify(signed) };
}

async function masterGasLow(deps: WithdrawalDeps, w: Withdrawal, master: string): Promise<void> {
  await deps.alerts.masterGasLow({ partnerId: w.partnerId, network: 'TRON', address: master, code: w.code });
}

type MasterEnergy = NonNullable<TronWithdrawalDeps['masterEnergy']>;

/**
 * What MASTER needs to send the transfer (and `unmined` transfers in flight before it) without burning
 * more than asked: `energy` (the sweeps' estimate plus margin, each), and `trxSun` — the TRX to burn for
 * the bandwidth it lacks (each transfer's bytes, unless free or staked bandwidth covers them). `burnSun`:
 * the TRX burning the energy it lacks would take.
 */
async function masterNeeds(
  tron: TronWithdrawalDeps,
  energy: MasterEnergy,
  w: Withdrawal,
  master: string,
  at: { readonly unmined: number; readonly bytes: number },
) {
  const [estimate, resources, price, sunPerByte] = await Promise.all([
    tron.chain.estimateTransferEnergy(w.token, master, w.address, w.amount),
    tron.chain.resources(master),
    tron.chain.energyPriceSun(),
    tron.chain.bandwidthPriceSun(),
  ]);
  const transfers = at.unmined + 1;
  const needed = Math.ceil((estimate * (100 + energy.energyMarginPercent)) / 100) * transfers;
  const trxSun = tronBandwidthSun({
    bytes: at.bytes * transfers,
    bandwidthAvailable: Math.max(resources.freeNetAvailable, resources.netAvailable),
    sunPerByte,
  });
  const lacking = Math.max(0, needed - resources.energyAvailable);
  return { energy: needed, trxSun, burnSun: BigInt(lacking) * price, energyShort: lacking > 0 };
}

/**
 * Writes MASTER's request REQUESTED (one per withdrawal, a retry finds it) when the gas tank could
 * cover the worst case (burning): true. False: the tank could not, nothing recorded.
 */
async function requestEnergy(
  deps: WithdrawalDeps,
  tron: TronWithdrawalDeps,
  w: Withdrawal,
  master: string,
  needs: { readonly energy: number; readonly trxSun: bigint; readonly burnSun: bigint },
  asked: boolean,
): Promise<boolean> {
  const energy = tron.masterEnergy as MasterEnergy;
  const tank = await tron.chain.account(await energy.gasTank());
  if (tank.balanceSun < needs.burnSun + needs.trxSun) return false;
  const now = deps.clock.now().toISOString();
  await energy.requests.requestMasterEnergy({
    id: masterEnergyRequestId(w.partnerId, w.code),
    network: 'TRON',
    partnerId: w.partnerId,
    code: w.code,
    master,
    energy: needs.energy,
    ...(needs.trxSun > 0n ? { trxSun: needs.trxSun } : {}),
    ...(asked ? { askedAt: now } : {}),
    status: 'REQUESTED',
    steps: [],
    revision: 1,
    createdAt: now,
    updatedAt: now,
  });
  return true;
}

/**
 * Asks again on the open request: MASTER is to hold at least `needs` (the larger of what was asked and
 * what is needed now), served afresh (the source is chosen again; steps in flight are settled first).
 * `signed`: the withdrawal's signed attempt was refused — the request is served though it signed.
 * Another writer first (a conditional write): the next round sees where it stands.
 */
async function askAgain(
  deps: WithdrawalDeps,
  energy: MasterEnergy,
  request: TronMasterEnergyRequest,
  needs: { readonly energy: number; readonly trxSun: bigint },
  signed: boolean,
): Promise<void> {
  const now = deps.clock.now().toISOString();
  const trxSun = (request.trxSun ?? 0n) > needs.trxSun ? (request.trxSun ?? 0n) : needs.trxSun;
  const next: TronMasterEnergyRequest = {
    ...request,
    energy: Math.max(request.energy, needs.energy),
    ...(trxSun > 0n ? { trxSun } : {}),
    ...(signed ? { askedAt: now } : {}),
    energySource: undefined,
    burnSun: undefined,
    revision: request.revision + 1,
    updatedAt: now,
  };
  try {
    await energy.requests.updateMasterEnergy(request.status, next);
  } catch (e) {
    if (!(e instanceof ConflictError)) throw e;
  }
}

/**
 * Whether MASTER can send the transfer now without burning its TRX for want of energy or bandwidth
 * (ADR 0023). Short of it, a MASTER energy request (one per withdrawal) asks the TRON sweep process to
 * serve it with the cheapest energy — a delegation of the platform's stake, a rental, or the gas tank's
 * TRX to burn — and TRX for the bandwidth; the withdrawal waits (a sweep is requested at once). Needing
 * more than the open request asks (another transfer went ahead of it, the estimate grew), it asks
 * again. Served by burning: it goes once MASTER holds the TRX to burn. Only a gas tank that could not
 * cover the burn raises masterGasLow, and records nothing; MASTER that holds the fee limit itself still pays.
 */
async function masterEnergyReady(
  deps: WithdrawalDeps,
  tron: TronWithdrawalDeps,
  w: Withdrawal,
  master: string,
  at: {
    readonly balanceSun: bigint;
    readonly unmined: number;
    readonly feeCap: bigint;
    readonly bytes: number;
  },
): Promise<boolean> {
  const energy = tron.masterEnergy as MasterEnergy;
  // One after the other: a read that throws must not leave the other promise unobserved.
  const request = await energy.requests.getMasterEnergy(w.partnerId, w.code);
  const needs = await masterNeeds(tron, energy, w, master, at);
  if (!needs.energyShort && at.balanceSun >= needs.trxSun) return true;
  const burnCap = needs.burnSun < at.feeCap ? needs.burnSun : at.feeCap;
  const canBurn = at.balanceSun >= needs.trxSun + burnCap;
  if (request && request.status !== 'DONE') {
    if (request.energy < needs.energy || (request.trxSun ?? 0n) < needs.trxSun) {
      await askAgain(deps, energy, request, needs, false);
      return false;
    }
    return request.energySource === 'BURN' && canBurn;
  }
  if (!request && (await requestEnergy(deps, tron, w, master, needs, false))) return false;
  if (at.balanceSun >= at.feeCap) return true;
  await masterGasLow(deps, w, master);
  return false;
}

/**
 * PROCESSING without a signed transaction: MASTER can pay (USDT less in flight; the transfer's energy
 * and bandwidth, asked of the sweep process when short — or, unwired, TRX for the fee limit), sign, store.
 */
export async function tronPrepare(
  deps: WithdrawalDeps,
  w: Withdrawal,
): Promise<{ route: TronStepRoute; withdrawal: Withdrawal }> {
  const tron = tronDeps(deps);
  const master = (await deps.masterWallet(w.partnerId, 'TRON')).address;
  const [balance, inFlight, account] = await Promise.all([
    tron.chain.tokenBalance(w.token, master),
    deps.withdrawals.inFlightFrom('TRON', master),
    tron.chain.account(master),
  ]);
  const reserved = inFlight
    .filter((o) => o.code !== w.code && !o.tx?.minedHash)
    .reduce((sum, o) => sum + o.amount, 0n);
  if (balance - reserved < w.amount) {
    await deps.alerts.insufficientMasterBalance({
      partnerId: w.partnerId,
      network: 'TRON',
      address: master,
      asset: w.asset,
      needed: w.amount,
      available: balance - reserved,
      code: w.code,
    });
    return { route: 'WAIT_FUNDS', withdrawal: w };
  }
  const others = inFlight.filter((o) => o.code !== w.code);
  const feeCap = tron.feeLimitSun * BigInt(others.length + 1);
  // With MASTER energy wired, built first: its size is the bandwidth it needs; signed as built when ready.
  const built = tron.masterEnergy
    ? await tron.chain.buildTokenTransfer(w.token, master, w.address, w.amount, tron.feeLimitSun)
    : undefined;
  const ready = built
    ? await masterEnergyReady(deps, tron, w, master, {
        balanceSun: account.balanceSun,
        unmined: others.filter((o) => !o.tx?.minedHash).length,
        feeCap,
        bytes: tronTxBytes(built.raw_data_hex),
      })
    : account.balanceSun >= feeCap;
  if (!ready) {
    if (!tron.masterEnergy) await masterGasLow(deps, w, master);
    return { route: 'WAIT_FUNDS', withdrawal: w };
  }
  let current = w;
  if (!current.tx) {
    try {
      // TRON has no nonce: the transaction record only names the sender and the fee limit.
      current = await deps.withdrawals.updateTx(current, {
        from: master,
        nonce: 0,
        gasLimit: tron.feeLimitSun,
        attempts: [],
      });
    } catch (e) {
      if (!(e instanceof ConflictError)) throw e;
      return { route: 'ROUTE', withdrawal: (await deps.withdrawals.get(w.partnerId, w.code)) ?? w };
    }
  }
  const signed = await signAttempt(deps, current, master, built);
  try {
    current = await deps.withdrawals.addAttempt(
      current,
      {
        hash: signed.hash,
        raw: signed.raw,
        gasPrice: tron.feeLimitSun,
        signedAt: deps.clock.now().toISOString(),
      },
      { status: 'PROCESSING', attempts: 0 },
    );
  } catch (e) {
    if (!(e instanceof ConflictError)) throw e;
    current = (await deps.withdrawals.get(w.partnerId, w.code)) ?? w;
  }
  return { route: 'ROUTE', withdrawal: current };
}

/**
 * A signed attempt the node refused for want of TRX, energy or bandwidth: with MASTER energy wired, the
 * withdrawal asks the sweep process again (once per refusal it has not yet answered) and waits — true.
 * False: nothing can be asked (unwired, or a gas tank too low to cover it): the caller alerts.
 */
async function askForSignedAttempt(
  deps: WithdrawalDeps,
  w: Withdrawal,
  raw: { readonly raw_data_hex: string },
): Promise<boolean> {
  const tron = tronDeps(deps);
  const energy = tron.masterEnergy;
  const master = w.tx?.from;
  if (!energy || !master) return false;
  const request = await energy.requests.getMasterEnergy(w.partnerId, w.code);
  const needs = await masterNeeds(tron, energy, w, master, {
    unmined: 0,
    bytes: tronTxBytes(raw.raw_data_hex),
  });
  if (!request) return requestEnergy(deps, tron, w, master, needs, true);
  if (request.status === 'DONE') return false;
  if (!askPending(request)) await askAgain(deps, energy, request, needs, true);
  return true;
}

/** Sends the latest stored attempt. An expired one is left to tracking (it will be replaced). */
export async function tronSend(deps: WithdrawalDeps, w: Withdrawal): Promise<'SENT' | 'WAIT_FUNDS'> {
  const tron = tronDeps(deps);
  const last = w.tx?.attempts.at(-1);
  if (!last) return 'SENT';
  const out = await tron.chain.broadcast(JSON.parse(last.raw) as TronTx & { signature: string[] });
  if (out.status === 'REJECTED') {
    const reason = `${out.code ?? ''} ${out.message ?? ''}`;
    if (/EXPIRATION|TAPOS/i.test(reason)) return 'SENT';
    // java-tron spells its bandwidth refusal BANDWITH_ERROR ("Account resource insufficient error.").
    if (/BALANCE|ENERGY|BANDWID?TH|RESOURCE INSUFFICIENT/i.test(reason)) {
      if (await askForSignedAttempt(deps, w, JSON.parse(last.raw) as TronTx)) return 'WAIT_FUNDS';
      await deps.alerts.masterGasLow({
        partnerId: w.partnerId,
        network: 'TRON',
        address: w.tx?.from ?? '',
        code: w.code,
      });
      return 'WAIT_FUNDS';
    }
    throw new GatewayError('INTERNAL', `TRON node refused ${last.hash}: ${reason.trim()}`);
  }
  return 'SENT';
}

/** Where the attempts stand: the mined one (latest first), or whether all of them have expired. */
export async function tronFollow(
  deps: WithdrawalDeps,
  w: Withdrawal,
): Promise<{ mined?: TronTxFollow; allExpired: boolean }> {
  const tron = tronDeps(deps);
  let allExpired = true;
  for (const a of [...(w.tx?.attempts ?? [])].reverse()) {
    const f = await tron.chain.follow(a.hash, expirationOf(a.raw));
    if (f.state === 'MINED' || f.state === 'SOLIDIFIED') return { mined: f, allExpired: false };
    if (f.state !== 'EXPIRED') allExpired = false;
  }
  return { allExpired: allExpired && (w.tx?.attempts.length ?? 0) > 0 };
}

/** A new attempt once every earlier one has expired (none of them can be mined any more). */
export async function tronReplace(deps: WithdrawalDeps, w: Withdrawal): Promise<Withdrawal> {
  const tron = tronDeps(deps);
  const { mined, allExpired } = await tronFollow(deps, w);
  if (mined || !allExpired || !w.tx) return w;
  const signed = await signAttempt(deps, w, w.tx.from);
  const next = await deps.withdrawals.addAttempt(
    w,
    {
      hash: signed.hash,
      raw: signed.raw,
      gasPrice: tron.feeLimitSun,
      signedAt: deps.clock.now().toISOString(),
    },
    { status: 'BROADCASTING', attempts: w.tx.attempts.length },
  );
  await tronSend(deps, next);
  return next;
}

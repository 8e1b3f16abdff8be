import type { TronChainGateway } from '../../../shared/adapters/tron/tron-chain-gateway';
import { PrivateKeyTronSigner } from '../../../shared/adapters/tron/tron-signer';
import type { TronSigner } from '../../../shared/adapters/tron/tron-signer';
import { gasTankFundingEntry, masterFundingEntry } from '../../../shared/app/sweeps/sweep-accounting';
import type { LedgerStore } from '../../../shared/ports/ledger';

/**
 * The local TRON gas tank (HD account 3): filled from the stand-in's faucet when it holds less than half
 * of `target` (liquid plus staked), the funding booked in the ledger (world → its custody) once
 * solidified, and `stake` of it frozen for energy (Stake 2.0) so sweeps can take energy by delegation.
 */
export async function ensureTronGasTank(options: {
  readonly chain: TronChainGateway;
  readonly tank: TronSigner;
  readonly faucet: { readonly privateKey: string };
  readonly ledger: LedgerStore;
  readonly target: bigint;
  readonly stake: bigint;
  readonly sleep: (ms: number) => Promise<void>;
  readonly waitForFinalityMs: number;
}): Promise<{ readonly address: string; readonly funded: bigint; readonly staked: bigint }> {
  const { chain, tank } = options;
  const frozen = async () => {
    const a = await chain.node.post<{
      frozenV2?: { type?: string; amount?: number }[];
      account_resource?: { delegated_frozenV2_balance_for_energy?: number };
    }>('/wallet/getaccount', {
      address: tank.address,
      visible: true,
    });
    // Staked for energy: what is still with the tank plus what it has delegated to a deposit address.
    return (
      BigInt(a.frozenV2?.find((f) => f.type === 'ENERGY')?.amount ?? 0) +
      BigInt(a.account_resource?.delegated_frozenV2_balance_for_energy ?? 0)
    );
  };
  const holding = (await chain.account(tank.address)).balanceSun + (await frozen());
  let funded = 0n;
  if (holding < options.target / 2n) {
    funded = options.target - holding;
    const txID = await sendFromFaucet(chain, options.faucet, tank.address, funded);
    const blockTime = await solidified(chain, txID, options);
    await options.ledger.post(gasTankFundingEntry('TRON', txID, 'TRX@TRON', funded, blockTime));
  }
  const missing = options.stake - (await frozen());
  let staked = 0n;
  if (missing >= 1_000_000n) {
    const freeze = await tank.signTransaction(await chain.buildFreezeEnergy(tank.address, missing));
    const out = await chain.broadcast(freeze);
    if (out.status === 'REJECTED') throw new Error(`TRON gas tank stake refused: ${out.code} ${out.message}`);
    staked = missing;
  }
  return { address: tank.address, funded, staked };
}

/**
 * Each partner's TRON MASTER gets TRX from the stand-in's faucet when it holds less than half of
 * `target`, so a TRON withdrawal can pay its energy and bandwidth (the fee limit) on a fresh stack
 * instead of waiting in MASTER_GAS_LOW. Each funding is booked (world → that MASTER's TRX custody)
 * once solidified, as on EVM, so the reconciliation finds the ledger and the chain equal.
 */
export async function ensureTronMastersFunded(options: {
  readonly chain: TronChainGateway;
  readonly faucet: { readonly privateKey: string };
  readonly ledger: LedgerStore;
  readonly masters: readonly { readonly partnerId: string; readonly address: string }[];
  readonly target: bigint;
  readonly sleep: (ms: number) => Promise<void>;
  readonly waitForFinalityMs: number;
}): Promise<{ readonly funded: number }> {
  const { chain } = options;
  const sent: { partnerId: string; txID: string; amount: bigint }[] = [];
  for (const m of options.masters) {
    const balance = (await chain.account(m.address)).balanceSun;
    if (balance >= options.target / 2n) continue;
    const amount = options.target - balance;
    sent.push({
      partnerId: m.partnerId,
      amount,
      txID: await sendFromFaucet(chain, options.faucet, m.address, amount),
    });
  }
  // Sent together, solidified together (~20 one-second blocks on the stand-in).
  for (const s of sent) {
    const blockTime = await solidified(chain, s.txID, options);
    await options.ledger.post(
      masterFundingEntry('TRON', s.txID, s.partnerId, 'TRX@TRON', s.amount, blockTime),
    );
  }
  return { funded: sent.length };
}

async function sendFromFaucet(
  chain: TronChainGateway,
  faucetKey: { readonly privateKey: string },
  to: string,
  sun: bigint,
): Promise<string> {
  const faucet = new PrivateKeyTronSigner(faucetKey.privateKey);
  const tx = await faucet.signTransaction(await chain.buildTrxTransfer(faucet.address, to, sun));
  const sent = await chain.broadcast(tx);
  if (sent.status === 'REJECTED')
    throw new Error(`TRX funding of ${to} refused: ${sent.code} ${sent.message}`);
  return tx.txID;
}

/** The block time of a successful transaction once it is solidified (final), polling until then. */
async function solidified(
  chain: TronChainGateway,
  txID: string,
  options: { readonly sleep: (ms: number) => Promise<void>; readonly waitForFinalityMs: number },
): Promise<string> {
  const until = Date.now() + options.waitForFinalityMs;
  for (;;) {
    const [mined, head] = await Promise.all([chain.transaction(txID), chain.head()]);
    if (mined?.success && mined.blockNumber <= head.finalized) return mined.blockTime;
    if (Date.now() >= until) throw new Error(`TRX funding ${txID} not solidified in time`);
    await options.sleep(500);
  }
}

/**
 * Operator commands for fees, wallets and deposits (`npm run cli -- fees|wallet|deposits …`), split
 * from scripts/cli.ts so each area keeps its own file.
 */
import { getDeps } from '../shared/composition/gateway';
import { getDepositDeps } from '../shared/composition/deposits';
import { masterWalletsFor } from '../shared/composition/master-wallets';
import { EvmTransferScanner } from '../shared/adapters/evm/evm-transfer-scanner';
import { tronNodeOptions } from '../shared/adapters/tron/tron-node-client';
import { TronTransferScanner } from '../shared/adapters/tron/tron-transfer-scanner';
import { assignDeposit } from '../shared/app/deposits/deposit-queries';
import { reprocessFlaggedDeposit } from '../shared/app/deposits/reprocess-deposit';
import { setFeeSettings } from '../shared/app/deposits/fee-chain';
import { percentToPpm } from '../shared/domain/deposit/fees';
import type { NetworkCode } from '../shared/config/networks';

export const DEPOSIT_USAGE = `
  fees set --code CODE [--min-fee 0.5] [--parent-fee 0.3] [--max-cap 3] [--deposit-fee 1.2]   rates in percent
  fees show --code CODE
  wallet master --partner CODE --network BSC|POLYGON     activate a chain: the partner's MASTER wallet
  deposits assign --partner CODE --code D… --user USER_ID   attribute an unattributed deposit
  deposits rescan --network BSC|POLYGON|TRON --from BLOCK --to BLOCK   re-examine a block range
  deposits reprocess --partner CODE --code D…   run a deposit flagged FAILED/INTAKE_ERROR through the intake again`;

export interface DepositCliValues {
  code?: string;
  partner?: string;
  network?: string;
  user?: string;
  from?: string;
  to?: string;
  'min-fee'?: string;
  'parent-fee'?: string;
  'max-cap'?: string;
  'deposit-fee'?: string;
}

const print = (value: unknown): void =>
  void process.stdout.write(
    `${JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v), 2)}\n`,
  );

export async function runDepositCommand(
  area: string,
  verb: string | undefined,
  values: DepositCliValues,
  operator: string,
): Promise<boolean> {
  const deps = getDeps();
  const partnerByCode = async (code: string | undefined) => {
    if (!code) throw new Error('--partner/--code is required');
    const p = await deps.partners.getByCode(code);
    if (!p) throw new Error(`Partner ${code} not found`);
    return p;
  };
  switch (`${area} ${verb}`) {
    case 'fees set': {
      const partner = await partnerByCode(values.code);
      if (partner.parentId) {
        // A distributor's or merchant's rates: the same check over its whole subtree (floors, caps) and
        // the same one-transaction write as the sub-partner API (ADR 0031), done as its parent.
        if (values['min-fee']) throw new Error('--min-fee is the platform base rate: set it on the platform');
        const fees = {
          ...(values['parent-fee'] ? { parentFeeRate: values['parent-fee'] } : {}),
          ...(values['max-cap'] ? { maxFeeCap: values['max-cap'] } : {}),
          ...(values['deposit-fee'] ? { depositFeeRate: values['deposit-fee'] } : {}),
        };
        const { updateSubPartner } = await import('../shared/app/partners/sub-partners');
        const { getSubPartnerDeps } = await import('../shared/composition/sub-partners');
        await updateSubPartner(
          getSubPartnerDeps(),
          { partnerId: partner.parentId, actor: { type: 'OPERATOR', id: operator } },
          partner.code,
          { fees },
        );
        print(await getDepositDeps().fees.get(partner.id));
        return true;
      }
      const rate = (v: string | undefined) => (v === undefined ? undefined : percentToPpm(v));
      const settings = {
        ...(values['min-fee'] ? { minFeeRate: rate(values['min-fee']) } : {}),
        ...(values['parent-fee'] ? { parentFeeRate: rate(values['parent-fee']) } : {}),
        ...(values['max-cap'] ? { maxFeeCap: rate(values['max-cap']) } : {}),
        ...(values['deposit-fee'] ? { depositFeeRate: rate(values['deposit-fee']) } : {}),
      };
      await setFeeSettings(
        { partners: deps.partners, fees: getDepositDeps().fees },
        partner,
        settings,
        deps.clock.now().toISOString(),
      );
      await deps.audit.record({
        partnerId: partner.id,
        actor: { type: 'OPERATOR', id: operator },
        action: 'fees.set',
        outcome: 'SUCCESS',
        at: deps.clock.now().toISOString(),
        details: Object.fromEntries(Object.entries(settings).map(([k, v]) => [k, String(v)])),
      });
      print(await getDepositDeps().fees.get(partner.id));
      return true;
    }
    case 'fees show':
      print(await getDepositDeps().fees.get((await partnerByCode(values.code)).id));
      return true;
    case 'wallet master': {
      const partner = await partnerByCode(values.partner);
      print(
        await masterWalletsFor(getDepositDeps()).masterWallet(
          partner.id,
          (values.network ?? '') as NetworkCode,
        ),
      );
      return true;
    }
    case 'deposits assign': {
      const partner = await partnerByCode(values.partner);
      if (!values.code || !values.user) throw new Error('--code and --user are required');
      print(
        await assignDeposit(
          { deposits: getDepositDeps().deposits, audit: deps.audit, clock: deps.clock },
          partner.id,
          values.code,
          values.user,
          operator,
        ),
      );
      return true;
    }
    case 'deposits reprocess': {
      const partner = await partnerByCode(values.partner);
      if (!values.code) throw new Error('--code is required');
      const flagged = await getDepositDeps().deposits.getByCode(partner.id, values.code);
      if (!flagged) throw new Error(`Deposit ${values.code} not found`);
      const net = deps.config.networks[flagged.network];
      const scanner =
        net.family === 'TRON'
          ? TronTransferScanner.connect(net, tronNodeOptions(deps.config))
          : EvmTransferScanner.connect(net, { timeoutMs: deps.config.poller.rpcTimeoutMs });
      print(
        await reprocessFlaggedDeposit(
          {
            deposits: getDepositDeps().deposits,
            intake: getDepositDeps().intake,
            audit: deps.audit,
            clock: deps.clock,
          },
          scanner,
          partner.id,
          values.code,
          operator,
        ),
      );
      return true;
    }
    case 'deposits rescan': {
      const network = values.network as NetworkCode;
      const from = Number(values.from);
      const to = Number(values.to);
      if (!deps.config.networks[network] || !Number.isInteger(from) || !Number.isInteger(to) || from > to)
        throw new Error('--network, --from and --to (from ≤ to) are required');
      const options = { timeoutMs: deps.config.poller.rpcTimeoutMs };
      const scanner =
        deps.config.networks[network].family === 'TRON'
          ? TronTransferScanner.connect(deps.config.networks[network], tronNodeOptions(deps.config))
          : EvmTransferScanner.connect(deps.config.networks[network], options);
      const head = await scanner.head();
      const transfers = await scanner.scan(from, Math.min(to, head.latest));
      const intake = getDepositDeps().intake;
      const ingested = await intake.ingest(network, transfers, head);
      const confirmed = await intake.confirm(network, head, scanner);
      print({
        network,
        from,
        to: Math.min(to, head.latest),
        transfers: transfers.length,
        ...ingested,
        ...confirmed,
      });
      return true;
    }
    default:
      return false;
  }
}

import { GatewayError, NotFoundError } from '../../domain/errors';
import type { AuditLog } from '../../ports/audit-log';
import type { Clock } from '../../ports/clock';
import type { DepositRepository } from '../../ports/deposits';
import type { DepositIntake, TransferScanner } from '../../ports/evm-transfers';

/**
 * The operator's way out for a deposit the intake flagged FAILED / INTAKE_ERROR (issue 12 §0), once the
 * cause is fixed (`npm run cli -- deposits reprocess --partner CODE --code D…`): the uncredited record is
 * removed (conditionally: only while it is still flagged and has no ledger entry) and the transfer, read
 * again from the chain as it stands now, goes through the intake like any new one — same deterministic
 * id, so attribution, fee and credit follow the normal path exactly once. Audited.
 *
 * If the intake fails it again, it is flagged again (and alerted). If the transfer is no longer on the
 * chain (reorged away), nothing is recorded and the reason says so.
 */
export async function reprocessFlaggedDeposit(
  deps: {
    readonly deposits: DepositRepository;
    readonly intake: DepositIntake;
    readonly audit: AuditLog;
    readonly clock: Clock;
  },
  scanner: TransferScanner,
  partnerId: string,
  code: string,
  operator: string,
): Promise<{ readonly depositId: string; readonly detected: number; readonly status: string | undefined }> {
  const d = await deps.deposits.getByCode(partnerId, code);
  if (!d) throw new NotFoundError(`Deposit ${code} not found`);
  if (d.status !== 'FAILED' || d.failureReason !== 'INTAKE_ERROR' || d.ledgerEntryId) {
    throw new GatewayError(
      'ILLEGAL_TRANSITION',
      `Deposit ${code} is not flagged for review (status ${d.status})`,
    );
  }
  if (d.network !== scanner.network)
    throw new GatewayError('VALIDATION_FAILED', `Deposit ${code} is on ${d.network}`);
  const transfer = (await scanner.transfersInTransaction(d.txHash)).find(
    (t) =>
      t.logIndex === d.logIndex && t.to.toLowerCase() === d.toAddress.toLowerCase() && t.amount === d.amount,
  );
  if (!transfer) throw new NotFoundError(`The transfer of deposit ${code} is not on the chain now`);
  const head = await scanner.head();
  if (!(await deps.deposits.deleteFlagged(d.id))) {
    throw new GatewayError('CONFLICT', `Deposit ${code} changed while reprocessing; look again`);
  }
  const { detected } = await deps.intake.ingest(d.network, [transfer], head);
  const now = await deps.deposits.get(d.id);
  await deps.audit.record({
    partnerId,
    actor: { type: 'OPERATOR', id: operator },
    action: 'deposit.reprocess',
    outcome: 'SUCCESS',
    at: deps.clock.now().toISOString(),
    details: {
      depositId: d.id,
      txHash: d.txHash,
      previousFailure: d.failureDetail ?? '',
      status: now?.status ?? 'NONE',
    },
  });
  return { depositId: d.id, detected, status: now?.status };
}

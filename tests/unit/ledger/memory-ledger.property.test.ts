import fc from 'fast-check';
import { isGatewayError } from '../../../shared/domain/errors';
import { netPerAsset, payloadHash } from '../../../shared/domain/ledger/entry';
import { MemoryLedger } from '../../../shared/domain/ledger/memory-ledger';
import { availableDelta, planEntry } from '../../../shared/domain/ledger/plan';
import { commandArb, toRequests } from './ledger-fixtures';

function snapshot(l: MemoryLedger): string {
  return JSON.stringify(
    [...l.accounts.entries()].sort(([a], [b]) => (a < b ? -1 : 1)),
    (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v),
  );
}

describe('ledger model under generated command sequences', () => {
  const seen = { applied: 0, duplicate: 0, insufficient: 0, resolved: 0 };
  afterAll(() => {
    process.stdout.write(`ledger property paths: ${JSON.stringify(seen)}\n`);
    // Guard against a vacuous property: the generated sequences must exercise every path.
    expect(seen.applied).toBeGreaterThan(5_000);
    expect(seen.duplicate).toBeGreaterThan(100);
    expect(seen.insufficient).toBeGreaterThan(100);
    expect(seen.resolved).toBeGreaterThan(100);
  });

  it('keeps every invariant: balanced entries, no forbidden negatives, idempotent replays, holds resolved once, zero sum per asset', () => {
    fc.assert(
      fc.property(fc.array(commandArb, { minLength: 20, maxLength: 80 }), (commands) => {
        const ledger = new MemoryLedger();
        const resolutions = new Map<string, number>();
        for (const { request, kind } of toRequests(commands)) {
          const before = snapshot(ledger);
          const availableBefore = new Map([...ledger.accounts].map(([id, a]) => [id, a.available]));
          const existed = ledger.entries.has(request.id);
          try {
            const outcome = ledger.post(request);
            if (existed) {
              // A retry of the same cause is a no-op that returns the original.
              expect(outcome.status).toBe('DUPLICATE');
              seen.duplicate += 1;
              expect(snapshot(ledger)).toBe(before);
            } else {
              expect(outcome.status).toBe('APPLIED');
              seen.applied += 1;
              if (request.pendingId) seen.resolved += 1;
              if (request.pendingId)
                resolutions.set(request.pendingId, (resolutions.get(request.pendingId) ?? 0) + 1);
            }
          } catch (e) {
            expect(snapshot(ledger)).toBe(before); // a refused entry changes nothing
            if (!isGatewayError(e)) throw e;
            const stored = ledger.entries.get(request.id);
            if (kind === 'conflict' && existed) expect(e.code).toBe('LEDGER_ENTRY_CONFLICT');
            if (stored && stored.payloadHash !== payloadHash(request))
              expect(e.code).toBe('LEDGER_ENTRY_CONFLICT');
            else if (e.code === 'LEDGER_ENTRY_CONFLICT')
              throw new Error('conflict reported for a new or identical entry');
            else if (e.code === 'INSUFFICIENT_FUNDS') {
              // Refused only when the decrease really did not fit the available balance.
              const account = String(e.details['account']);
              seen.insufficient += 1;
              const pendingEntry = request.pendingId ? ledger.entries.get(request.pendingId) : undefined;
              const change = planEntry(request, pendingEntry).changes.find((c) => c.account.id === account);
              if (!change) throw new Error(`no change planned for ${account}`);
              expect(availableBefore.get(account) ?? 0n).toBeLessThan(-availableDelta(change));
            } else {
              expect(['PENDING_ALREADY_RESOLVED', 'PENDING_NOT_FOUND']).toContain(e.code);
            }
          }
          for (const [id, a] of ledger.accounts) {
            // MASTER custody may be reserved ahead of a sweep (the on-chain check guards the broadcast).
            if (!id.startsWith('world') && !id.startsWith('gas') && !/^custody:[^:]+:MASTER/.test(id))
              expect(a.available).toBeGreaterThanOrEqual(0n);
          }
        }
        let posted = 0n;
        let pending = 0n;
        for (const a of ledger.accounts.values()) {
          posted += a.postedDebits - a.postedCredits;
          pending += a.pendingDebits - a.pendingCredits;
        }
        expect(posted).toBe(0n);
        expect(pending).toBe(0n);
        for (const entry of ledger.entries.values()) {
          for (const net of netPerAsset(entry.postings).values()) expect(net).toBe(0n);
          if (entry.kind === 'PENDING')
            expect(['PENDING', 'POSTED', 'VOIDED']).toContain(entry.pendingStatus);
        }
        for (const count of resolutions.values()) expect(count).toBe(1);
        // A still-pending hold keeps exactly its reservation in pending totals.
        const open = [...ledger.entries.values()].filter((e) => e.pendingStatus === 'PENDING');
        const reserved = open.flatMap((e) => e.postings).reduce((s, p) => s + p.amount, 0n);
        const pendingDebits = [...ledger.accounts.entries()]
          .filter(([id]) => id.startsWith('partner'))
          .reduce((s, [, a]) => s + a.pendingDebits, 0n);
        expect(pendingDebits).toBe(reserved);
      }),
      { numRuns: 1_000 },
    );
  });
});

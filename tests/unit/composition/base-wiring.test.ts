import { parseConfig } from '../../../shared/config/config';
import { buildCoreDeps, getCoreDeps } from '../../../shared/composition/core';
import { buildDeps, getDeps, resetDeps, withAccountsAndWebhooks } from '../../../shared/composition/gateway';
import { withLedger } from '../../../shared/composition/ledger';
import { getPartnerApiDeps, withPartnerAuth } from '../../../shared/composition/partner-auth';
import { withAccounts } from '../../../shared/composition/accounts';
import { withSubPartnerReports } from '../../../shared/composition/sub-partner-reports';
import { withSubPartners } from '../../../shared/composition/sub-partners';
import type { Clock } from '../../../shared/ports/clock';

const fixedClock = (): Clock => ({ now: () => new Date('2026-01-01T00:00:00Z') });

/** The per-function base wiring (ADR 0025): a core, extended in place with the groups a function uses. */
describe('base wiring', () => {
  const config = parseConfig({});

  afterEach(() => resetDeps());

  it('has only the core adapters until a group is added', () => {
    const core = buildCoreDeps(config);
    expect(Object.keys(core).sort()).toEqual(
      ['audit', 'clock', 'config', 'db', 'keyVault', 'logger', 'onAuditFailure', 'pageCursors'].sort(),
    );
    const partnerApi = withPartnerAuth(core);
    expect(Object.keys(partnerApi)).toEqual(expect.arrayContaining(['apiKeys', 'replayGuard', 'partners']));
    expect(Object.keys(partnerApi)).not.toContain('ledger');
    expect(Object.keys(partnerApi)).not.toContain('users');
    expect(Object.keys(partnerApi)).not.toContain('webhooks');
  });

  it('adds each group once, to the same object: one DynamoDB client, one clock, one ledger', () => {
    const clock = fixedClock();
    const core = buildCoreDeps(config, { clock });
    const withGroups = withLedger(withPartnerAuth(core));
    expect(withGroups).toBe(core);
    expect(withLedger(core).ledger).toBe(withGroups.ledger);
    const full = withAccountsAndWebhooks(core);
    expect(full).toBe(core);
    expect(full.clock).toBe(clock);
    expect(full.ledger).toBe(withGroups.ledger);
    expect(withAccountsAndWebhooks(core).users).toBe(full.users);
  });

  it('gives the full wiring to tests through buildDeps, with their overrides', () => {
    const clock = fixedClock();
    const deps = buildDeps(config, { clock });
    expect(deps.clock).toBe(clock);
    expect(Object.keys(deps)).toEqual(
      expect.arrayContaining(['ledger', 'apiKeys', 'users', 'sessions', 'webhooks', 'webhookSettings']),
    );
  });

  it("extends the process's core for getDeps and getPartnerApiDeps, whichever comes first", () => {
    const core = getCoreDeps();
    expect(getPartnerApiDeps()).toBe(core);
    expect(getDeps()).toBe(core);
    expect(getDeps().db).toBe(core.db);
    resetDeps();
    const full = getDeps();
    expect(full).not.toBe(core);
    expect(getCoreDeps()).toBe(full);
  });

  // npm start runs every function in one process on one core: the console's sub-partner pages
  // (management, then reports, or the other way round) must share it without a second fee adapter.
  it.each([
    ['management first', ['manage', 'reports']],
    ['reports first', ['reports', 'manage']],
  ] as const)(
    'serves sub-partner management and reports from one core, %s, with one fees adapter',
    (_, order) => {
      const core = buildCoreDeps(config, { clock: fixedClock() });
      const wire = {
        manage: () => withSubPartners(withAccounts(core)),
        reports: () => withSubPartnerReports(withPartnerAuth(core)),
      };
      const [first, second] = order.map((group) => wire[group]());
      expect(first).toBe(core);
      expect(second).toBe(core);
      expect(wire.manage().fees).toBe(wire.reports().fees);
    },
  );
});

import { FUNCTIONS, routeAuth } from '../../../functions/catalog';
import { routes as accountRoutes } from '../../../functions/console-api/account';
import { routes as authRoutes } from '../../../functions/console-api/auth';
import { routes as dashboardRoutes } from '../../../functions/console-api/dashboard';
import { routes as depositRoutes } from '../../../functions/console-api/deposits';
import { routes as financeRoutes } from '../../../functions/console-api/finance';
import { routes as gasRoutes } from '../../../functions/console-api/gas';
import { routes as invoiceRoutes } from '../../../functions/console-api/invoices';
import { routes as memberRoutes } from '../../../functions/console-api/members';
import { routes as subPartnerRoutes } from '../../../functions/console-api/sub-partners';
import { routes as subPartnerReportRoutes } from '../../../functions/console-api/sub-partner-reports';
import { routes as walletRoutes } from '../../../functions/console-api/wallets';
import { routes as webhookRoutes } from '../../../functions/console-api/webhooks';
import { routes as withdrawalRoutes } from '../../../functions/console-api/withdrawals';
import { routes as workspaceRoutes } from '../../../functions/console-api/workspace';
import type { ConsoleRoutes } from '../../../shared/adapters/lambda/console-api-handler';

const TABLES: Record<string, ConsoleRoutes> = {
  'functions/console-api/auth.ts': authRoutes,
  'functions/console-api/account.ts': accountRoutes,
  'functions/console-api/members.ts': memberRoutes,
  'functions/console-api/workspace.ts': workspaceRoutes,
  'functions/console-api/dashboard.ts': dashboardRoutes,
  'functions/console-api/deposits.ts': depositRoutes,
  'functions/console-api/gas.ts': gasRoutes,
  'functions/console-api/invoices.ts': invoiceRoutes,
  'functions/console-api/finance.ts': financeRoutes,
  'functions/console-api/wallets.ts': walletRoutes,
  'functions/console-api/webhooks.ts': webhookRoutes,
  'functions/console-api/withdrawals.ts': withdrawalRoutes,
  'functions/console-api/sub-partners.ts': subPartnerRoutes,
  'functions/console-api/sub-partner-reports.ts': subPartnerReportRoutes,
};

describe('console routes: catalog and handlers agree', () => {
  const consoleFunctions = FUNCTIONS.filter(
    (f) => f.kind === 'api' && (f.routes ?? []).some((r) => routeAuth(r) !== 'partner'),
  );

  it('every console function has a route table', () => {
    expect(consoleFunctions.map((f) => f.entry).sort()).toEqual(Object.keys(TABLES).sort());
  });

  it.each(consoleFunctions.map((f) => [f.name, f]))(
    '%s serves exactly its catalog routes, with the same auth',
    (_, spec) => {
      const table = TABLES[spec.entry]!;
      const catalog = (spec.routes ?? []).map((r) => [`${r.method} ${r.path}`, routeAuth(r)]).sort();
      const served = Object.entries(table)
        .map(([key, route]) => [key, route.auth])
        .sort();
      expect(served).toEqual(catalog);
    },
  );

  it('puts console and public routes under /console/ and nothing else there', () => {
    for (const f of FUNCTIONS) {
      for (const r of f.routes ?? []) expect(r.path.startsWith('/console/')).toBe(routeAuth(r) !== 'partner');
    }
  });
});

/**
 * Console-account commands of the operator CLI (`npm run cli -- user …`, `totp`, `outbox`).
 */
import { randomBytes } from 'node:crypto';
import { readStackFile } from './local/stack-file';

export const CONSOLE_USAGE = `
  user create --partner CODE --email EMAIL --role OWNER|ADMIN|OPERATOR|APPROVER|FINANCE|VIEWER [--name NAME] [--password P]
                                    a console user (a partner's first owner); prints a generated password once
  user list --partner CODE
  user deactivate --email EMAIL     stops every session of the user at once (user reactivate to undo)
  totp --partner CODE               the current 6-digit code of the local demo owner (from .local/stack.json)
  outbox [--limit 20]               email the local stack has sent (also at /dev/outbox)
  dashboard rebuild --partner CODE [--from YYYY-MM-DD]
                                    recompute the dashboard's daily counters from the records (default: the last 31 days)
  revenue rebuild [--from YYYY-MM-DD] [--code PLATFORM]
                                    recompute the sub-partner activity and revenue counters of the whole tree from
                                    the records (ADR 0032; default: the last 62 days); run once after the deploy
                                    that adds them, when the network is quiet`;

type Values = Record<string, string | boolean | undefined>;
const OPERATOR = (id: string) => ({ type: 'OPERATOR' as const, id });

export async function runConsoleCommand(
  area: string,
  verb: string | undefined,
  values: Values,
  operatorId: string,
): Promise<boolean> {
  const print = (value: unknown): void => void process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
  const str = (name: string): string | undefined =>
    typeof values[name] === 'string' ? (values[name] as string) : undefined;
  const need = (name: string): string => {
    const v = str(name);
    if (!v) throw new Error(`--${name} is required`);
    return v;
  };

  if (area === 'totp') {
    const { totpCodeAt } = await import('../shared/domain/accounts/totp');
    const stack = readStackFile();
    const partner = stack?.partners.find((p) => p.code === (str('partner') ?? 'DEMO_SHOP'));
    const user = partner?.consoleUsers[0];
    if (!user) throw new Error('No demo console user for that partner in .local/stack.json (run npm start)');
    process.stdout.write(
      `${user.email}  ${totpCodeAt(user.totpSecret, Date.now())}  (valid for ${30 - (Math.floor(Date.now() / 1000) % 30)} s; each code works once)\n`,
    );
    return true;
  }

  const { getDeps } = await import('../shared/composition/gateway');
  const deps = getDeps();
  if (area === 'outbox') {
    const { DynamoEmailOutbox } = await import('../shared/adapters/dynamodb/email-outbox');
    const outbox = new DynamoEmailOutbox(deps.db, deps.config.tableName, deps.config.email.from);
    for (const m of (await outbox.list({ limit: Number(str('limit') ?? 20) })).reverse()) {
      process.stdout.write(`\n${m.sentAt}  ${m.kind}  to ${m.to}\n${m.subject}\n${m.text}\n`);
    }
    return true;
  }
  if (area === 'dashboard' && verb === 'rebuild') {
    const partner = await deps.partners.getByCode(need('partner'));
    if (!partner) throw new Error(`Partner ${str('partner')} not found`);
    const { rebuildActivity } = await import('../shared/app/console-views/rebuild-activity');
    const { DynamoActivityCounters } = await import('../shared/adapters/dynamodb/activity-counters');
    const { DynamoWithdrawalRepository } = await import('../shared/adapters/dynamodb/withdrawal-repository');
    const { getDepositDeps } = await import('../shared/composition/deposits');
    const from = str('from') ?? new Date(Date.now() - 31 * 86_400_000).toISOString().slice(0, 10);
    print(
      await rebuildActivity(
        {
          deposits: getDepositDeps().deposits,
          withdrawals: new DynamoWithdrawalRepository(deps.db, deps.config.tableName),
          activity: new DynamoActivityCounters(deps.db, deps.config.tableName),
          clock: deps.clock,
          partners: deps.partners,
        },
        partner.id,
        from,
      ),
    );
    return true;
  }
  if (area === 'revenue' && verb === 'rebuild') {
    const root = await deps.partners.getByCode(str('code') ?? 'PLATFORM');
    if (!root) throw new Error(`Partner ${str('code') ?? 'PLATFORM'} not found`);
    const { rebuildSubtreeActivity } = await import('../shared/app/partners/rebuild-subtree-activity');
    const { DynamoSubtreeActivity } = await import('../shared/adapters/dynamodb/subtree-activity-reader');
    const { DynamoActivityCounters } = await import('../shared/adapters/dynamodb/activity-counters');
    const { DynamoWithdrawalRepository } = await import('../shared/adapters/dynamodb/withdrawal-repository');
    const { getDepositDeps } = await import('../shared/composition/deposits');
    const subtree = new DynamoSubtreeActivity(deps.db, deps.config.tableName);
    const counters = new DynamoActivityCounters(deps.db, deps.config.tableName);
    const from = str('from') ?? new Date(Date.now() - 62 * 86_400_000).toISOString().slice(0, 10);
    print(
      await rebuildSubtreeActivity(
        {
          partners: deps.partners,
          deposits: getDepositDeps().deposits,
          withdrawals: new DynamoWithdrawalRepository(deps.db, deps.config.tableName),
          writer: {
            put: (ancestorId, row) => subtree.put(ancestorId, row),
            putEarned: (partnerId, day, earned) => subtree.putEarned(partnerId, day, earned),
            replaceSubPartnerCounts: (partnerId, counts) =>
              counters.replaceSubPartnerCounts(partnerId, counts),
          },
        },
        root,
        from,
      ),
    );
    return true;
  }
  if (area !== 'user') return false;

  const members = await import('../shared/app/accounts/members');
  const { toUserView } = await import('../shared/domain/accounts/user');
  switch (verb) {
    case 'create': {
      const partner = await deps.partners.getByCode(need('partner'));
      if (!partner) throw new Error(`Partner ${str('partner')} not found`);
      const password =
        str('password') ?? `Tmp-${randomBytes(12).toString('base64url').replace(/[-_]/g, 'x')}-1!`;
      const user = await members.createConsoleUser(deps, OPERATOR(operatorId), {
        partnerId: partner.id,
        email: need('email'),
        name: str('name') ?? need('email'),
        role: need('role'),
        password,
      });
      print(user);
      if (!str('password'))
        process.stdout.write(
          `\nInitial password (shown once; ask the user to change it and turn on 2FA): ${password}\n`,
        );
      return true;
    }
    case 'list': {
      const partner = await deps.partners.getByCode(need('partner'));
      if (!partner) throw new Error(`Partner ${str('partner')} not found`);
      print((await deps.users.listByPartner(partner.id)).map(toUserView));
      return true;
    }
    case 'deactivate':
    case 'reactivate': {
      const user = await deps.users.getByEmail(need('email').toLowerCase());
      if (!user) throw new Error('No such user');
      const at = deps.clock.now();
      const to = verb === 'deactivate' ? 'DEACTIVATED' : 'ACTIVE';
      const updated = await deps.users.changeStatus(user.id, user.status, to, at.toISOString());
      if (verb === 'deactivate')
        await deps.sessions.revokeAllForUser(user.id, 'MEMBER_DEACTIVATED', at.getTime());
      await deps.audit.record({
        partnerId: user.partnerId,
        actor: OPERATOR(operatorId),
        action: `console.member.${verb}`,
        outcome: 'SUCCESS',
        at: at.toISOString(),
        details: { memberId: user.id },
      });
      print(toUserView(updated));
      return true;
    }
    default:
      return false;
  }
}

import { FinanceContactsRequest } from '../../api/finance-api-schemas';
import type { FinanceContactsResponse } from '../../api/finance-api-schemas';
import type { AuditEntry, AuditLog } from '../../ports/audit-log';
import type { FinanceContacts, FinanceContactStore } from '../../ports/finance';
import { parseInput } from '../webhooks/parse-input';

export interface FinanceContactDeps {
  readonly financeContacts: FinanceContactStore;
  readonly audit: Pick<AuditLog, 'record'>;
  readonly clock: { now(): Date };
}

const view = (c: FinanceContacts): FinanceContactsResponse => ({
  contacts: c.contacts.map((x) => ({ name: x.name, email: x.email })),
  language: c.language,
  updatedAt: c.updatedAt ?? null,
});

/** GET /v1/finance-contacts: who receives the monthly export email, and in which language. */
export async function getFinanceContacts(
  deps: Pick<FinanceContactDeps, 'financeContacts'>,
  partnerId: string,
): Promise<FinanceContactsResponse> {
  return view(await deps.financeContacts.get(partnerId));
}

/**
 * PUT /v1/finance-contacts: replaces the list (up to 5, emails unique) and the language. A refused input
 * changes nothing. Audit-logged with the before and after email lists (names are not needed to audit).
 */
export async function setFinanceContacts(
  deps: FinanceContactDeps,
  actor: AuditEntry['actor'],
  partnerId: string,
  input: unknown,
): Promise<FinanceContactsResponse> {
  const request = parseInput(FinanceContactsRequest, input);
  const before = await deps.financeContacts.get(partnerId);
  const at = deps.clock.now().toISOString();
  const next: FinanceContacts = { contacts: request.contacts, language: request.language, updatedAt: at };
  await deps.financeContacts.put(partnerId, next);
  await deps.audit.record({
    partnerId,
    actor,
    action: 'finance.contacts.update',
    outcome: 'SUCCESS',
    at,
    details: {
      emails: next.contacts.map((c) => c.email).join(','),
      previousEmails: before.contacts.map((c) => c.email).join(','),
      language: next.language,
    },
  });
  return view(next);
}

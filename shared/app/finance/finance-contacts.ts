import type { AuditEntry, AuditLog } from '../../ports/audit-log';
import type {
  FinanceContact,
  FinanceContacts,
  FinanceContactStore,
  FinanceLanguage,
} from '../../ports/finance';

export interface FinanceContactDeps {
  readonly financeContacts: FinanceContactStore;
  readonly audit: Pick<AuditLog, 'record'>;
  readonly clock: { now(): Date };
}

/** The wire view (FinanceContactsResponse in shared/api/finance-api-schemas.ts). */
export interface FinanceContactsView {
  readonly contacts: FinanceContact[];
  readonly language: FinanceLanguage;
  readonly updatedAt: string | null;
}

const view = (c: FinanceContacts): FinanceContactsView => ({
  contacts: c.contacts.map((x) => ({ name: x.name, email: x.email })),
  language: c.language,
  updatedAt: c.updatedAt ?? null,
});

/** GET /v1/finance-contacts: who receives the monthly export email, and in which language. */
export async function getFinanceContacts(
  deps: Pick<FinanceContactDeps, 'financeContacts'>,
  partnerId: string,
): Promise<FinanceContactsView> {
  return view(await deps.financeContacts.get(partnerId));
}

/**
 * PUT /v1/finance-contacts: replaces the list and the language (the handler parsed the request with
 * FinanceContactsRequest: up to 5, emails unique, so a refused input never gets here). Audit-logged with the before and after email lists (names are not needed to audit).
 */
export async function setFinanceContacts(
  deps: FinanceContactDeps,
  actor: AuditEntry['actor'],
  partnerId: string,
  request: Pick<FinanceContacts, 'contacts' | 'language'>,
): Promise<FinanceContactsView> {
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

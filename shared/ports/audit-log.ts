export interface AuditEntry {
  /** Tenant the entry belongs to; null for events that cannot be tied to a partner (unknown key). */
  readonly partnerId: string | null;
  readonly actor: { readonly type: 'API_KEY' | 'USER' | 'OPERATOR' | 'SYSTEM'; readonly id: string };
  readonly action: string;
  readonly outcome: 'SUCCESS' | 'DENIED' | 'FAILED';
  readonly at: string;
  readonly sourceIp?: string;
  readonly reason?: string;
  readonly details?: Readonly<Record<string, string | number | boolean | null>>;
}

export interface StoredAuditEntry extends AuditEntry {
  readonly id: string;
}

export interface AuditLog {
  record(entry: AuditEntry): Promise<StoredAuditEntry>;
  list(partnerId: string | null, options?: { limit?: number }): Promise<StoredAuditEntry[]>;
}

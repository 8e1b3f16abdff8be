/**
 * Outgoing email (password resets, invitations, verification, security notices). On AWS the SES
 * adapter sends it; locally the outbox adapter keeps it in DynamoDB for `/dev/outbox` and the terminal.
 */
export type EmailKind =
  | 'PASSWORD_RESET'
  | 'INVITATION'
  | 'EMAIL_VERIFICATION'
  | 'PASSWORD_CHANGED'
  | 'EMAIL_CHANGED'
  | 'TWO_FACTOR_CHANGED'
  | 'ACCOUNT_CREATED'
  /** The monthly finance export of a partner is ready (to its finance contacts). */
  | 'FINANCE_EXPORT';

export interface EmailMessage {
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  readonly kind: EmailKind;
}

export interface SentEmail {
  readonly messageId: string;
}

export interface EmailSender {
  send(message: EmailMessage): Promise<SentEmail>;
}

export interface OutboxMessage extends EmailMessage {
  readonly id: string;
  readonly from: string;
  readonly sentAt: string;
}

/** The local outbox, newest first. */
export interface EmailOutbox {
  list(options?: { limit?: number }): Promise<OutboxMessage[]>;
}

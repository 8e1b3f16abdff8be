import { GatewayError } from '../errors';
import type { Permission, Role } from './permissions';

/** An invitation to join a partner's workspace with a role; accepted by setting a password. */
export type InvitationStatus = 'PENDING' | 'ACCEPTED' | 'REVOKED';

export interface Invitation {
  readonly id: string;
  readonly partnerId: string;
  readonly email: string;
  readonly role: Role;
  readonly extraPermissions: readonly Permission[];
  readonly invitedBy: string;
  readonly status: InvitationStatus;
  /** The token currently valid for it (resending replaces it). */
  readonly tokenId: string;
  readonly createdAt: string;
  readonly expiresAt: string;
  readonly updatedAt: string;
  readonly acceptedAt?: string;
  readonly acceptedUserId?: string;
}

export type InvitationEvent = 'ACCEPT' | 'REVOKE' | 'RESEND';
const INVITATION_TRANSITIONS: Readonly<
  Record<InvitationStatus, Partial<Record<InvitationEvent, InvitationStatus>>>
> = {
  PENDING: { ACCEPT: 'ACCEPTED', REVOKE: 'REVOKED', RESEND: 'PENDING' },
  ACCEPTED: {},
  REVOKED: {},
};

export function transitionInvitation(from: InvitationStatus, event: InvitationEvent): InvitationStatus {
  const to = INVITATION_TRANSITIONS[from][event];
  if (!to)
    throw new GatewayError('ILLEGAL_TRANSITION', `An invitation cannot ${event} from ${from}`, {
      details: { from, event },
    });
  return to;
}

/** What the console lists: an invitation past its expiry shows as EXPIRED. */
export function invitationDisplayStatus(
  inv: Pick<Invitation, 'status' | 'expiresAt'>,
  now: Date,
): InvitationStatus | 'EXPIRED' {
  return inv.status === 'PENDING' && Date.parse(inv.expiresAt) <= now.getTime() ? 'EXPIRED' : inv.status;
}

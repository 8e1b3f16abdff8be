import { GatewayError } from '../errors';

/**
 * Partners are the tenants. The platform operator is the root; DISTRIBUTORs may own sub-partners up to
 * five levels deep; MERCHANTs are leaves.
 */
export type PartnerType = 'PLATFORM' | 'DISTRIBUTOR' | 'MERCHANT';
export type PartnerStatus = 'ACTIVE' | 'SUSPENDED';

export const MAX_DISTRIBUTOR_LEVELS = 5;

export interface Partner {
  readonly id: string;
  /** Human code shown in the console and used by the operator CLI, unique. */
  readonly code: string;
  readonly name: string;
  readonly type: PartnerType;
  readonly status: PartnerStatus;
  readonly parentId: string | null;
  /** 0 for the platform, 1 for its direct children, … */
  readonly depth: number;
  readonly createdAt: string;
  /**
   * The ancestors of this partner that are SUSPENDED (ADR 0031): a suspension reaches the whole
   * subtree's items, so every check that reads the partner (or an API key's copy of it) sees it
   * without reading the ancestors. Absent or empty: none.
   */
  readonly suspendedAncestorIds?: readonly string[];
}

/** Whether the partner may use the API and the console: ACTIVE, under no suspended ancestor. */
export function hasAccess(partner: Pick<Partner, 'status' | 'suspendedAncestorIds'>): boolean {
  return partner.status === 'ACTIVE' && (partner.suspendedAncestorIds?.length ?? 0) === 0;
}

export const PARTNER_CODE_PATTERN = /^[A-Z0-9][A-Z0-9_-]{2,31}$/;

/** The sub-partner types `parent` may register (what `childDepth` accepts), for forms to offer. */
export function registrableTypes(parent: Pick<Partner, 'type' | 'depth'>): ('MERCHANT' | 'DISTRIBUTOR')[] {
  if (parent.type === 'MERCHANT') return [];
  return parent.depth + 1 > MAX_DISTRIBUTOR_LEVELS ? ['MERCHANT'] : ['MERCHANT', 'DISTRIBUTOR'];
}

/** Checks that `type` may sit under `parent`; returns the child's depth. */
export function childDepth(parent: Partner, type: PartnerType): number {
  if (type === 'PLATFORM') {
    throw new GatewayError('VALIDATION_FAILED', 'There is only one platform operator');
  }
  if (parent.type === 'MERCHANT') {
    throw new GatewayError('VALIDATION_FAILED', 'A merchant cannot own sub-partners');
  }
  const depth = parent.depth + 1;
  // Distributors occupy depths 1..5; a merchant may sit under the deepest distributor.
  if (type === 'DISTRIBUTOR' && depth > MAX_DISTRIBUTOR_LEVELS) {
    throw new GatewayError(
      'VALIDATION_FAILED',
      `Distributors nest at most ${MAX_DISTRIBUTOR_LEVELS} levels deep`,
    );
  }
  return depth;
}

export type PartnerEvent = 'SUSPEND' | 'REINSTATE';

const PARTNER_TRANSITIONS: Readonly<Record<PartnerStatus, Partial<Record<PartnerEvent, PartnerStatus>>>> = {
  ACTIVE: { SUSPEND: 'SUSPENDED' },
  SUSPENDED: { REINSTATE: 'ACTIVE' },
};

export function transitionPartner(from: PartnerStatus, event: PartnerEvent): PartnerStatus {
  const to = PARTNER_TRANSITIONS[from][event];
  if (!to)
    throw new GatewayError('ILLEGAL_TRANSITION', `Partner cannot ${event} from ${from}`, {
      details: { from, event },
    });
  return to;
}

import type { PartnerType } from './partner';

/**
 * The fee constraints of seed 000 §7.3 over a subtree (DESIGN.md §1), in ppm:
 *
 * - floor(D) = floor(parent of D) + parentFeeRate(D); the platform's `minFeeRate` is the base.
 * - a MERCHANT M under D charges depositFeeRate(M) within [floor(D), maxFeeCap(D)] (no cap: no upper
 *   bound); a merchant without a rate pays the floor.
 * - a DISTRIBUTOR's maxFeeCap, when set, is at least its own floor (else none of its merchants could
 *   ever be within bounds).
 *
 * Floors are derived, never stored: a rate change "recomputes" every floor below it by definition, and
 * `checkFeeSubtree` answers whether the result still holds for every merchant and distributor.
 */
export interface FeeRates {
  readonly minFeeRate?: bigint;
  readonly parentFeeRate?: bigint;
  readonly maxFeeCap?: bigint;
  readonly depositFeeRate?: bigint;
}

export interface FeeNode {
  readonly id: string;
  readonly code: string;
  readonly type: PartnerType;
  readonly parentId: string | null;
  readonly fees: FeeRates;
}

export interface FeeOffender {
  readonly id: string;
  readonly code: string;
  readonly type: PartnerType;
  /** MERCHANT: its effective rate (the floor when unset). */
  readonly depositFeeRate?: bigint;
  /** The floor it must respect: its distributor's (merchant) or its own (distributor). */
  readonly minFeeRate: bigint;
  readonly maxFeeCap?: bigint;
}

export type FeeCheck =
  | { readonly accepted: true; readonly floors: ReadonlyMap<string, bigint> }
  | { readonly accepted: false; readonly offending: readonly FeeOffender[] };

/**
 * Checks a subtree. `nodes` starts with its root (any partner; the platform for a whole tree) and lists
 * every partner whose parent is in the list after its parent; `baseFloor` is the floor of the root's
 * parent (0 for the platform). Returns every partner's floor ("minFeeRate" of the contract: for a
 * merchant, its distributor's floor) or every offender.
 */
export function checkFeeSubtree(nodes: readonly FeeNode[], baseFloor: bigint): FeeCheck {
  const floors = new Map<string, bigint>();
  const caps = new Map<string, bigint | undefined>();
  const offending: FeeOffender[] = [];
  const [root] = nodes;
  for (const node of nodes) {
    const parentFloor = node === root ? baseFloor : floors.get(node.parentId ?? '');
    if (parentFloor === undefined) throw new RangeError(`Partner ${node.code} is listed before its parent`);
    if (node.type === 'PLATFORM') {
      floors.set(node.id, node.fees.minFeeRate ?? 0n);
      caps.set(node.id, undefined);
    } else if (node.type === 'DISTRIBUTOR') {
      const floor = parentFloor + (node.fees.parentFeeRate ?? 0n);
      floors.set(node.id, floor);
      caps.set(node.id, node.fees.maxFeeCap);
      if (node.fees.maxFeeCap !== undefined && node.fees.maxFeeCap < floor)
        offending.push({
          id: node.id,
          code: node.code,
          type: node.type,
          minFeeRate: floor,
          maxFeeCap: node.fees.maxFeeCap,
        });
    } else {
      floors.set(node.id, parentFloor);
      const cap = node === root ? undefined : caps.get(node.parentId ?? '');
      const rate = node.fees.depositFeeRate ?? parentFloor;
      if (rate < parentFloor || (cap !== undefined && rate > cap))
        offending.push({
          id: node.id,
          code: node.code,
          type: node.type,
          depositFeeRate: rate,
          minFeeRate: parentFloor,
          ...(cap !== undefined ? { maxFeeCap: cap } : {}),
        });
    }
  }
  return offending.length ? { accepted: false, offending } : { accepted: true, floors };
}

/** The fields each type may set through the sub-partner API (the platform's base is the operator's). */
export const FEE_FIELDS_BY_TYPE: Readonly<Record<PartnerType, readonly (keyof FeeRates)[]>> = {
  PLATFORM: ['minFeeRate'],
  DISTRIBUTOR: ['parentFeeRate', 'maxFeeCap'],
  MERCHANT: ['depositFeeRate'],
};

/**
 * An edit of one partner's rates checked over its subtree: `root` (the edited partner, with the subtree
 * below it in `nodes`) merged with `edit`. The checked merchant of a merchant edit is checked against
 * its distributor's cap, passed as `parentCap`. Returns the merged rates or the offenders; nothing is
 * changed either way (pure).
 */
export function checkFeeEdit(
  subtree: readonly FeeNode[],
  edit: FeeRates,
  bounds: { readonly baseFloor: bigint; readonly parentCap?: bigint | undefined },
): { readonly fees: FeeRates; readonly check: FeeCheck } {
  const [root, ...rest] = subtree;
  if (!root) throw new RangeError('An edit needs the edited partner');
  const fees: FeeRates = { ...root.fees, ...definedOnly(edit) };
  const edited: FeeNode = { ...root, fees };
  if (root.type !== 'MERCHANT') return { fees, check: checkFeeSubtree([edited, ...rest], bounds.baseFloor) };
  // A merchant's bounds come from its parent: check it as the child of a stand-in parent with them.
  const parent: FeeNode = {
    id: `${root.id}#parent`,
    code: '',
    type: 'DISTRIBUTOR',
    parentId: null,
    fees: bounds.parentCap !== undefined ? { maxFeeCap: bounds.parentCap } : {},
  };
  const check = checkFeeSubtree([parent, { ...edited, parentId: parent.id }], bounds.baseFloor);
  if (check.accepted) return { fees, check };
  return { fees, check: { accepted: false, offending: check.offending.filter((o) => o.id === root.id) } };
}

function definedOnly(rates: FeeRates): FeeRates {
  return Object.fromEntries(Object.entries(rates).filter(([, v]) => v !== undefined)) as FeeRates;
}

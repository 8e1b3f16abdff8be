import type { AccountId } from './accounts';

/**
 * Which on-chain addresses stand for which custody accounts. A link says "this address holds funds that
 * custody path X accounts for" (`custody:{pid}:HOT` → each of the partner's HOT addresses). Paths and
 * addresses linked directly or through each other form one group, compared as a whole: a partner's HOT
 * addresses against its HOT custody; a MASTER key shared by every partner (KMS mode) against the sum
 * of every partner's MASTER custody; the gas tank against `custody:platform:HOT`.
 */
export interface CustodyLink {
  /** Account path without the asset, e.g. `custody:pt_1:MASTER`. */
  readonly path: string;
  /** Lower-cased EVM address or base58 TRON address. */
  readonly address: string;
}

export interface CustodyGroup {
  readonly paths: readonly string[];
  readonly addresses: readonly string[];
}

/** Groups paths and addresses by connectivity. `paths` without any link form groups of no address. */
export function custodyGroups(links: readonly CustodyLink[], paths: readonly string[] = []): CustodyGroup[] {
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    let root = x;
    while (parent.get(root) !== root) root = parent.get(root) as string;
    let node = x;
    while (node !== root) {
      const next = parent.get(node) as string;
      parent.set(node, root);
      node = next;
    }
    return root;
  };
  const add = (x: string) => {
    if (!parent.has(x)) parent.set(x, x);
  };
  const union = (a: string, b: string) => {
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent.set(ra, rb);
  };
  for (const p of paths) add(`p|${p}`);
  for (const l of links) {
    add(`p|${l.path}`);
    add(`a|${l.address}`);
    union(`p|${l.path}`, `a|${l.address}`);
  }
  const groups = new Map<string, { paths: string[]; addresses: string[] }>();
  for (const node of [...parent.keys()].sort()) {
    const root = find(node);
    const g = groups.get(root) ?? { paths: [], addresses: [] };
    if (node.startsWith('p|')) g.paths.push(node.slice(2));
    else g.addresses.push(node.slice(2));
    groups.set(root, g);
  }
  return [...groups.values()];
}

/** `custody:{pid}:{wallet}/{asset}` → `custody:{pid}:{wallet}`. */
export function custodyPathOf(account: AccountId): string {
  return account.slice(0, account.lastIndexOf('/'));
}

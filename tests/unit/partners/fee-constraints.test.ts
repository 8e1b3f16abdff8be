import fc from 'fast-check';
import { checkFeeEdit, checkFeeSubtree } from '../../../shared/domain/partner/fee-constraints';
import type { FeeNode, FeeRates } from '../../../shared/domain/partner/fee-constraints';
import { splitDepositFee } from '../../../shared/domain/deposit/fees';
import type { FeeChainLink } from '../../../shared/domain/deposit/fees';

/** A random tree: the platform, distributors up to 5 levels, merchants under any distributor. */
const rate = fc.bigInt({ min: 0n, max: 30_000n });
const shape = fc.array(fc.tuple(fc.nat(), fc.boolean(), rate, rate, rate), { minLength: 1, maxLength: 25 });

function buildTree(platformMin: bigint, rows: readonly [number, boolean, bigint, bigint, bigint][]) {
  const nodes: FeeNode[] = [
    { id: 'p', code: 'P', type: 'PLATFORM', parentId: null, fees: { minFeeRate: platformMin } },
  ];
  const depth = new Map<string, number>([['p', 0]]);
  rows.forEach(([pick, distributor, a, b, c], i) => {
    const parents = nodes.filter((n) => n.type !== 'MERCHANT');
    const parent = parents[pick % parents.length]!;
    const d = depth.get(parent.id)! + 1;
    const id = `n${i}`;
    depth.set(id, d);
    // Ignore the ordering here: the oracle below decides what is valid, the rule under test is checked.
    if (distributor && d <= 5)
      nodes.push({
        id,
        code: id.toUpperCase(),
        type: 'DISTRIBUTOR',
        parentId: parent.id,
        fees: { parentFeeRate: a, maxFeeCap: a + b + c * 3n + platformMin },
      });
    else
      nodes.push({
        id,
        code: id.toUpperCase(),
        type: 'MERCHANT',
        parentId: parent.id,
        fees: { depositFeeRate: c * 2n },
      });
  });
  return nodes;
}

/** Reference model, written independently: walk each node's ancestors. */
function oracle(nodes: readonly FeeNode[]) {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const floorOf = (n: FeeNode): bigint =>
    n.type === 'PLATFORM'
      ? (n.fees.minFeeRate ?? 0n)
      : n.type === 'DISTRIBUTOR'
        ? floorOf(byId.get(n.parentId!)!) + (n.fees.parentFeeRate ?? 0n)
        : floorOf(byId.get(n.parentId!)!);
  const within = (n: FeeNode) => {
    const floor = floorOf(n);
    if (n.type === 'DISTRIBUTOR') return n.fees.maxFeeCap === undefined || n.fees.maxFeeCap >= floor;
    if (n.type !== 'MERCHANT') return true;
    const cap = byId.get(n.parentId!)!.fees.maxFeeCap;
    const r = n.fees.depositFeeRate ?? floor;
    return r >= floor && (cap === undefined || r <= cap);
  };
  return { floorOf, allWithin: () => nodes.every(within), within };
}

/** Makes a random tree valid by moving each merchant's rate into its bounds (top-down). */
function repaired(nodes: readonly FeeNode[]): FeeNode[] {
  const out: FeeNode[] = [];
  for (const n of nodes) {
    out.push(n);
    const { floorOf } = oracle(out);
    if (n.type === 'DISTRIBUTOR') {
      const floor = floorOf(n);
      if ((n.fees.maxFeeCap ?? floor) < floor)
        out[out.length - 1] = { ...n, fees: { ...n.fees, maxFeeCap: floor } };
    }
    if (n.type === 'MERCHANT') {
      const parent = out.find((p) => p.id === n.parentId)!;
      const floor = floorOf(n);
      const cap = parent.fees.maxFeeCap;
      const r = n.fees.depositFeeRate ?? floor;
      out[out.length - 1] = {
        ...n,
        fees: { depositFeeRate: r < floor ? floor : cap !== undefined && r > cap ? cap : r },
      };
    }
  }
  return out;
}

function subtreeOf(nodes: readonly FeeNode[], id: string): FeeNode[] {
  const ids = new Set([id]);
  return nodes.filter((n) =>
    ids.has(n.id) ? true : n.parentId && ids.has(n.parentId) ? ids.add(n.id) : false,
  );
}

function chainOf(nodes: readonly FeeNode[], merchant: FeeNode): FeeChainLink[] {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const chain: FeeChainLink[] = [];
  for (let p = byId.get(merchant.parentId!); p; p = p.parentId ? byId.get(p.parentId) : undefined)
    chain.unshift(
      p.type === 'PLATFORM'
        ? { partnerId: p.id, type: 'PLATFORM', rate: p.fees.minFeeRate ?? 0n }
        : { partnerId: p.id, type: 'DISTRIBUTOR', rate: p.fees.parentFeeRate ?? 0n },
    );
  return chain;
}

const editArb = fc.record(
  {
    parentFeeRate: rate,
    maxFeeCap: fc.bigInt({ min: 0n, max: 120_000n }),
    depositFeeRate: fc.bigInt({ min: 0n, max: 120_000n }),
  },
  { requiredKeys: [] },
);

describe('fee constraints over a subtree (seed 000 §7.3)', () => {
  it('derives floors down the tree: the example of DESIGN.md §1 (0.5 % + 0.3 % = 0.8 %, merchant 1.2 % fits)', () => {
    const nodes: FeeNode[] = [
      { id: 'p', code: 'P', type: 'PLATFORM', parentId: null, fees: { minFeeRate: 5_000n } },
      {
        id: 'a',
        code: 'A',
        type: 'DISTRIBUTOR',
        parentId: 'p',
        fees: { parentFeeRate: 3_000n, maxFeeCap: 20_000n },
      },
      { id: 'b', code: 'B', type: 'MERCHANT', parentId: 'a', fees: { depositFeeRate: 12_000n } },
    ];
    const check = checkFeeSubtree(nodes, 0n);
    expect(check.accepted && check.floors.get('a')).toBe(8_000n);
    // Raising A's parent fee to 0.8 % moves its floor to 1.3 %: B at 1.2 % is then below it.
    const edit = checkFeeEdit(subtreeOf(nodes, 'a'), { parentFeeRate: 8_000n }, { baseFloor: 5_000n });
    expect(edit.check).toEqual({
      accepted: false,
      offending: [
        {
          id: 'b',
          code: 'B',
          type: 'MERCHANT',
          depositFeeRate: 12_000n,
          minFeeRate: 13_000n,
          maxFeeCap: 20_000n,
        },
      ],
    });
  });

  it('refuses a distributor cap under its own floor and a merchant outside its distributor bounds', () => {
    const dist: FeeNode = {
      id: 'a',
      code: 'A',
      type: 'DISTRIBUTOR',
      parentId: 'p',
      fees: { parentFeeRate: 3_000n },
    };
    expect(checkFeeEdit([dist], { maxFeeCap: 7_999n }, { baseFloor: 5_000n }).check.accepted).toBe(false);
    expect(checkFeeEdit([dist], { maxFeeCap: 8_000n }, { baseFloor: 5_000n }).check.accepted).toBe(true);
    const shop: FeeNode = { id: 'm', code: 'M', type: 'MERCHANT', parentId: 'a', fees: {} };
    const bounds = { baseFloor: 8_000n, parentCap: 20_000n };
    expect(checkFeeEdit([shop], { depositFeeRate: 7_999n }, bounds).check).toMatchObject({
      accepted: false,
      offending: [{ code: 'M', depositFeeRate: 7_999n, minFeeRate: 8_000n, maxFeeCap: 20_000n }],
    });
    expect(checkFeeEdit([shop], { depositFeeRate: 20_001n }, bounds).check.accepted).toBe(false);
    expect(checkFeeEdit([shop], { depositFeeRate: 20_000n }, bounds).check.accepted).toBe(true);
  });

  it('every accepted edit leaves every merchant within [floor, cap]; every refused one would not, and changes nothing', () => {
    fc.assert(
      fc.property(rate, shape, fc.nat(), editArb, (platformMin, rows, pick, edit) => {
        const tree = repaired(buildTree(platformMin, rows));
        expect(oracle(tree).allWithin()).toBe(true);
        const before = JSON.stringify(tree, (_, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
        const editable = tree.filter((n) => n.type !== 'PLATFORM');
        fc.pre(editable.length > 0);
        const target = editable[pick % editable.length]!;
        const parent = tree.find((n) => n.id === target.parentId)!;
        const allowed: FeeRates =
          target.type === 'MERCHANT'
            ? { depositFeeRate: edit.depositFeeRate }
            : { parentFeeRate: edit.parentFeeRate, maxFeeCap: edit.maxFeeCap };
        const { fees, check } = checkFeeEdit(subtreeOf(tree, target.id), allowed, {
          baseFloor: oracle(tree).floorOf(parent),
          parentCap: parent.fees.maxFeeCap,
        });
        const after = tree.map((n) => (n.id === target.id ? { ...n, fees } : n));
        expect(oracle(after).allWithin()).toBe(check.accepted);
        if (!check.accepted) {
          expect(check.offending.length).toBeGreaterThan(0);
          for (const o of check.offending)
            expect(oracle(after).within(after.find((n) => n.id === o.id)!)).toBe(false);
          expect(JSON.stringify(tree, (_, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))).toBe(
            before,
          );
        }
      }),
      { numRuns: 300 },
    );
  });

  it('on random deposits at any merchant of a valid tree the shares sum to the fee exactly', () => {
    fc.assert(
      fc.property(
        rate,
        shape,
        fc.nat(),
        fc.bigInt({ min: 0n, max: 10n ** 24n }),
        (platformMin, rows, pick, amount) => {
          const tree = repaired(buildTree(platformMin, rows));
          const merchants = tree.filter((n) => n.type === 'MERCHANT');
          fc.pre(merchants.length > 0);
          const m = merchants[pick % merchants.length]!;
          const split = splitDepositFee(amount, m.fees.depositFeeRate!, chainOf(tree, m));
          expect(split.shares.reduce((s, x) => s + x.amount, 0n)).toBe(split.fee);
          expect(split.fee + split.net).toBe(amount);
          for (const s of split.shares) expect(s.amount).toBeGreaterThan(0n);
        },
      ),
      { numRuns: 300 },
    );
  });
});

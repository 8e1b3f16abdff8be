import {
  ancestorsOf,
  assertManagesSubPartners,
  subPartnerOf,
} from '../../../shared/app/partners/subtree-access';
import type { Partner, PartnerType } from '../../../shared/domain/partner/partner';

function tree() {
  const all = new Map<string, Partner>();
  const add = (id: string, type: PartnerType, parentId: string | null, depth: number) => {
    const p: Partner = {
      id,
      code: id.toUpperCase(),
      name: id,
      type,
      status: 'ACTIVE',
      parentId,
      depth,
      createdAt: '2026-01-01T00:00:00.000Z',
    };
    all.set(id, p);
    return p;
  };
  const platform = add('plat', 'PLATFORM', null, 0);
  const a = add('dista', 'DISTRIBUTOR', 'plat', 1);
  const a2 = add('distaa', 'DISTRIBUTOR', 'dista', 2);
  const m = add('merch1', 'MERCHANT', 'distaa', 3);
  const b = add('distb', 'DISTRIBUTOR', 'plat', 1);
  const mb = add('merchb', 'MERCHANT', 'distb', 2);
  const deps = {
    partners: {
      get: async (id: string) => all.get(id),
      getByCode: async (code: string) => [...all.values()].find((p) => p.code === code),
    },
  };
  return { deps, platform, a, a2, m, b, mb };
}

describe('sub-partner access', () => {
  it('reaches any depth of the caller subtree and nothing else', async () => {
    const t = tree();
    await expect(subPartnerOf(t.deps, t.a, 'MERCH1')).resolves.toMatchObject({ id: 'merch1' });
    await expect(subPartnerOf(t.deps, t.a, 'DISTAA')).resolves.toMatchObject({ id: 'distaa' });
    await expect(subPartnerOf(t.deps, t.platform, 'MERCHB')).resolves.toMatchObject({ id: 'merchb' });
    for (const code of ['MERCHB', 'DISTB', 'DISTA', 'PLAT', 'NOPE', ''])
      await expect(subPartnerOf(t.deps, t.a, code)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(subPartnerOf(t.deps, t.a2, 'DISTAA')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('direct: only the caller own children', async () => {
    const t = tree();
    await expect(subPartnerOf(t.deps, t.a, 'DISTAA', { direct: true })).resolves.toMatchObject({
      id: 'distaa',
    });
    await expect(subPartnerOf(t.deps, t.a, 'MERCH1', { direct: true })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });

  it('a merchant manages no one (403)', async () => {
    const t = tree();
    expect(() => assertManagesSubPartners(t.m)).toThrow(expect.objectContaining({ code: 'FORBIDDEN' }));
    await expect(subPartnerOf(t.deps, t.m, 'MERCH1')).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('lists ancestors parent first, platform last', async () => {
    const t = tree();
    expect((await ancestorsOf(t.deps, t.m)).map((p) => p.id)).toEqual(['distaa', 'dista', 'plat']);
    expect(await ancestorsOf(t.deps, t.platform)).toEqual([]);
  });
});

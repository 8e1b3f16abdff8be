import { extendLazily, extendOnce, lazily } from '../../../shared/composition/lazy';

describe('lazily', () => {
  describe('one factory per adapter', () => {
    it('builds an adapter only when it is first used, and then only once', () => {
      const built: string[] = [];
      const wiring = lazily<{ a: { n: number }; b: { n: number } }>({
        a: () => (built.push('a'), { n: 1 }),
        b: () => (built.push('b'), { n: 2 }),
      });
      expect(built).toEqual([]);
      expect(wiring.a.n).toBe(1);
      expect(wiring.a).toBe(wiring.a);
      expect(built).toEqual(['a']);
    });

    it('lets an adapter use the others of the same wiring', () => {
      const wiring = lazily<{ table: string; repo: { table: string } }>({
        table: () => 'gateway',
        repo: (self) => ({ table: self.table }),
      });
      expect(wiring.repo.table).toBe('gateway');
    });

    it('keeps a replaced adapter (a test swapping the clock)', () => {
      const wiring = lazily<{ clock: string }>({ clock: () => 'system' });
      wiring.clock = 'manual';
      expect(wiring.clock).toBe('manual');
      expect({ ...wiring }).toEqual({ clock: 'manual' });
    });
  });
});

describe('extendLazily / extendOnce', () => {
  it('adds lazily built adapters to the same wiring, which the new factories see whole', () => {
    const built: string[] = [];
    const core = lazily<{ table: string }>({ table: () => (built.push('table'), 'gateway') });
    const full = extendLazily<{ table: string }, { repo: { table: string } }>(core, {
      repo: (self) => (built.push('repo'), { table: self.table }),
    });
    expect(full).toBe(core);
    expect(built).toEqual([]);
    expect(full.repo.table).toBe('gateway');
    expect(built).toEqual(['repo', 'table']);
  });

  it('refuses a second copy of an adapter the wiring already has', () => {
    const core = lazily<{ clock: string }>({ clock: () => 'system' });
    expect(() => extendLazily<typeof core, { clock: string }>(core, { clock: () => 'other' })).toThrow(
      /already has clock/,
    );
  });

  it('extends a wiring once per group, whoever asks first', () => {
    const core = lazily<{ table: string }>({ table: () => 'gateway' });
    let calls = 0;
    const group = () => (calls++, { repo: () => ({ n: calls }) });
    const a = extendOnce<typeof core, { repo: { n: number } }>(core, 'repo', group);
    const b = extendOnce<typeof core, { repo: { n: number } }>(core, 'repo', group);
    expect(b).toBe(a);
    expect(b.repo).toBe(a.repo);
    expect(calls).toBe(1);
  });
});

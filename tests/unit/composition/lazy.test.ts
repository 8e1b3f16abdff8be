import { lazily } from '../../../shared/composition/lazy';

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

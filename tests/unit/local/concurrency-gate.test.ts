import { concurrencyGate } from '../../../scripts/local/lambda-runtime';

describe('the local Lambda runtime admits a burst in turn', () => {
  it('runs at most the limit at once, admits the rest in arrival order, and frees a slot on failure', async () => {
    const gate = concurrencyGate(3);
    let running = 0;
    let most = 0;
    const started: number[] = [];
    const release: (() => void)[] = [];
    const calls = Array.from({ length: 10 }, (_, i) =>
      gate(async () => {
        started.push(i);
        running += 1;
        most = Math.max(most, running);
        await new Promise<void>((r) => release.push(r));
        running -= 1;
        if (i === 1) throw new Error('handler failed');
        return i;
      }),
    );
    const settled = Promise.allSettled(calls);
    for (let round = 0; round < 10; round++) {
      await new Promise((r) => setImmediate(r));
      release.shift()?.();
    }
    const results = await settled;
    expect(most).toBe(3);
    expect(started).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(results.map((r) => (r.status === 'fulfilled' ? r.value : 'failed'))).toEqual([
      0,
      'failed',
      2,
      3,
      4,
      5,
      6,
      7,
      8,
      9,
    ]);
  });
});

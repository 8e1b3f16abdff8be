import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { SealedPageCursors } from '../../../shared/adapters/crypto/sealed-page-cursors';
import { cursorScope } from '../../../shared/ports/page-cursors';

const key = randomBytes(32);
const cursors = new SealedPageCursors(async () => key);
const scope = cursorScope({
  tenant: 'partner:p1',
  route: 'GET /v1/deposits',
  query: { status: 'CONFIRMED', limit: '5' },
});

describe('SealedPageCursors', () => {
  describe('round trip', () => {
    it('opens what it sealed, for the same scope', async () => {
      await fc.assert(
        fc.asyncProperty(fc.string({ maxLength: 300 }), async (position) => {
          expect(await cursors.open(scope, await cursors.seal(scope, position))).toBe(position);
        }),
        { numRuns: 200 },
      );
    });

    it('ignores the page size and the order of filters in the scope', () => {
      const other = cursorScope({
        tenant: 'partner:p1',
        route: 'GET /v1/deposits',
        query: { limit: '50', status: 'CONFIRMED', cursor: 'x' },
      });
      expect(other).toBe(scope);
    });
  });

  describe('refusals', () => {
    const refused = async (p: Promise<unknown>) =>
      expect(p).rejects.toMatchObject({
        code: 'VALIDATION_FAILED',
        fields: [expect.objectContaining({ path: 'cursor' })],
      });

    it('refuses a cursor sealed for another partner, route or filter', async () => {
      const sealed = await cursors.seal(scope, 'position');
      for (const s of [
        cursorScope({ tenant: 'partner:p2', route: 'GET /v1/deposits', query: { status: 'CONFIRMED' } }),
        cursorScope({ tenant: 'partner:p1', route: 'GET /v1/withdrawals', query: { status: 'CONFIRMED' } }),
        cursorScope({ tenant: 'partner:p1', route: 'GET /v1/deposits', query: { status: 'FAILED' } }),
        cursorScope({ tenant: 'partner:p1', route: 'GET /v1/deposits', query: {} }),
      ]) {
        await refused(cursors.open(s, sealed));
      }
    });

    it('refuses any single-bit change', async () => {
      const sealed = Buffer.from(await cursors.seal(scope, 'position'), 'base64url');
      for (let bit = 0; bit < sealed.length * 8; bit += 7) {
        const copy = Buffer.from(sealed);
        copy[bit >> 3] = (copy[bit >> 3] as number) ^ (1 << (bit & 7));
        await refused(cursors.open(scope, copy.toString('base64url')));
      }
    });

    it('refuses garbage and cursors sealed with another key', async () => {
      const foreign = await new SealedPageCursors(async () => randomBytes(32)).seal(scope, 'position');
      for (const c of ['', 'x', 'null', 'e30', '!!', 'A'.repeat(5000), foreign])
        await refused(cursors.open(scope, c));
    });
  });
});

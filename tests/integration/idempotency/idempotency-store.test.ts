import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient } from '../../../shared/adapters/dynamodb/client';
import { DynamoIdempotencyStore } from '../../../shared/adapters/dynamodb/idempotency-store';
import { TTL_ATTRIBUTE } from '../../../shared/adapters/dynamodb/table-schema';
import { runIdempotent } from '../../../shared/app/idempotency/run-idempotent';
import { GatewayError } from '../../../shared/domain/errors';
import type { IdempotencyClaimInput } from '../../../shared/ports/idempotency';
import { createTestTable, manualClock } from '../../support/test-env';

const DAY = 24 * 60 * 60_000;
const T0 = new Date('2026-11-20T12:00:00.000Z');

describe('DynamoIdempotencyStore conditions (DynamoDB Local)', () => {
  let table: Awaited<ReturnType<typeof createTestTable>>;
  let store: DynamoIdempotencyStore;
  let db: ReturnType<typeof createDocumentClient>;
  let n = 0;

  beforeAll(async () => {
    table = await createTestTable('idem');
    db = createDocumentClient({ region: 'us-east-1', endpoint: table.config.dynamodbEndpoint });
    store = new DynamoIdempotencyStore(db, table.config.tableName);
  });
  afterAll(async () => {
    await table.dropTable();
  });

  const claimInput = (over: Partial<IdempotencyClaimInput> = {}): IdempotencyClaimInput => ({
    partnerId: 'pt_1',
    scope: 'withdrawal',
    key: `k-${++n}`,
    requestHash: 'h1',
    owner: 'a',
    now: T0,
    leaseMs: 60_000,
    retentionMs: 30 * DAY,
    ...over,
  });

  describe('claim', () => {
    it('gives a new key to the first caller only, with the TTL attribute set to the end of the window', async () => {
      const input = claimInput();
      const first = await store.claim(input);
      const second = await store.claim({ ...input, owner: 'b' });
      expect(first).toMatchObject({ kind: 'OWNED', resumed: false, record: { createdAt: T0.toISOString() } });
      expect(second).toMatchObject({ kind: 'BUSY', record: { owner: 'a' } });
      const raw = await db.send(
        new GetCommand({
          TableName: table.config.tableName,
          Key: { PK: `IDEMPOTENCY#pt_1#withdrawal#${input.key}`, SK: 'IDEMPOTENCY' },
        }),
      );
      expect(raw.Item?.[TTL_ATTRIBUTE]).toBe((T0.getTime() + 30 * DAY) / 1000);
    });

    it('keeps keys apart per partner and per scope', async () => {
      const input = claimInput();
      await store.claim(input);
      expect((await store.claim({ ...input, partnerId: 'pt_2', owner: 'b' })).kind).toBe('OWNED');
      expect((await store.claim({ ...input, scope: 'deposit-request', owner: 'b' })).kind).toBe('OWNED');
    });

    it('answers MISMATCH to the same key with another request hash, in progress or completed', async () => {
      const input = claimInput();
      const owned = await store.claim(input);
      expect((await store.claim({ ...input, requestHash: 'h2', owner: 'b' })).kind).toBe('MISMATCH');
      await store.complete(owned.record, { resourceId: 'W1' });
      expect((await store.claim({ ...input, requestHash: 'h2', owner: 'b' })).kind).toBe('MISMATCH');
    });

    it('answers COMPLETED with the resource and the stored response to a later claim', async () => {
      const input = claimInput();
      const owned = await store.claim(input);
      await store.complete(owned.record, { resourceId: 'W1', response: '{"a":1}' });
      const again = await store.claim({ ...input, owner: 'b', now: new Date(T0.getTime() + 29 * DAY) });
      expect(again).toMatchObject({ kind: 'COMPLETED', record: { resourceId: 'W1', response: '{"a":1}' } });
    });

    it('lets another caller take over once the lease has passed, keeping the first creation time', async () => {
      const input = claimInput();
      await store.claim(input);
      const atLeaseEnd = await store.claim({ ...input, owner: 'b', now: new Date(T0.getTime() + 60_000) });
      expect(atLeaseEnd.kind).toBe('BUSY');
      const later = new Date(T0.getTime() + 60_001);
      const taken = await store.claim({ ...input, owner: 'b', now: later });
      expect(taken).toMatchObject({
        kind: 'OWNED',
        resumed: true,
        record: { owner: 'b', createdAt: T0.toISOString() },
      });
      // The old owner can no longer complete it; the new one can.
      await expect(
        store.complete({ ...taken.record, owner: 'a' }, { resourceId: 'W0' }),
      ).rejects.toMatchObject({
        code: 'CONFLICT',
      });
      await store.complete(taken.record, { resourceId: 'W1' });
      expect(await store.get('pt_1', 'withdrawal', input.key)).toMatchObject({
        status: 'COMPLETED',
        resourceId: 'W1',
      });
    });

    it('lets exactly one of many concurrent callers take over a passed lease', async () => {
      const input = claimInput();
      await store.claim(input);
      const later = new Date(T0.getTime() + 120_000);
      const claims = await Promise.all(
        Array.from({ length: 10 }, (_, i) => store.claim({ ...input, owner: `o${i}`, now: later })),
      );
      expect(claims.filter((c) => c.kind === 'OWNED')).toHaveLength(1);
      expect(claims.filter((c) => c.kind === 'BUSY')).toHaveLength(9);
    });

    it('treats a record past its retention window as absent, whatever TTL has not deleted yet', async () => {
      const input = claimInput();
      const owned = await store.claim(input);
      await store.complete(owned.record, { resourceId: 'W1' });
      const after = new Date(T0.getTime() + 30 * DAY + 1);
      const fresh = await store.claim({ ...input, requestHash: 'h2', owner: 'b', now: after });
      expect(fresh).toMatchObject({
        kind: 'OWNED',
        resumed: false,
        record: { createdAt: after.toISOString() },
      });
    });
  });

  describe('release and unlock', () => {
    it('release frees the key; a stranger cannot release it', async () => {
      const input = claimInput();
      const owned = await store.claim(input);
      await store.release({ ...owned.record, owner: 'stranger' });
      expect((await store.claim({ ...input, owner: 'b' })).kind).toBe('BUSY');
      await store.release(owned.record);
      expect((await store.claim({ ...input, requestHash: 'other', owner: 'b' })).kind).toBe('OWNED');
    });

    it('never releases a completed record', async () => {
      const input = claimInput();
      const owned = await store.claim(input);
      const done = await store.complete(owned.record, { resourceId: 'W1' });
      await store.release(done);
      expect((await store.get('pt_1', 'withdrawal', input.key))?.status).toBe('COMPLETED');
    });

    it('unlock ends the lease at once, so a retry at the same instant takes over', async () => {
      const input = claimInput();
      const owned = await store.claim(input);
      await store.unlock(owned.record, T0);
      const retry = await store.claim({ ...input, owner: 'b' });
      expect(retry).toMatchObject({ kind: 'OWNED', resumed: true });
    });
  });

  describe('runIdempotent', () => {
    const clock = manualClock(T0);
    const deps = { idempotency: {} as DynamoIdempotencyStore, clock };
    beforeAll(() => {
      (deps as { idempotency: DynamoIdempotencyStore }).idempotency = store;
    });
    const request = (key: string, requestHash = 'h') => ({
      partnerId: 'pt_run',
      scope: 'thing',
      key,
      requestHash,
    });

    it('runs the work once and replays its resource afterwards', async () => {
      let runs = 0;
      const work = {
        execute: async () => ({ resourceId: `R${++runs}`, result: `made R${runs}` }),
        replay: async (r: { resourceId: string }) => `replayed ${r.resourceId}`,
      };
      expect(await runIdempotent(deps, request('once'), work)).toEqual({
        replayed: false,
        result: 'made R1',
      });
      expect(await runIdempotent(deps, request('once'), work)).toEqual({
        replayed: true,
        result: 'replayed R1',
      });
      await expect(runIdempotent(deps, request('once', 'other'), work)).rejects.toMatchObject({
        code: 'IDEMPOTENCY_KEY_REUSED',
      });
      expect(runs).toBe(1);
    });

    it('frees the key after a refusal, and keeps the first creation time after an unexpected error', async () => {
      const seen: { createdAt: string; resumed: boolean }[] = [];
      let outcome: 'refuse' | 'crash' | 'ok' = 'refuse';
      const work = {
        execute: async (claim: { createdAt: Date; resumed: boolean }) => {
          seen.push({ createdAt: claim.createdAt.toISOString(), resumed: claim.resumed });
          if (outcome === 'refuse') throw new GatewayError('INSUFFICIENT_FUNDS', 'no');
          if (outcome === 'crash') throw new Error('socket hang up');
          return { resourceId: 'R', result: 'ok' };
        },
        replay: async () => 'replayed',
      };
      await expect(runIdempotent(deps, request('refused'), work)).rejects.toMatchObject({
        code: 'INSUFFICIENT_FUNDS',
      });
      expect(await store.get('pt_run', 'thing', 'refused')).toBeUndefined();
      outcome = 'crash';
      await expect(runIdempotent(deps, request('refused'), work)).rejects.toThrow('socket hang up');
      clock.advance(DAY);
      outcome = 'ok';
      await runIdempotent(deps, request('refused'), work);
      expect(seen).toEqual([
        { createdAt: T0.toISOString(), resumed: false },
        { createdAt: T0.toISOString(), resumed: false },
        { createdAt: T0.toISOString(), resumed: true },
      ]);
    });
  });
});

import { createPartnerClient, signatureHeaders } from '../../../clients/typescript/partner-client';
import type { GatewayDeps } from '../../../shared/composition/gateway';
import { getWithdrawalDeps } from '../../../shared/composition/withdrawals';
import {
  stopLocalWithdrawalRunner,
  useLocalWithdrawalRunner,
} from '../../../scripts/local/local-withdrawal-runner';
import { issueApiKey } from '../../../shared/app/partners/manage-partners';
import { accounts } from '../../../shared/domain/ledger/accounts';
import { createTenants, OPERATOR, startConsoleStack } from '../../support/console-stack';
import type { ConsoleStack, TestTenants } from '../../support/console-stack';

jest.setTimeout(240_000);

const CONCURRENT = 60;
const BODY = {
  network: 'POLYGON',
  token: 'USDT',
  amount: '1',
  address: '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed',
};
type Answer = { withdrawal?: { code: string; status: string }; error?: { code: string } };

/**
 * Signature version 2 over HTTP (local API Gateway stand-in, authorizer and handler in this process,
 * DynamoDB Local): requests that differ only in their Idempotency-Key are different requests, even with
 * the same body in the same millisecond; a request sent twice is still a replay; version 1 keeps working
 * until the end of its deprecation period and is refused after it.
 */
describe('request signing over the partner API (signature version 2)', () => {
  let stack: ConsoleStack;
  let deps: GatewayDeps;
  let tenants: TestTenants;
  let creds: { apiKey: string; apiSecret: string };

  beforeAll(async () => {
    stack = await startConsoleStack('sig-v2');
    // This test reads the withdrawal wiring itself: its executions run on the local runner.
    useLocalWithdrawalRunner();
    deps = stack.deps;
    tenants = await createTenants(deps);
    const issued = await issueApiKey(deps, OPERATOR, { partnerId: tenants.shopA.id, name: 'backend' });
    creds = { apiKey: issued.apiKey.id, apiSecret: issued.secret };
    // Every withdrawal waits for a person's approval: nothing reaches a chain.
    await getWithdrawalDeps().settings.put(tenants.shopA.id, {
      addressMode: 'MANUAL_ADDRESS',
      approval: { mode: 'CONDITIONAL', thresholdUsdt: 0n },
    });
    await deps.ledger.post({
      id: `it-funding:${tenants.shopA.id}`,
      kind: 'POSTED',
      reason: 'DEPOSIT',
      cause: { type: 'deposit', id: 'it-sig-v2' },
      postings: [
        {
          debit: accounts.custody(tenants.shopA.id, 'MASTER', 'USDT@POLYGON'),
          credit: accounts.partnerAvailable(tenants.shopA.id, 'USDT@POLYGON'),
          amount: 1_000_000_000n,
        },
      ],
      effectiveAt: stack.clock.now().toISOString(),
    });
  });
  afterAll(async () => {
    // The withdrawals wait for an approval that never comes: end their executions with the test.
    stopLocalWithdrawalRunner();
    await stack.stop();
  });

  it(`accepts ${CONCURRENT} concurrent withdrawals with the same body, signed in the same millisecond, under distinct Idempotency-Keys`, async () => {
    const sameMillisecond = stack.clock.now().getTime();
    const client = createPartnerClient({ apiUrl: stack.apiUrl, ...creds }, { now: () => sameMillisecond });
    const send = (key: string) => client.post<Answer>('/v1/withdrawals', BODY, { 'Idempotency-Key': key });
    const keys = Array.from({ length: CONCURRENT }, (_, i) => `same-body-${i}`);
    const first = await Promise.all(keys.map(send));
    // Version 1 refused 44 of 60 such requests as SIGNATURE_REPLAYED: no request may fail authentication.
    const authRefusals = first
      .filter((r) => r.status === 401 || r.status === 403)
      .map((r) => r.body.error?.code);
    expect(authRefusals).toEqual([]);
    // How fast the intake answers this burst is the intake's business (it may answer 409 in progress,
    // 429 with Retry-After when the hold keeps losing races, 502 or 503 under contention): a client retries those with the same key, signed anew, one at a
    // time here, and every key ends with its own withdrawal.
    const answers: Awaited<ReturnType<typeof send>>[] = [];
    for (const [i, res] of first.entries()) {
      let answer = res;
      for (let attempt = 0; attempt < 20 && [409, 429, 500, 502, 503].includes(answer.status); attempt++) {
        answer = await send(keys[i] as string);
      }
      answers.push(answer);
    }
    expect(answers.map((r) => r.status).filter((s) => s !== 201 && s !== 200)).toEqual([]);
    const codes = new Set(answers.map((r) => r.body.withdrawal?.code));
    expect(codes.size).toBe(CONCURRENT);
  });

  it('still refuses a request sent twice as SIGNATURE_REPLAYED, and creates nothing for it', async () => {
    const pathWithQuery = '/v1/withdrawals';
    const body = JSON.stringify({ ...BODY, reference: 'replayed' });
    const headers = {
      ...signatureHeaders(creds, {
        method: 'POST',
        pathWithQuery,
        body,
        idempotencyKey: 'replay-me',
        timestampMs: stack.clock.now().getTime(),
      }),
      'Idempotency-Key': 'replay-me',
      'content-type': 'application/json',
    };
    const send = () => fetch(`${stack.apiUrl}${pathWithQuery}`, { method: 'POST', headers, body });
    const first = await send();
    expect(first.status).toBe(201);
    const again = await send();
    expect([again.status, ((await again.json()) as Answer).error?.code]).toEqual([403, 'SIGNATURE_REPLAYED']);
  });

  it('accepts version 1 during its deprecation period with a Sunset header, and refuses it after with SIGNATURE_VERSION_RETIRED', async () => {
    const get = (at: number) =>
      fetch(`${stack.apiUrl}/v1/balances`, {
        headers: signatureHeaders(creds, {
          method: 'GET',
          pathWithQuery: '/v1/balances',
          timestampMs: at,
          version: 1,
        }),
      });
    const during = await get(stack.clock.now().getTime());
    expect(during.status).toBe(200);
    expect(Date.parse(during.headers.get('sunset') ?? '')).toBe(deps.signatureV1AcceptedUntilMs);

    stack.clock.set(new Date(deps.signatureV1AcceptedUntilMs));
    const after = await get(stack.clock.now().getTime());
    expect([after.status, ((await after.json()) as Answer).error?.code]).toEqual([
      403,
      'SIGNATURE_VERSION_RETIRED',
    ]);
    const v2 = createPartnerClient(
      { apiUrl: stack.apiUrl, ...creds },
      { now: () => stack.clock.now().getTime() },
    );
    const current = await v2.get('/v1/balances');
    expect([current.status, current.headers.get('sunset')]).toEqual([200, null]);
  });
});

import { createPartnerClient } from '../../../clients/typescript/partner-client';
import { canonicalPathWithQuery, signatureMatches } from '../../../shared/domain/auth/request-signature';

const SECRET = 'sk_unit_secret';
const CREDS = {
  apiUrl: 'https://api.example.com/prod/',
  apiKey: 'ak_01jgz4a7c9e1g3j5m7p9r1t3v5',
  apiSecret: SECRET,
};

/** A client whose fetch records the request as it would leave and answers with `answer`. */
function recordingClient(answer: () => Response = () => Response.json({ ok: true })) {
  const sent: { request: Request; body: string }[] = [];
  const client = createPartnerClient(CREDS, {
    now: () => 1767225600000,
    fetch: async (request) => {
      sent.push({ request, body: request.body === null ? '' : await request.clone().text() });
      return answer();
    },
  });
  return { client, sent };
}

/** What the gateway verifies: the path as received and the parsed query in canonical form. */
function verifies({ request, body }: { request: Request; body: string }): boolean {
  const url = new URL(request.url);
  const query: Record<string, string[]> = Object.create(null) as Record<string, string[]>;
  for (const [k, v] of url.searchParams) (query[k] ??= []).push(v);
  const header = (name: string) => request.headers.get(name) ?? '';
  return signatureMatches(
    SECRET,
    {
      version: 2,
      timestamp: header('x-timestamp'),
      nonce: header('x-nonce'),
      method: request.method,
      pathWithQuery: canonicalPathWithQuery(url.pathname, query),
      idempotencyKey: header('idempotency-key'),
      body,
    },
    header('x-signature'),
  );
}

describe('partner client (openapi-fetch with the signing middleware)', () => {
  it('signs a typed POST with its Idempotency-Key and the exact body sent, under the base path', async () => {
    const { client, sent } = recordingClient(() =>
      Response.json({ withdrawal: { code: 'W1' } }, { status: 201 }),
    );
    const { data, response } = await client.POST('/v1/withdrawals', {
      params: { header: { 'Idempotency-Key': 'payout-7781' } },
      body: {
        network: 'BSC',
        token: 'USDT',
        amount: '250',
        address: '0xAb8483F64d9C6d1EcF9b849Ae677dD3315835cb2',
      },
    });
    expect([response.status, data?.withdrawal.code]).toEqual([201, 'W1']);
    const [first] = sent;
    expect(new URL(first!.request.url).pathname).toBe('/prod/v1/withdrawals');
    expect(first!.request.headers.get('x-signature-version')).toBe('2');
    expect(first!.request.headers.get('x-timestamp')).toBe('1767225600000');
    expect(verifies(first!)).toBe(true);
    // The key is part of the signature: the same request under another key does not verify.
    const swapped = new Request(first!.request, {
      headers: { ...Object.fromEntries(first!.request.headers), 'idempotency-key': 'other' },
    });
    expect(verifies({ request: swapped, body: first!.body })).toBe(false);
  });

  it('sends the query in canonical order and signs exactly that', async () => {
    const { client, sent } = recordingClient(() => Response.json({ deposits: [], nextCursor: null }));
    await client.get('/v1/deposits', { status: 'CONFIRMED', network: 'BSC', a: ['b c', 'a&b'] });
    const url = new URL(sent[0]!.request.url);
    expect(url.search).toBe('?a=a%26b&a=b%20c&network=BSC&status=CONFIRMED');
    expect(verifies(sent[0]!)).toBe(true);
  });

  it('gives two identical requests in the same millisecond different nonces and signatures', async () => {
    const { client, sent } = recordingClient();
    await Promise.all([client.GET('/v1/balances'), client.GET('/v1/balances')]);
    const [a, b] = sent.map((s) => s.request.headers);
    expect(a!.get('x-timestamp')).toBe(b!.get('x-timestamp'));
    expect(a!.get('x-nonce')).not.toBe(b!.get('x-nonce'));
    expect(a!.get('x-signature')).not.toBe(b!.get('x-signature'));
    expect(sent.every(verifies)).toBe(true);
  });

  it('answers the untyped helpers with status, parsed body and headers, errors included', async () => {
    const { client } = recordingClient(() =>
      Response.json({ error: { code: 'NOT_FOUND', message: 'Not found' } }, { status: 404 }),
    );
    const res = await client.get<{ error: { code: string } }>('/v1/withdrawals/W404');
    expect([res.status, res.body.error.code]).toEqual([404, 'NOT_FOUND']);
    const empty = recordingClient(() => new Response(null, { status: 204 }));
    const deleted = await empty.client.request('DELETE', '/v1/external-wallets/BSC/0xabc');
    expect([deleted.status, deleted.body]).toEqual([204, undefined]);
    expect(verifies(empty.sent[0]!)).toBe(true);
  });
});

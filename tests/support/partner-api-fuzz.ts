import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import fc from 'fast-check';
import { canonicalQuery, signatureHeaders } from '../../clients/typescript/partner-client';
import { FUNCTIONS } from '../../functions/catalog';
import { invokeFunction } from '../../scripts/local/lambda-runtime';
import type { ContractChecker } from './openapi-contract';

/**
 * A generator of hostile partner requests over the OpenAPI document: for every operation it starts from
 * a valid request and mutates path parameters (huge, unicode, traversal, other formats), query
 * parameters (wrong types, impossible dates, reversed ranges, forged cursors, unknown names) and bodies
 * (missing, extra and wrongly typed fields, deep or huge JSON, not JSON at all), then signs it with a
 * valid key so it reaches the handler.
 */
export interface FuzzRequest {
  readonly operation: string;
  readonly method: string;
  /** The path as sent, parameters URL-encoded. */
  readonly path: string;
  /** The path parameters as API Gateway hands them to the handler (decoded). */
  readonly pathParameters: Record<string, string>;
  readonly query: Record<string, string>;
  readonly body: string;
  readonly headers: Record<string, string>;
}

const ADDRESS = '0x5B38Da6a701c568545dCfcB03FcB875f56beddC4';
const TRON_ADDRESS = 'TJRabPrwbZy45sbavfcjinPJC18kjpRTv8';
const TX = `0x${'5d1f0c7e9a3b8d2f'.repeat(4)}`;
const b64 = (v: unknown) => Buffer.from(JSON.stringify(v), 'utf8').toString('base64url');

/** Values that broke or could break something: sizes, encodings, formats of the wrong kind. */
const NASTY_STRINGS: readonly string[] = [
  '',
  ' ',
  'null',
  'undefined',
  '0',
  '-1',
  '1e309',
  'NaN',
  'true',
  '[]',
  '{}',
  '__proto__',
  'constructor',
  '../../etc/passwd',
  '%00',
  '\u0000',
  '😀'.repeat(50),
  'W'.repeat(5000),
  'D'.repeat(2049),
  'x'.repeat(1025),
  '2026-13-45',
  '2026-02-30',
  '2026-12-01',
  '2026-11-01',
  '2026-11-20T09:00:00.000Z',
  '2026-11-20T09:00:00.' + '9'.repeat(500) + 'Z',
  '9999-12-31T23:59:59.999Z',
  b64(null),
  b64([1]),
  b64('x'),
  b64({ GSI1PK: 'WITHDRAWALS#x', GSI1SK: 'y' }),
  b64({ PK: 'DEPOSIT#x', SK: 'DEPOSIT', GSI1PK: 'DEPOSITS#x', GSI1SK: 'z' }),
  b64({ sk: '2026-11-20T09:04:00.000Z#~', b: '999999999999' }),
  b64({ p: 'WHEVENT#x', s: 'y', k: 'z' }),
  ADDRESS,
  ADDRESS.toLowerCase(),
  '0x0000000000000000000000000000000000000000',
  TRON_ADDRESS,
  TX,
  TX.slice(2),
  'USDT@BSC',
  'USDC@TRON',
  'BNB@BSC',
  'W261120Q4M7ZK2P',
  'D2611204K7QX2MZ',
  'DEPOSIT_CONFIRMED:BSC:0xabc:3',
  'https://127.0.0.1/hook',
  'MAX',
  '100.5',
  '0.0000000000000000001',
  '1'.repeat(80),
];

/** Oversized values: keys and indexes have size limits (DynamoDB: 2048 bytes per partition key). */
const huge = fc
  .tuple(fc.integer({ min: 65, max: 6000 }), fc.constantFrom('W', 'D', '0', 'a', '%', 'é', '😀'))
  .map(([n, c]) => c.repeat(n));

const nasty = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...NASTY_STRINGS) },
  { weight: 1, arbitrary: huge },
  { weight: 2, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 20 }) },
  { weight: 1, arbitrary: fc.stringMatching(/^[A-Za-z0-9_-]{1,300}$/) },
);

const jsonValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: nasty },
  { weight: 1, arbitrary: fc.integer() },
  { weight: 1, arbitrary: fc.double() },
  { weight: 1, arbitrary: fc.boolean() },
  { weight: 1, arbitrary: fc.constant(null) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
);

/** A valid request per operation: the seed that mutations start from. */
interface Seed {
  readonly path: Record<string, string>;
  readonly query: Record<string, string>;
  readonly body?: Record<string, unknown>;
  readonly idempotencyKey?: boolean;
}

/**
 * Seeds are valid in form. Those that would move money or call out stay refusals by state, not by
 * form: the partner has no balance (withdrawals are INSUFFICIENT_FUNDS) and no webhook URL (test,
 * secret and redeliver are 409/404), so a mutated request that happens to be valid still changes nothing
 * outside the table, and its answer is documented.
 */
const SEEDS: Readonly<Record<string, Seed>> = {
  'GET /v1/partner': { path: {}, query: {} },
  'GET /v1/balances': { path: {}, query: {} },
  'GET /v1/balances/{asset}/flows': {
    path: { asset: 'USDT@BSC' },
    query: {
      limit: '5',
      from: '2026-11-01T00:00:00.000Z',
      to: '2026-11-30T00:00:00.000Z',
      reason: 'DEPOSIT',
    },
  },
  'POST /v1/deposit-addresses': { path: {}, query: {}, body: { userId: 'user-42', network: 'BSC' } },
  'POST /v1/deposit-reservations': {
    path: {},
    query: {},
    body: { userId: 'vip-7', network: 'POLYGON' },
    idempotencyKey: true,
  },
  'GET /v1/deposit-reservations': { path: {}, query: { limit: '5' } },
  'DELETE /v1/deposit-reservations/{network}/{address}': {
    path: { network: 'BSC', address: ADDRESS },
    query: {},
  },
  'POST /v1/external-wallets': {
    path: {},
    query: {},
    body: { userId: 'user-42', network: 'TRON', address: TRON_ADDRESS, label: 'ledger' },
    idempotencyKey: true,
  },
  'GET /v1/external-wallets': { path: {}, query: { limit: '5' } },
  'DELETE /v1/external-wallets/{network}/{address}': {
    path: { network: 'TRON', address: TRON_ADDRESS },
    query: {},
  },
  'POST /v1/deposit-requests': {
    path: {},
    query: {},
    body: { userId: 'user-42', network: 'POLYGON', token: 'USDT', amount: '100.25' },
    idempotencyKey: true,
  },
  'GET /v1/wallets': { path: {}, query: { limit: '5', network: 'BSC', kind: 'HOT' } },
  'GET /v1/deposits': {
    path: {},
    query: {
      limit: '5',
      from: '2026-11-01T00:00:00.000Z',
      to: '2026-11-30T00:00:00.000Z',
      status: 'CONFIRMED',
      userId: 'u1',
    },
  },
  'GET /v1/deposits/{code}': { path: { code: 'D2611204K7QX2MZ' }, query: {} },
  'POST /v1/deposits/rescan': { path: {}, query: {}, body: { network: 'POLYGON', txHash: 'not-a-hash' } },
  'POST /v1/withdrawals': {
    path: {},
    query: {},
    body: { network: 'BSC', token: 'USDT', amount: '10', address: ADDRESS, reference: 'r-1' },
    idempotencyKey: true,
  },
  'GET /v1/withdrawals': {
    path: {},
    query: {
      limit: '5',
      from: '2026-11-01',
      to: '2026-11-30',
      status: 'CONFIRMED',
      type: 'API',
      txHash: TX.slice(2),
    },
  },
  'GET /v1/withdrawals/{code}': { path: { code: 'W261120Q4M7ZK2P' }, query: {} },
  'POST /v1/withdrawals/{code}/cancel': { path: { code: 'W261120Q4M7ZK2P' }, query: {} },
  'GET /v1/withdrawal-whitelist': { path: {}, query: {} },
  'GET /v1/webhooks': { path: {}, query: {} },
  'PUT /v1/webhooks': {
    path: {},
    query: {},
    body: { url: 'https://127.0.0.1/hook', largeDepositThresholdUsd: '10000' },
  },
  'POST /v1/webhooks/secret': { path: {}, query: {} },
  'POST /v1/webhooks/test': { path: {}, query: {} },
  'GET /v1/webhooks/deliveries': { path: {}, query: { limit: '5' } },
  'POST /v1/webhooks/deliveries/{eventId}/redeliver': {
    path: { eventId: 'WEBHOOK_TEST:01kaq7d4xw0m6n3r9t2v5y8z1b' },
    query: {},
  },
};

export function seededOperations(): string[] {
  return Object.keys(SEEDS);
}

function mutateRecord(
  record: Record<string, string>,
  knownNames: readonly string[],
): fc.Arbitrary<Record<string, string>> {
  const names = [...new Set([...knownNames, ...Object.keys(record)])];
  return fc
    .record({
      drop: fc.subarray(names),
      replace: fc.array(fc.tuple(fc.constantFrom(...(names.length ? names : ['x'])), nasty), {
        maxLength: 3,
      }),
      extra: fc.option(
        fc.tuple(fc.constantFrom('foo', 'Limit', 'cursor ', '__proto__', 'toString', 'a'.repeat(300)), nasty),
      ),
    })
    .map(({ drop, replace, extra }) => {
      const out: Record<string, string> = Object.create(null) as Record<string, string>;
      for (const [k, v] of Object.entries(record)) if (!drop.includes(k)) out[k] = v;
      for (const [k, v] of replace) out[k] = v;
      if (extra) out[extra[0]] = extra[1];
      return { ...out };
    });
}

function mutateBody(seed: Record<string, unknown> | undefined): fc.Arbitrary<string> {
  const template = seed ?? {};
  const fields = Object.keys(template);
  const mutatedObject = fc
    .record({
      drop: fc.subarray(fields),
      replace: fc.array(fc.tuple(fc.constantFrom(...(fields.length ? fields : ['x'])), jsonValue), {
        maxLength: 3,
      }),
      extra: fc.option(
        fc.tuple(fc.constantFrom('foo', 'otp', '__proto__', 'constructor', 'amount '), jsonValue),
      ),
    })
    .map(({ drop, replace, extra }) => {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(template)) if (!drop.includes(k)) out[k] = v;
      for (const [k, v] of replace) out[k] = v;
      if (extra) out[extra[0]] = extra[1];
      return JSON.stringify(out);
    });
  return fc.oneof(
    { weight: 8, arbitrary: mutatedObject },
    { weight: 1, arbitrary: jsonValue.map((v) => JSON.stringify(v) ?? '') },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        '{',
        'not json',
        '{"a":1}{',
        '[',
        JSON.stringify({ deep: JSON.parse('['.repeat(400) + ']'.repeat(400)) as unknown }),
      ),
    },
    { weight: 1, arbitrary: fc.constant('') },
  );
}

/** Every known query name of an operation, from the document (so filters without a seed value get fuzzed too). */
function queryNames(checker: ContractChecker, operation: string): string[] {
  const [method = '', template = ''] = operation.split(' ');
  const op = checker.doc.paths[template]?.[method.toLowerCase() as 'get'];
  return ((op?.parameters ?? []) as { name: string; in: string }[])
    .filter((p) => p.in === 'query')
    .map((p) => p.name);
}

export function requestArbitrary(checker: ContractChecker): fc.Arbitrary<FuzzRequest> {
  const perOperation = Object.entries(SEEDS).map(([operation, seed]) => {
    const [method = 'GET', template = '/'] = operation.split(' ');
    const withBody = method === 'POST' || method === 'PUT';
    return fc
      .record({
        // Each path parameter: kept valid one time in four, else replaced.
        path: fc.record(
          Object.fromEntries(
            Object.entries(seed.path).map(([k, v]) => [
              k,
              fc.oneof({ weight: 1, arbitrary: fc.constant(v) }, { weight: 3, arbitrary: nasty }),
            ]),
          ) as Record<string, fc.Arbitrary<string>>,
        ),
        query: mutateRecord(seed.query, queryNames(checker, operation)),
        body: withBody ? mutateBody(seed.body) : fc.constant(''),
        idempotencyKey: fc.oneof(
          fc.uuid(),
          fc.constant(undefined),
          fc.constantFrom('', 'k'.repeat(65), 'spaces are bad', 'ok:key_1-2'),
        ),
      })
      .map(({ path, query, body, idempotencyKey }) => {
        // API Gateway does not route an empty segment to the resource: a blank stands in for it.
        const pathParameters = Object.fromEntries(
          (template.match(/\{[^}]+\}/g) ?? [])
            .map((p) => p.slice(1, -1))
            .map((name) => [name, path[name] || ' ']),
        );
        const concrete = template.replace(/\{([^}]+)\}/g, (_, name: string) =>
          encodeURIComponent(pathParameters[name] ?? ' '),
        );
        const headers: Record<string, string> = {};
        if (seed.idempotencyKey && idempotencyKey !== undefined) headers['Idempotency-Key'] = idempotencyKey;
        return { operation, method, path: concrete, pathParameters, query, body, headers };
      });
  });
  return fc.oneof(...perOperation);
}

export interface FuzzOutcome {
  readonly request: FuzzRequest;
  readonly status: number;
  readonly body: unknown;
  /** The X-Signature sent: the gateway keeps a replay claim under it. */
  readonly signature: string;
}

/** Signs and sends one fuzz request through the local API Gateway stand-in. */
export async function send(
  apiUrl: string,
  credentials: { apiKey: string; apiSecret: string },
  request: FuzzRequest,
): Promise<FuzzOutcome> {
  const query = canonicalQuery(request.query);
  const pathWithQuery = `${request.path}${query ? `?${query}` : ''}`;
  const signed = signatureHeaders(credentials, {
    method: request.method,
    pathWithQuery,
    body: request.body,
    ...signedIdempotencyKey(request),
  });
  const res = await fetch(new URL(pathWithQuery, apiUrl), {
    method: request.method,
    headers: {
      ...signed,
      ...(request.body ? { 'content-type': 'application/json' } : {}),
      ...request.headers,
    },
    ...(request.body ? { body: request.body } : {}),
  });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = text ? (JSON.parse(text) as unknown) : undefined;
  } catch {
    // Left as text: the contract check reports it.
  }
  return { request, status: res.status, body, signature: signed['X-Signature'] as string };
}

const FUNCTION_OF: ReadonlyMap<string, string> = new Map(
  FUNCTIONS.flatMap((f) => (f.routes ?? []).map((r) => [`${r.method} ${r.path}`, f.name] as const)),
);

export interface FuzzPrincipal {
  readonly partnerId: string;
  readonly partnerCode: string;
  readonly partnerType: string;
  readonly apiKey: string;
  readonly apiSecret: string;
}

/** Signature version 2 signs the Idempotency-Key as sent (the fuzzer mutates the rest, not the signature). */
function signedIdempotencyKey(request: FuzzRequest): { idempotencyKey?: string } {
  const key = request.headers['Idempotency-Key'];
  return key === undefined ? {} : { idempotencyKey: key };
}

/**
 * Signs one fuzz request and hands it to the route's real Lambda handler, in process, as API Gateway
 * would after the partner authorizer allowed it (the authorizer's context; requests with a body are
 * verified and claimed against replay by the handler itself, as on AWS).
 */
export async function invokeHandler(principal: FuzzPrincipal, request: FuzzRequest): Promise<FuzzOutcome> {
  const query = canonicalQuery(request.query);
  const pathWithQuery = `${request.path}${query ? `?${query}` : ''}`;
  const signed = signatureHeaders(principal, {
    method: request.method,
    pathWithQuery,
    body: request.body,
    ...signedIdempotencyKey(request),
  });
  const headers = {
    ...signed,
    ...(request.body ? { 'content-type': 'application/json' } : {}),
    ...request.headers,
  };
  const single = Object.keys(request.query).length ? { ...request.query } : null;
  const functionName = FUNCTION_OF.get(request.operation);
  if (!functionName) throw new Error(`no function serves ${request.operation}`);
  const event = {
    resource: request.operation.split(' ')[1] as string,
    path: request.path,
    httpMethod: request.method,
    headers,
    multiValueHeaders: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, [v]])),
    queryStringParameters: single,
    multiValueQueryStringParameters:
      single && Object.fromEntries(Object.entries(single).map(([k, v]) => [k, [v]])),
    pathParameters: Object.keys(request.pathParameters).length ? request.pathParameters : null,
    stageVariables: null,
    body: request.body || null,
    isBase64Encoded: false,
    requestContext: {
      accountId: '000000000000',
      apiId: 'fuzz',
      httpMethod: request.method,
      identity: { sourceIp: '127.0.0.1', userAgent: 'fuzz' },
      path: request.path,
      stage: 'local',
      requestId: randomUUID(),
      requestTimeEpoch: Date.now(),
      resourceId: request.operation,
      resourcePath: request.operation.split(' ')[1],
      authorizer: {
        principalId: principal.partnerId,
        partnerId: principal.partnerId,
        apiKeyId: principal.apiKey,
        partnerCode: principal.partnerCode,
        partnerType: principal.partnerType,
        signatureVerified: String(!request.body),
      },
    },
  } as unknown as APIGatewayProxyEvent;
  let result: APIGatewayProxyResult;
  try {
    result = (await invokeFunction(functionName, event)) as APIGatewayProxyResult;
  } catch {
    // What API Gateway answers when the function itself fails.
    return { request, status: 502, body: undefined, signature: signed['X-Signature'] as string };
  }
  let body: unknown = result.body;
  try {
    body = result.body ? (JSON.parse(result.body) as unknown) : undefined;
  } catch {
    // Left as text: the contract check reports it.
  }
  return { request, status: result.statusCode, body, signature: signed['X-Signature'] as string };
}

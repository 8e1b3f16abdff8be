import { createHmac } from 'node:crypto';
import { Validator } from '@seriousme/openapi-schema-validator';
import { FUNCTIONS } from '../../../functions/catalog';
import type { FunctionSpec } from '../../../functions/catalog';
import {
  COMMON_ERROR_STATUSES,
  ROUTE_DOCS,
  SIGNING_EXAMPLE,
  buildOpenApiDocument,
  signingExampleSignature,
  undocumentedRoutes,
} from '../../../shared/api/openapi';
import type { OpenApiDocument } from '../../../shared/api/openapi';
import {
  ERROR_CODES,
  ERROR_CODE_LIST,
  ErrorResponse,
  isErrorCode,
} from '../../../shared/api/partner-api-schemas';
import { API_KEY_ID_PATTERN } from '../../../shared/domain/auth/api-key';
import { parseTimestamp, signatureMatches } from '../../../shared/domain/auth/request-signature';

const SERVER_URL = 'https://api.gateway.example';
const catalogRouteKeys = FUNCTIONS.filter((f) => f.kind === 'api')
  .flatMap((f) => (f.routes ?? []).filter((r) => (r.auth ?? 'partner') === 'partner'))
  .map((r) => `${r.method} ${r.path}`)
  .sort();

function operations(doc: OpenApiDocument) {
  return Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, op]) => ({ key: `${method.toUpperCase()} ${path}`, op })),
  );
}

/** Every `$ref` anywhere in the document. */
function refs(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) node.forEach((n) => refs(n, out));
  else if (node && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      if (k === '$ref' && typeof v === 'string') out.push(v);
      else refs(v, out);
    }
  }
  return out;
}

function resolveRef(doc: OpenApiDocument, ref: string): unknown {
  expect(ref.startsWith('#/')).toBe(true);
  return ref
    .slice(2)
    .split('/')
    .reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], doc);
}

interface ErrorResponseObject {
  content: { 'application/json': { schema: { $ref: string }; examples: Record<string, { value: unknown }> } };
}

describe('OpenAPI document', () => {
  const doc = buildOpenApiDocument({ serverUrl: SERVER_URL });

  describe('routes', () => {
    it('has exactly one operation per api route of the function catalog', () => {
      expect(catalogRouteKeys.length).toBeGreaterThan(0);
      expect(
        operations(doc)
          .map((o) => o.key)
          .sort(),
      ).toEqual(catalogRouteKeys);
    });

    it('has documentation for every catalog route and none for routes that do not exist', () => {
      expect(undocumentedRoutes()).toEqual([]);
      expect(Object.keys(ROUTE_DOCS).sort()).toEqual(catalogRouteKeys);
    });

    it('refuses to build when a catalog route has no documentation', () => {
      const extra: FunctionSpec = {
        name: 'undocumented',
        entry: 'functions/partner-api/undocumented.ts',
        description: 'GET /v1/not-documented',
        kind: 'api',
        routes: [{ method: 'GET', path: '/v1/not-documented' }],
        timeoutSeconds: 10,
        memoryMb: 512,
        grants: ['table:read'],
      };
      expect(undocumentedRoutes([...FUNCTIONS, extra])).toEqual(['GET /v1/not-documented']);
      expect(() => buildOpenApiDocument({ serverUrl: SERVER_URL, functions: [...FUNCTIONS, extra] })).toThrow(
        'GET /v1/not-documented',
      );
    });

    it('gives every operation a unique operationId, a summary and a tag declared at the top level', () => {
      const ops = operations(doc).map((o) => o.op);
      expect(new Set(ops.map((o) => o.operationId)).size).toBe(ops.length);
      const tags = doc.tags.map((t) => t.name);
      for (const op of ops) {
        expect(op.summary.length).toBeGreaterThan(5);
        expect(op.tags.every((t) => tags.includes(t))).toBe(true);
      }
    });
  });

  describe('security', () => {
    const requirement = { ApiKey: [], Timestamp: [], Signature: [], SignatureVersion: [], Nonce: [] };

    it('requires all five signature headers together on every operation', () => {
      expect(doc.security).toEqual([requirement]);
      for (const { op } of operations(doc)) expect(op.security).toEqual([requirement]);
    });

    it('declares the three header schemes with their header names', () => {
      expect(doc.components.securitySchemes).toMatchObject({
        ApiKey: { type: 'apiKey', in: 'header', name: 'X-Api-Key' },
        Timestamp: { type: 'apiKey', in: 'header', name: 'X-Timestamp' },
        Signature: { type: 'apiKey', in: 'header', name: 'X-Signature' },
        SignatureVersion: { type: 'apiKey', in: 'header', name: 'X-Signature-Version' },
        Nonce: { type: 'apiKey', in: 'header', name: 'X-Nonce' },
      });
    });

    it('declares 400, 401, 403, 404, 429 and 500 on every operation', () => {
      expect([...COMMON_ERROR_STATUSES]).toEqual([400, 401, 403, 404, 429, 500]);
      for (const { op } of operations(doc)) {
        expect(Object.keys(op.responses)).toEqual(
          expect.arrayContaining(['400', '401', '403', '404', '429', '500']),
        );
        expect(Object.keys(op.responses).some((s) => /^2\d\d$/.test(s))).toBe(true);
        expect(op.responses['401']).toEqual({ $ref: '#/components/responses/Unauthenticated' });
        expect(op.responses['403']).toEqual({ $ref: '#/components/responses/Forbidden' });
        expect(op.responses['500']).toEqual({ $ref: '#/components/responses/InternalError' });
      }
    });
  });

  describe('schemas and examples', () => {
    it('has the wire schemas under components.schemas as JSON Schema', () => {
      const schemas = doc.components.schemas;
      expect(Object.keys(schemas)).toEqual(
        expect.arrayContaining([
          'ErrorResponse',
          'PartnerResponse',
          'BalancesResponse',
          'Balance',
          'Partner',
          'DecimalString',
        ]),
      );
      expect(schemas.DecimalString).toMatchObject({
        type: 'string',
        pattern: expect.stringContaining('[0-9]'),
      });
      expect(schemas.BalancesResponse).toMatchObject({ type: 'object', required: ['balances', 'totalUsd'] });
      expect(schemas.ErrorResponse).toMatchObject({ type: 'object', required: ['error'] });
      for (const schema of Object.values(schemas)) {
        expect(schema).not.toHaveProperty('$schema');
        expect(schema).not.toHaveProperty('$id');
      }
    });

    it('resolves every $ref inside the document', () => {
      const all = refs(doc);
      expect(all.length).toBeGreaterThan(10);
      for (const ref of all) expect(resolveRef(doc, ref)).toBeDefined();
    });

    it('gives every success response an example that passes its zod schema', () => {
      for (const [key, routeDoc] of Object.entries(ROUTE_DOCS)) {
        const [method = '', path = ''] = key.split(' ');
        const op = doc.paths[path]?.[method.toLowerCase() as 'get'];
        const success = (op?.responses['200'] ?? op?.responses['201'] ?? op?.responses['204']) as {
          content?: Record<string, { example: unknown }>;
        };
        if (success.content)
          expect(success.content['application/json']?.example).toEqual(routeDoc.responseExample);
        expect(routeDoc.response.safeParse(routeDoc.responseExample).success).toBe(true);
      }
    });

    it('gives each error response examples that conform to ErrorResponse with codes of that status', () => {
      const seen = new Set<string>();
      const responses = doc.components.responses as unknown as Record<string, ErrorResponseObject>;
      const statusOf: Record<string, number> = {
        BadRequest: 400,
        Unauthenticated: 401,
        Forbidden: 403,
        NotFound: 404,
        Conflict: 409,
        PayloadTooLarge: 413,
        Unprocessable: 422,
        RateLimited: 429,
        InternalError: 500,
        Unavailable: 503,
      };
      expect(Object.keys(responses).sort()).toEqual(Object.keys(statusOf).sort());
      for (const [name, response] of Object.entries(responses)) {
        const json = response.content['application/json'];
        expect(json.schema).toEqual({ $ref: '#/components/schemas/ErrorResponse' });
        const examples = Object.entries(json.examples);
        expect(examples.length).toBeGreaterThan(0);
        for (const [exampleName, { value }] of examples) {
          const body = ErrorResponse.parse(value);
          expect(body.error.code).toBe(exampleName);
          // Answered by the gateway in front of every handler, not by the error mapper.
          if (name === 'PayloadTooLarge') {
            expect(body.error.code).toBe('PAYLOAD_TOO_LARGE');
            continue;
          }
          expect(isErrorCode(body.error.code)).toBe(true);
          if (isErrorCode(body.error.code)) expect(ERROR_CODES[body.error.code].status).toBe(statusOf[name]);
          seen.add(body.error.code);
        }
      }
      expect([...seen].sort()).toEqual([...ERROR_CODE_LIST].sort());
    });

    it('shows the partner-auth failure codes as 403 examples', () => {
      const forbidden = doc.components.responses.Forbidden as unknown as ErrorResponseObject;
      expect(Object.keys(forbidden.content['application/json'].examples)).toEqual(
        expect.arrayContaining([
          'API_KEY_UNKNOWN',
          'SIGNATURE_INVALID',
          'TIMESTAMP_OUT_OF_WINDOW',
          'SIGNATURE_REPLAYED',
          'IP_NOT_ALLOWED',
        ]),
      );
    });

    it('survives a JSON round trip unchanged', () => {
      expect(JSON.parse(JSON.stringify(doc))).toEqual(doc);
    });
  });

  describe('completeness', () => {
    const op = (key: string) => {
      const [method = '', path = ''] = key.split(' ');
      const found = doc.paths[path]?.[method.toLowerCase() as 'get'];
      if (!found) throw new Error(`no operation ${key}`);
      return found;
    };
    const statuses = (key: string) => Object.keys(op(key).responses).sort();

    it('passes an independent OpenAPI validator (@seriousme/openapi-schema-validator)', async () => {
      const result = await new Validator().validate(JSON.parse(JSON.stringify(doc)) as never);
      expect(result.errors).toBeUndefined();
      expect(result.valid).toBe(true);
    });

    it('documents 201 on creates, 204 on deletes without body, 422 and 503 where the route answers them', () => {
      expect(statuses('POST /v1/deposit-addresses')).toEqual(expect.arrayContaining(['200', '201', '413']));
      // The idempotent creates: a reused Idempotency-Key is 409.
      for (const key of [
        'POST /v1/withdrawals',
        'POST /v1/deposit-reservations',
        'POST /v1/external-wallets',
        'POST /v1/deposit-requests',
      ]) {
        expect(statuses(key)).toEqual(expect.arrayContaining(['200', '201', '409', '413']));
      }
      expect(statuses('DELETE /v1/external-wallets/{network}/{address}')).toContain('204');
      expect(op('DELETE /v1/external-wallets/{network}/{address}').responses['204']).not.toHaveProperty(
        'content',
      );
      expect(statuses('DELETE /v1/external-wallets/{network}/{address}')).not.toContain('200');
      expect(statuses('POST /v1/withdrawals')).toEqual(expect.arrayContaining(['422', '503']));
      expect(statuses('POST /v1/withdrawals/{code}/cancel')).toEqual(expect.arrayContaining(['409', '503']));
      for (const { key } of operations(doc).filter((o) => /^(POST|PUT) /.test(o.key))) {
        expect(statuses(key)).toContain('413');
      }
    });

    it('documents every request body the API reads as a schema, never as prose', () => {
      const withoutBody = [
        'POST /v1/withdrawals/{code}/cancel',
        'POST /v1/webhooks/secret',
        'POST /v1/webhooks/test',
        'POST /v1/webhooks/deliveries/{eventId}/redeliver',
        'POST /v1/sub-partners/{code}/owner-password-reset',
      ];
      for (const { key, op: o } of operations(doc).filter((x) => /^(POST|PUT) /.test(x.key))) {
        if (withoutBody.includes(key)) {
          expect(o.requestBody).toBeUndefined();
          continue;
        }
        const ref = (
          o.requestBody as { content: { 'application/json': { schema: { $ref: string } } } } | undefined
        )?.content['application/json'].schema.$ref;
        expect({ key, ref }).toEqual({ key, ref: expect.stringMatching(/^#\/components\/schemas\//) });
        expect(resolveRef(doc, ref as string)).toMatchObject({
          type: 'object',
          properties: expect.any(Object),
        });
      }
    });

    it('gives every path and query parameter a schema with a length bound', () => {
      const bounded = (schema: Record<string, unknown>): boolean => {
        if (Array.isArray(schema['anyOf']))
          return (schema['anyOf'] as Record<string, unknown>[]).every(bounded);
        if (Array.isArray(schema['enum']) || 'const' in schema) return true;
        if (schema['type'] === 'integer' || schema['type'] === 'number')
          return typeof schema['maximum'] === 'number';
        return schema['type'] === 'string' && typeof schema['maxLength'] === 'number';
      };
      let count = 0;
      for (const { key, op: o } of operations(doc)) {
        for (const p of (o.parameters ?? []) as {
          name: string;
          in: string;
          schema: Record<string, unknown>;
        }[]) {
          if (p.in === 'header') continue;
          count += 1;
          expect({ key, name: p.name, bounded: bounded(p.schema) }).toEqual({
            key,
            name: p.name,
            bounded: true,
          });
        }
        for (const name of [...key.matchAll(/\{([^}]+)\}/g)].map((m) => m[1])) {
          expect((o.parameters ?? []).some((p) => p['name'] === name && p['in'] === 'path')).toBe(true);
        }
      }
      expect(count).toBeGreaterThan(30);
    });

    it('refuses to build when a route has a path parameter without a schema', () => {
      const extra: FunctionSpec = {
        name: 'unparsed',
        entry: 'functions/partner-api/unparsed.ts',
        description: 'GET /v1/partner/{id}',
        kind: 'api',
        routes: [{ method: 'GET', path: '/v1/partner/{id}' }],
        timeoutSeconds: 10,
        memoryMb: 512,
        grants: ['table:read'],
      };
      const docs = ROUTE_DOCS as Record<string, unknown>;
      docs['GET /v1/partner/{id}'] = { ...ROUTE_DOCS['GET /v1/partner'] };
      try {
        expect(() =>
          buildOpenApiDocument({ serverUrl: SERVER_URL, functions: [...FUNCTIONS, extra] }),
        ).toThrow('no params schema for id');
      } finally {
        delete docs['GET /v1/partner/{id}'];
      }
    });
  });

  describe('info and servers', () => {
    it('is OpenAPI 3.1 with the product title and the given server', () => {
      expect(doc.openapi).toBe('3.1.0');
      expect(doc.info.title).toBe('Stablecoin Gateway Partner API');
      expect(doc.servers).toEqual([{ url: SERVER_URL, description: 'Partner API' }]);
    });

    it('drops a trailing slash from the server url and rejects a non-http url', () => {
      expect(buildOpenApiDocument({ serverUrl: 'http://localhost:3000/' }).servers[0]?.url).toBe(
        'http://localhost:3000',
      );
      expect(() => buildOpenApiDocument({ serverUrl: 'not a url' })).toThrow();
      expect(() => buildOpenApiDocument({ serverUrl: 'ftp://example.com' })).toThrow();
    });

    it('explains the replay window, single use and the IP allowlist', () => {
      const text = doc.info.description;
      expect(text).toContain('±5 minutes');
      expect(text).toContain('accepted **once**');
      expect(text).toContain('IP_NOT_ALLOWED');
      expect(text).toContain(
        '"v2" + "\\n" + timestamp + "\\n" + nonce + "\\n" + METHOD + "\\n" + path-with-query + "\\n" + idempotency-key + "\\n" + body',
      );
      // The deprecated version 1, its end date and the code after it.
      expect(text).toContain('timestamp + "\\n" + METHOD + "\\n" + path-with-query + "\\n" + body');
      expect(text).toContain('SIGNATURE_VERSION_RETIRED');
    });

    it('carries a worked signing example whose signature the verifier accepts', () => {
      const { secret, request } = SIGNING_EXAMPLE;
      const expected = createHmac('sha256', secret)
        .update(`v2\n${request.timestamp}\n${request.nonce}\nGET\n/v1/balances\n\n`)
        .digest('hex');
      // Known answer computed independently (Python hmac/hashlib).
      expect(expected).toBe('e9e54127eb042df6379ecd8bac6a267964a2bd5a32b54dec2e52eab8a0347b29');
      expect(signingExampleSignature()).toBe(expected);
      expect(signatureMatches(secret, request, expected)).toBe(true);
      expect(parseTimestamp(request.timestamp)).toBe(Date.UTC(2026, 0, 1));
      expect(SIGNING_EXAMPLE.apiKey).toMatch(API_KEY_ID_PATTERN);
      expect(doc.info.description).toContain(`X-Signature: ${expected}`);
      expect(doc.info.description).toContain(`X-Timestamp: ${request.timestamp}`);
      expect(doc.info.description).toContain(`X-Nonce: ${request.nonce}`);
      expect(doc.info.description).toContain('X-Signature-Version: 2');
      expect(doc.info.description).toContain(`X-Api-Key: ${SIGNING_EXAMPLE.apiKey}`);
    });
  });

  describe('idempotency', () => {
    const header = (method: 'post', path: string) =>
      (doc.paths[path]?.[method]?.parameters ?? []).find(
        (p) => p['in'] === 'header' && p['name'] === 'Idempotency-Key',
      );

    it('documents the Idempotency-Key header: required on withdrawals, optional on deposit requests', () => {
      expect(header('post', '/v1/withdrawals')).toMatchObject({ required: true });
      for (const path of ['/v1/deposit-requests', '/v1/deposit-reservations', '/v1/external-wallets'])
        expect(header('post', path)).toMatchObject({ required: false });
      expect(String(header('post', '/v1/withdrawals')?.['description'])).toContain('kept 30 days');
      for (const path of ['/v1/withdrawals', '/v1/deposit-requests'])
        expect(Object.keys(doc.paths[path]?.post?.responses ?? {})).toContain('409');
    });

    it('states the 30-day window and the retryable in-progress answer in the API description', () => {
      expect(doc.info.description).toContain('## Idempotency');
      expect(doc.info.description).toContain('**30 days**');
      expect(doc.info.description).toContain('IDEMPOTENCY_REQUEST_IN_PROGRESS');
    });
  });
});

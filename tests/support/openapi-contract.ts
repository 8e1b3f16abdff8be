import Ajv2020 from 'ajv/dist/2020';
import type { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { buildOpenApiDocument } from '../../shared/api/openapi';
import type { OpenApiDocument } from '../../shared/api/openapi';

/**
 * Live responses checked against the published OpenAPI document with an independent validator (Ajv,
 * JSON Schema 2020-12 as OpenAPI 3.1 uses): the status must be documented for the operation and the
 * body must match that status's schema. Used by the partner API integration tests and the fuzz test.
 */
const DOC_ID = 'https://gateway.test/openapi.json';

interface Operation {
  readonly method: string;
  readonly template: string;
  readonly pattern: RegExp;
  readonly responses: Record<
    string,
    { $ref?: string; content?: Record<string, { schema: { $ref: string } }> }
  >;
}

export interface ContractChecker {
  readonly doc: OpenApiDocument;
  /** Problems with this response (empty when it conforms). */
  check(method: string, path: string, status: number, body: unknown): string[];
  /** The operation `METHOD /template` a concrete path belongs to, or undefined. */
  operationOf(method: string, path: string): string | undefined;
}

export function contractChecker(
  doc: OpenApiDocument = buildOpenApiDocument({ serverUrl: 'http://localhost' }),
): ContractChecker {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema({ $id: DOC_ID, components: { schemas: doc.components.schemas } });
  const validators = new Map<string, ValidateFunction>();
  const validatorFor = (ref: string) => {
    let v = validators.get(ref);
    if (!v) {
      v = ajv.compile({ $ref: `${DOC_ID}${ref}` });
      validators.set(ref, v);
    }
    return v;
  };
  const operations: Operation[] = Object.entries(doc.paths).flatMap(([template, item]) =>
    Object.entries(item).map(([method, op]) => ({
      method: method.toUpperCase(),
      template,
      pattern: new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`),
      responses: op.responses as Operation['responses'],
    })),
  );
  const params = (template: string) => template.split('{').length - 1;
  // Static segments win over parameters (`/v1/deposits/rescan` is not `/v1/deposits/{code}`).
  const find = (method: string, path: string) =>
    operations
      .filter((o) => o.method === method && o.pattern.test(path.split('?')[0] as string))
      .sort((a, b) => params(a.template) - params(b.template))[0];

  return {
    doc,
    operationOf: (method, path) => {
      const op = find(method, path);
      return op && `${op.method} ${op.template}`;
    },
    check(method, path, status, body) {
      const op = find(method, path);
      if (!op) return [`no documented operation for ${method} ${path}`];
      let response = op.responses[String(status)];
      if (!response) return [`${method} ${op.template} answered ${status}, which is not documented`];
      if (response.$ref) {
        const name = response.$ref.split('/').pop() as string;
        response = (doc.components.responses as Record<string, typeof response>)[name] as typeof response;
      }
      const schema = response?.content?.['application/json']?.schema;
      if (!schema) return body === undefined || body === '' ? [] : [`${status} must have no body`];
      const validate = validatorFor(schema.$ref);
      if (validate(body)) return [];
      return (validate.errors ?? []).map(
        (e) => `${method} ${op.template} ${status}: ${e.instancePath || '/'} ${e.message ?? ''}`,
      );
    },
  };
}

type RequestFn = (
  method: string,
  path: string,
  options?: {
    query?: Record<string, string | number | (string | number)[]>;
    body?: unknown;
    headers?: Record<string, string>;
  },
) => Promise<{ status: number; body: unknown; headers: Headers }>;

/** A partner client whose every response is checked against the document; a mismatch fails the test. */
export function contractChecked<C extends { request: RequestFn }>(
  client: C,
  checker: ContractChecker = sharedChecker(),
) {
  const request = async <T>(method: string, path: string, options: Parameters<RequestFn>[2] = {}) => {
    const res = await client.request(method, path, options);
    const problems = checker.check(method, path, res.status, res.body);
    if (problems.length)
      throw new Error(`Response does not match the OpenAPI document:\n${problems.join('\n')}`);
    return res as { status: number; body: T; headers: Headers };
  };
  return {
    request,
    get: <T>(path: string, query?: Record<string, string | number | (string | number)[]>) =>
      request<T>('GET', path, query ? { query } : {}),
    post: <T>(path: string, body: unknown, headers?: Record<string, string>) =>
      request<T>('POST', path, { body, ...(headers ? { headers } : {}) }),
  };
}

let shared: ContractChecker | undefined;
export function sharedChecker(): ContractChecker {
  shared ??= contractChecker();
  return shared;
}

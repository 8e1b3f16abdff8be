import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type {
  APIGatewayAuthorizerResult,
  APIGatewayProxyEvent,
  APIGatewayProxyResult,
  APIGatewayRequestAuthorizerEvent,
} from 'aws-lambda';
import { AUTHORIZER_FOR, FUNCTIONS, routeAuth } from '../../functions/catalog';
import type { FunctionSpec, RouteAuth } from '../../functions/catalog';
import { invokeFunction } from './lambda-runtime';

/**
 * A local stand-in for API Gateway (REST API, proxy integrations): it matches the catalog's routes,
 * runs the route's Lambda REQUEST authorizer first (partner or console; none for public routes) with
 * the connection's source IP, renders the same gateway responses (401 UNAUTHENTICATED, 403 with the
 * authorizer's error code, 500 on authorizer failure), and hands the handler a real proxy event with
 * the authorizer context. Console and public routes are reached under `/api/…` with the prefix
 * stripped, exactly as CloudFront forwards the console's same-origin calls on AWS; partner routes are
 * served at their own paths. Anything else goes to `fallback`.
 */
export interface StaticResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer | string;
}
export type Fallback = (req: { method: string; path: string }) => Promise<StaticResponse | undefined>;

export interface CompiledRoute {
  readonly functionName: string;
  readonly auth: RouteAuth;
  readonly method: string;
  readonly resource: string;
  readonly pattern: RegExp;
  readonly params: readonly string[];
}

const MAX_BODY_BYTES = 1024 * 1024;
const STAGE = 'local';
/** CloudFront routes `/api/*` to the API and strips the prefix (infra/stacks/console-stack.ts). */
const CLOUDFRONT_API_PREFIX = '/api';

/**
 * The catalog's routes, most specific first: at each segment a literal beats a `{param}`, as API
 * Gateway decides (`/v1/sub-partners/activity` is its own route, not `/v1/sub-partners/{code}`).
 */
export function compileRoutes(functions: readonly FunctionSpec[] = FUNCTIONS): CompiledRoute[] {
  return sortBySpecificity(
    functions.flatMap((f) =>
      (f.routes ?? []).map((r) => {
        const params: string[] = [];
        const source = r.path
          .split('/')
          .map((seg) => {
            const m = /^\{(\w+)\}$/.exec(seg);
            if (!m?.[1]) return seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
            params.push(m[1]);
            return '([^/]+)';
          })
          .join('/');
        return {
          functionName: f.name,
          auth: routeAuth(r),
          method: r.method,
          resource: r.path,
          pattern: new RegExp(`^${source}$`),
          params,
        };
      }),
    ),
  );
}

function sortBySpecificity(routes: CompiledRoute[]): CompiledRoute[] {
  const rank = (path: string) => path.split('/').map((seg) => (/^\{\w+\}$/.test(seg) ? 1 : 0));
  return routes
    .map((route, i) => ({ route, i, rank: rank(route.resource) }))
    .sort((a, b) => {
      for (let k = 0; k < Math.min(a.rank.length, b.rank.length); k++)
        if (a.rank[k] !== b.rank[k]) return (a.rank[k] as number) - (b.rank[k] as number);
      return a.i - b.i;
    })
    .map((r) => r.route);
}

/** The route API Gateway would pick for a request (undefined: none). */
export function findRoute(
  routes: readonly CompiledRoute[],
  method: string,
  apiPath: string,
  viaCloudFront: boolean,
): CompiledRoute | undefined {
  return routes.find(
    (r) =>
      r.pattern.test(apiPath) &&
      r.method === method &&
      (viaCloudFront ? r.auth !== 'partner' : r.auth === 'partner'),
  );
}

function errorBody(code: string, message: string, requestId: string) {
  return JSON.stringify({ error: { code, message, requestId } });
}

function headersOf(req: IncomingMessage) {
  // Null-prototype maps: a header or parameter named `__proto__` or `toString` is just a name.
  const headers: Record<string, string> = Object.create(null) as Record<string, string>;
  const multi: Record<string, string[]> = Object.create(null) as Record<string, string[]>;
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    const name = req.rawHeaders[i] as string;
    const value = req.rawHeaders[i + 1] as string;
    headers[name] = headers[name] === undefined ? value : `${headers[name]},${value}`;
    (multi[name] ??= []).push(value);
  }
  return { headers, multi };
}

function queryOf(url: URL) {
  const single: Record<string, string> = Object.create(null) as Record<string, string>;
  const multi: Record<string, string[]> = Object.create(null) as Record<string, string[]>;
  for (const [k, v] of url.searchParams) {
    single[k] = v;
    (multi[k] ??= []).push(v);
  }
  const has = Object.keys(single).length > 0;
  return { single: has ? single : null, multi: has ? multi : null };
}

function readBody(req: IncomingMessage): Promise<Buffer | 'too-large'> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= MAX_BODY_BYTES) chunks.push(c);
    });
    req.on('end', () => resolve(size > MAX_BODY_BYTES ? 'too-large' : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function allows(result: APIGatewayAuthorizerResult, methodArn: string): boolean {
  const statements = result.policyDocument?.Statement ?? [];
  const matches = (resource: string | string[] | undefined) =>
    ([] as string[]).concat(resource ?? []).some((r) =>
      new RegExp(
        `^${r
          .split('*')
          .map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
          .join('.*')}$`,
      ).test(methodArn),
    );
  const denied = statements.some((s) => s.Effect === 'Deny' && 'Resource' in s && matches(s.Resource));
  const allowed = statements.some((s) => s.Effect === 'Allow' && 'Resource' in s && matches(s.Resource));
  return allowed && !denied;
}

export function createLocalApiServer(
  options: {
    fallback?: Fallback;
    /** One line per request. */
    log?: (line: string) => void;
    /** Failures (authorizer or handler): logged even when request lines are off. */
    logError?: (line: string) => void;
  } = {},
): Server {
  const routes = compileRoutes();
  const log = options.log ?? (() => undefined);
  const logError = options.logError ?? log;

  const send = (
    res: ServerResponse,
    status: number,
    headers: Record<string, string | string[]>,
    body: string | Buffer,
  ) => {
    res.writeHead(status, headers);
    res.end(body);
  };
  const json = { 'content-type': 'application/json; charset=utf-8' };

  return createServer(async (req, res) => {
    const started = Date.now();
    const requestId = randomUUID();
    const method = (req.method ?? 'GET').toUpperCase();
    const url = new URL(req.url ?? '/', 'http://localhost');
    const sourceIp = (req.socket.remoteAddress ?? '127.0.0.1').replace(/^::ffff:/, '');
    res.on('finish', () => log(`${method} ${url.pathname} ${res.statusCode} ${Date.now() - started}ms`));
    try {
      const viaCloudFront = url.pathname.startsWith(`${CLOUDFRONT_API_PREFIX}/`);
      // The path API Gateway sees: without the prefix CloudFront strips.
      const apiPath = viaCloudFront ? url.pathname.slice(CLOUDFRONT_API_PREFIX.length) : url.pathname;
      const route = findRoute(routes, method, apiPath, viaCloudFront);
      if (!route) {
        const fallback = await options.fallback?.({ method, path: url.pathname });
        if (fallback) return send(res, fallback.status, fallback.headers, fallback.body);
        return send(
          res,
          404,
          json,
          errorBody('NOT_FOUND', `No route for ${method} ${url.pathname}`, requestId),
        );
      }
      const body = await readBody(req);
      if (body === 'too-large')
        return send(res, 413, json, errorBody('PAYLOAD_TOO_LARGE', 'Request body exceeds 1 MiB', requestId));

      const match = route.pattern.exec(apiPath) as RegExpExecArray;
      const pathParameters = route.params.length
        ? Object.fromEntries(route.params.map((p, i) => [p, decodeURIComponent(match[i + 1] as string)]))
        : null;
      const { headers, multi } = headersOf(req);
      const query = queryOf(url);
      const requestContext = {
        accountId: '000000000000',
        apiId: 'local',
        authorizer: undefined as unknown,
        protocol: `HTTP/${req.httpVersion}`,
        httpMethod: method,
        identity: {
          sourceIp,
          userAgent: req.headers['user-agent'] ?? null,
        } as APIGatewayProxyEvent['requestContext']['identity'],
        path: apiPath,
        stage: STAGE,
        requestId,
        requestTimeEpoch: started,
        resourceId: route.resource,
        resourcePath: route.resource,
      };
      const methodArn = `arn:aws:execute-api:local:000000000000:local/${STAGE}/${method}${apiPath}`;

      const authorizerEvent: APIGatewayRequestAuthorizerEvent = {
        type: 'REQUEST',
        methodArn,
        resource: route.resource,
        path: apiPath,
        httpMethod: method,
        headers,
        multiValueHeaders: multi,
        pathParameters,
        queryStringParameters: query.single,
        multiValueQueryStringParameters: query.multi,
        stageVariables: null,
        requestContext: requestContext as unknown as APIGatewayRequestAuthorizerEvent['requestContext'],
      };
      // Public routes have no authorizer: API Gateway passes no authorizer context at all.
      let authorization: APIGatewayAuthorizerResult | undefined;
      if (route.auth !== 'public') {
        try {
          authorization = (await invokeFunction(
            AUTHORIZER_FOR[route.auth],
            authorizerEvent,
          )) as APIGatewayAuthorizerResult;
        } catch (e) {
          if (e instanceof Error && e.message === 'Unauthorized') {
            return send(
              res,
              401,
              json,
              errorBody('UNAUTHENTICATED', 'Missing or malformed credentials', requestId),
            );
          }
          logError(`authorizer failure: ${(e as Error).message}`);
          return send(res, 500, json, errorBody('INTERNAL', 'Authorizer failure', requestId));
        }
        if (!allows(authorization, methodArn)) {
          const ctx = authorization.context ?? {};
          return send(
            res,
            403,
            json,
            errorBody(
              String(ctx['errorCode'] ?? 'FORBIDDEN'),
              String(ctx['errorMessage'] ?? 'Forbidden'),
              requestId,
            ),
          );
        }
      }

      const event: APIGatewayProxyEvent = {
        resource: route.resource,
        path: apiPath,
        httpMethod: method,
        headers,
        multiValueHeaders: multi,
        queryStringParameters: query.single,
        multiValueQueryStringParameters: query.multi,
        pathParameters,
        stageVariables: null,
        body: body.length ? body.toString('utf8') : null,
        isBase64Encoded: false,
        requestContext: {
          ...requestContext,
          authorizer: authorization
            ? { ...authorization.context, principalId: authorization.principalId }
            : null,
        } as APIGatewayProxyEvent['requestContext'],
      };
      const result = (await invokeFunction(route.functionName, event)) as APIGatewayProxyResult;
      const outHeaders: Record<string, string | string[]> = { 'x-request-id': requestId };
      for (const [k, v] of Object.entries(result.headers ?? {})) outHeaders[k.toLowerCase()] = String(v);
      // multiValueHeaders (several Set-Cookie) are merged as API Gateway does: both maps, all values.
      for (const [k, values] of Object.entries(result.multiValueHeaders ?? {})) {
        const name = k.toLowerCase();
        const existing = outHeaders[name];
        outHeaders[name] = [
          ...(existing === undefined ? [] : ([] as string[]).concat(existing)),
          ...values.map(String),
        ];
      }
      const outBody = result.isBase64Encoded ? Buffer.from(result.body, 'base64') : result.body;
      return send(res, result.statusCode, outHeaders, outBody);
    } catch (e) {
      logError(`internal error: ${(e as Error).stack ?? String(e)}`);
      if (!res.headersSent) send(res, 502, json, errorBody('INTERNAL', 'Internal server error', requestId));
    }
  });
}

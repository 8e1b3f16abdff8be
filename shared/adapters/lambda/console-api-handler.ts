import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { Logger } from '@aws-lambda-powertools/logger';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { csrfDoubleSubmitOk, STATE_CHANGING_METHODS } from '../../app/accounts/authenticate-console-request';
import type { ConsolePrincipal, RequestMeta } from '../../app/accounts/deps';
import { isPermission, isRole } from '../../domain/accounts/permissions';
import type { Permission } from '../../domain/accounts/permissions';
import { AuthenticationError, GatewayError, isGatewayError, ValidationError } from '../../domain/errors';
import type { ErrorCode } from '../../domain/errors';
import type { PartnerType } from '../../domain/partner/partner';
import { clearedSessionCookies, CONSOLE_COOKIES, CSRF_HEADER, headerValue, parseCookies } from './cookies';
import { mapError } from './http-errors';
import { cursorScope } from '../../ports/page-cursors';
import type { PageCursorSealer } from '../../ports/page-cursors';
import { PageCursor } from '../../api/page-cursor';

/**
 * The console API's Lambda plumbing, the counterpart of partner-api-handler.ts: one function serves a
 * group of routes (dispatch on `METHOD resource`), with JSON logging and correlation ids, the principal
 * the console authorizer established (`console` routes) or a CSRF double-submit check (`public`
 * state-changing routes), JSON bodies, cookies, and the one error mapper.
 */
export interface ConsoleResult {
  readonly statusCode: number;
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
  /** Set-Cookie values (sent as multiValueHeaders). */
  readonly cookies?: readonly string[];
}

export interface ConsoleRequest {
  readonly event: APIGatewayProxyEvent;
  readonly meta: RequestMeta;
  readonly body: unknown;
  readonly query: Readonly<Record<string, string>>;
  readonly params: Readonly<Record<string, string>>;
  readonly cookies: ReadonlyMap<string, string>;
  readonly logger: Logger;
}

export interface AuthenticatedConsoleRequest extends ConsoleRequest {
  readonly principal: ConsolePrincipal;
}

export type ConsoleRoutes = Readonly<
  Record<
    string,
    | { readonly auth: 'public'; readonly handle: (req: ConsoleRequest) => Promise<ConsoleResult> }
    | {
        readonly auth: 'console';
        readonly permission?: Permission;
        readonly handle: (req: AuthenticatedConsoleRequest) => Promise<ConsoleResult>;
      }
  >
>;

export interface ConsoleHandlerDeps {
  readonly logger: Logger;
  /** Seals `nextCursor` and opens `cursor` per partner, route and filters (ADR 0020); absent: passed through. */
  readonly pageCursors?: PageCursorSealer;
  readonly config: {
    readonly console: { readonly cookieSecure: boolean; readonly clientIpHeader: string | undefined };
  };
}

const JSON_HEADERS = {
  'content-type': 'application/json; charset=utf-8',
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
};

/** Refusals after which the browser's session cookies are useless: clear them. */
const SESSION_ENDING: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'REFRESH_TOKEN_INVALID',
  'REFRESH_TOKEN_REUSED',
  'SESSION_EXPIRED',
  'SESSION_REVOKED',
]);

/** The client's address: the viewer IP our CloudFront function forwards, else the connection's. */
export function clientIp(event: APIGatewayProxyEvent, ipHeader: string | undefined): string {
  const forwarded = ipHeader ? headerValue(event.headers, ipHeader)?.split(',')[0]?.trim() : undefined;
  return forwarded || event.requestContext?.identity?.sourceIp || 'unknown';
}

export function requestMeta(event: APIGatewayProxyEvent, ipHeader: string | undefined): RequestMeta {
  return {
    sourceIp: clientIp(event, ipHeader),
    userAgent: headerValue(event.headers, 'user-agent') ?? event.requestContext?.identity?.userAgent ?? '',
  };
}

/** The principal from the console authorizer's context (strings only, as API Gateway passes them). */
export function principalFrom(event: APIGatewayProxyEvent): ConsolePrincipal {
  const ctx = (event.requestContext?.authorizer ?? {}) as Record<string, unknown>;
  const str = (k: string) => (typeof ctx[k] === 'string' ? (ctx[k] as string) : undefined);
  const userId = str('userId');
  const sessionId = str('sessionId');
  const partnerId = str('partnerId');
  const role = str('role');
  if (!userId || !sessionId || !partnerId || !role || !isRole(role)) {
    throw new AuthenticationError('UNAUTHENTICATED', 'Missing or expired session; refresh or sign in');
  }
  return {
    userId,
    sessionId,
    partnerId,
    partnerCode: str('partnerCode') ?? '',
    partnerType: (str('partnerType') ?? 'MERCHANT') as PartnerType,
    email: str('email') ?? '',
    role,
    permissions: (str('permissions') ?? '').split(',').filter(isPermission),
    twoFactorEnabled: str('twoFactorEnabled') === 'true',
  };
}

function parseBody(event: APIGatewayProxyEvent): unknown {
  if (!event.body) return {};
  const text = event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
  if (!text.trim()) return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ValidationError('The body is not valid JSON', [{ path: '', message: 'Invalid JSON' }]);
  }
}

/**
 * Every console path parameter is bounded before a route sees it: an id or code of thousands of
 * characters is a 400 on that field, not a key DynamoDB refuses (a 500). Routes check formats.
 */
const PATH_PARAMETER_MAX = 256;
function boundedPathParameters(
  raw: Readonly<Record<string, string | undefined>> | null,
): Record<string, string> {
  const params: Record<string, string> = {};
  const fields = [];
  for (const [name, value] of Object.entries(raw ?? {})) {
    if (value === undefined) continue;
    if (value.length > PATH_PARAMETER_MAX || [...value].some((c) => c.charCodeAt(0) < 0x20)) {
      fields.push({ path: name, message: `At most ${PATH_PARAMETER_MAX} printable characters` });
    }
    params[name] = value;
  }
  if (fields.length) throw new ValidationError('Invalid path parameter', fields);
  return params;
}

/** The request with its `cursor` opened, in the parsed query and in the event the route may read. */
async function withOpenedConsoleCursor(
  cursors: PageCursorSealer,
  scope: string,
  request: ConsoleRequest,
  cursor: string,
): Promise<ConsoleRequest> {
  const position = await cursors.open(scope, PageCursor.safeParse(cursor).success ? cursor : '');
  return {
    ...request,
    query: { ...request.query, cursor: position },
    event: {
      ...request.event,
      queryStringParameters: { ...request.event.queryStringParameters, cursor: position },
    },
  };
}

export function consoleApiHandler(getDeps: () => ConsoleHandlerDeps, routes: ConsoleRoutes) {
  const logger = getDeps().logger;
  return middy<APIGatewayProxyEvent, APIGatewayProxyResult, Error, Context>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .handler(async (event) => {
      const deps = getDeps();
      const requestId = event.requestContext?.requestId;
      const key = `${event.httpMethod} ${event.resource}`;
      logger.appendKeys({ correlationId: requestId, route: key });
      const secure = deps.config.console.cookieSecure;
      try {
        const route = routes[key];
        if (!route) throw new GatewayError('NOT_FOUND', `No route for ${key}`);
        const cookies = parseCookies(headerValue(event.headers, 'cookie'));
        const base: ConsoleRequest = {
          event,
          meta: requestMeta(event, deps.config.console.clientIpHeader),
          body: STATE_CHANGING_METHODS.has(event.httpMethod) ? parseBody(event) : {},
          query: { ...(event.queryStringParameters ?? {}) } as Record<string, string>,
          params: boundedPathParameters(event.pathParameters),
          cookies,
          logger,
        };
        let result: ConsoleResult;
        if (route.auth === 'public') {
          if (
            STATE_CHANGING_METHODS.has(event.httpMethod) &&
            !csrfDoubleSubmitOk({
              csrfCookie: cookies.get(CONSOLE_COOKIES.csrf),
              csrfHeader: headerValue(event.headers, CSRF_HEADER),
            })
          ) {
            throw new AuthenticationError('CSRF_TOKEN_INVALID', 'Missing or wrong X-CSRF-Token header');
          }
          result = await route.handle(base);
        } else {
          const principal = principalFrom(event);
          logger.appendKeys({ partnerId: principal.partnerId, userId: principal.userId });
          if (route.permission && !principal.permissions.includes(route.permission)) {
            throw new GatewayError(
              'PERMISSION_DENIED',
              `This action needs the ${route.permission} permission`,
            );
          }
          const cursors = deps.pageCursors;
          if (cursors) {
            const scope = cursorScope({
              tenant: `console:${principal.partnerId}`,
              route: key,
              pathParameters: event.pathParameters,
              query: event.queryStringParameters,
            });
            const cursor = base.query['cursor'];
            const opened =
              cursor === undefined ? base : await withOpenedConsoleCursor(cursors, scope, base, cursor);
            result = await route.handle({ ...opened, principal });
            const body = result.body as { nextCursor?: unknown } | undefined;
            if (body && typeof body === 'object' && typeof body.nextCursor === 'string') {
              result = {
                ...result,
                body: { ...body, nextCursor: await cursors.seal(scope, body.nextCursor) },
              };
            }
          } else {
            result = await route.handle({ ...base, principal });
          }
        }
        return {
          statusCode: result.statusCode,
          headers: { ...JSON_HEADERS, ...result.headers },
          ...(result.cookies?.length ? { multiValueHeaders: { 'set-cookie': [...result.cookies] } } : {}),
          body: result.body === undefined ? '' : JSON.stringify(result.body),
        };
      } catch (e) {
        const mapped = mapError(e, requestId);
        if (mapped.unexpected) logger.error('request failed', { error: e as Error });
        else logger.info('request refused', { code: mapped.body.error.code });
        const headers: Record<string, string> = { ...JSON_HEADERS };
        const retry = isGatewayError(e) ? e.details['retryAfterSeconds'] : undefined;
        if (typeof retry === 'number') headers['retry-after'] = String(retry);
        const clear = isGatewayError(e) && SESSION_ENDING.has(e.code);
        return {
          statusCode: mapped.statusCode,
          headers,
          ...(clear ? { multiValueHeaders: { 'set-cookie': clearedSessionCookies(secure) } } : {}),
          body: JSON.stringify(mapped.body),
        };
      }
    });
}

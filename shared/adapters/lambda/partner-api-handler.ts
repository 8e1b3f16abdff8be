import middy from '@middy/core';
import * as z from 'zod';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { Logger } from '@aws-lambda-powertools/logger';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { authenticatePartnerRequest } from '../../app/auth/authenticate-partner-request';
import type {
  ApiKeySummary,
  AuthenticateDeps,
  PartnerPrincipal,
} from '../../app/auth/authenticate-partner-request';
import { canonicalPathWithQuery } from '../../domain/auth/request-signature';
import { AuthenticationError, isGatewayError, NotFoundError, ValidationError } from '../../domain/errors';
import type { Partner, PartnerType } from '../../domain/partner/partner';
import { mapError } from './http-errors';
import { PageCursor } from '../../api/page-cursor';
import { cursorScope } from '../../ports/page-cursors';
import type { PageCursorSealer } from '../../ports/page-cursors';

export interface HttpResult {
  readonly statusCode: number;
  readonly body: unknown;
  readonly headers?: Record<string, string>;
}

export interface PartnerApiRequest {
  readonly event: APIGatewayProxyEvent;
  readonly principal: PartnerPrincipal;
  readonly logger: Logger;
  /** Milliseconds left before the function times out (Lambda context). */
  readonly remainingMs: () => number;
}

const JSON_HEADERS = {
  'content-type': 'application/json; charset=utf-8',
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
};

/** The path the client signed: the full request path (with stage or base path), not the resource path. */
export function signedPathWithQuery(
  event: Pick<APIGatewayProxyEvent, 'path' | 'requestContext' | 'multiValueQueryStringParameters'>,
): string {
  return canonicalPathWithQuery(
    event.requestContext?.path ?? event.path,
    event.multiValueQueryStringParameters,
  );
}

function rawBody(event: APIGatewayProxyEvent): string {
  if (!event.body) return '';
  return event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
}

/** An item the authorizer passed as JSON in its context, if it is there and is the one named by `id`. */
function fromContext<T extends { id: string }>(value: unknown, id: string): T | undefined {
  if (typeof value !== 'string') return undefined;
  try {
    const parsed = JSON.parse(value) as T | null;
    return parsed && typeof parsed === 'object' && parsed.id === id ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The principal the authorizer established. A REQUEST authorizer cannot see the body, so for requests
 * with one the signature is verified (and claimed against replay) here, before any business code runs.
 */
async function resolvePrincipal(
  deps: AuthenticateDeps,
  event: APIGatewayProxyEvent,
): Promise<PartnerPrincipal> {
  const ctx = event.requestContext.authorizer as Record<string, unknown> | null | undefined;
  if (!ctx || typeof ctx['partnerId'] !== 'string' || typeof ctx['apiKeyId'] !== 'string') {
    throw new AuthenticationError('UNAUTHENTICATED', 'Missing or malformed credentials');
  }
  if (ctx['signatureVerified'] === 'true' || ctx['signatureVerified'] === true) {
    const partner = fromContext<Partner>(ctx['partner'], ctx['partnerId']);
    const apiKey = fromContext<ApiKeySummary>(ctx['apiKey'], ctx['apiKeyId']);
    return {
      partnerId: ctx['partnerId'],
      apiKeyId: ctx['apiKeyId'],
      partnerCode: String(ctx['partnerCode']),
      partnerType: String(ctx['partnerType']) as PartnerType,
      signatureVerified: true,
      signatureVersion: String(ctx['signatureVersion']) === '1' ? 1 : 2,
      ...(partner ? { partner } : {}),
      ...(apiKey ? { apiKey } : {}),
    };
  }
  const principal = await authenticatePartnerRequest(deps, {
    headers: event.headers ?? {},
    method: event.httpMethod,
    pathWithQuery: signedPathWithQuery(event),
    body: rawBody(event),
    sourceIp: event.requestContext.identity.sourceIp,
  });
  if (principal.partnerId !== ctx['partnerId'] || principal.apiKeyId !== ctx['apiKeyId']) {
    throw new AuthenticationError('SIGNATURE_INVALID', 'The request signature does not match');
  }
  return principal;
}

/**
 * Page cursors are sealed at the edge (ADR 0020): the `cursor` a partner sends is opened here, for this
 * partner, route and filters, before the route sees it, and the `nextCursor` a route answers is sealed
 * the same way. Routes and repositories keep working with their own positions and never see a cursor a
 * partner made up.
 */
const CursorParam = z.object({ cursor: PageCursor });

async function withOpenedCursor(
  cursors: PageCursorSealer,
  event: APIGatewayProxyEvent,
  scope: string,
): Promise<APIGatewayProxyEvent> {
  const cursor = event.queryStringParameters?.['cursor'];
  if (cursor === undefined) return event;
  // The documented bound first (shared/api), then the seal.
  const position = await cursors.open(scope, CursorParam.parse({ cursor }).cursor);
  return { ...event, queryStringParameters: { ...event.queryStringParameters, cursor: position } };
}

async function withSealedCursor(
  cursors: PageCursorSealer,
  result: HttpResult,
  scope: string,
): Promise<HttpResult> {
  const body = result.body as { nextCursor?: unknown } | null;
  if (!body || typeof body !== 'object' || typeof body.nextCursor !== 'string') return result;
  return { ...result, body: { ...body, nextCursor: await cursors.seal(scope, body.nextCursor) } };
}

export function partnerCursorScope(event: APIGatewayProxyEvent, partnerId: string): string {
  return cursorScope({
    tenant: `partner:${partnerId}`,
    route: `${event.httpMethod} ${event.resource}`,
    pathParameters: event.pathParameters,
    query: event.queryStringParameters,
  });
}

/**
 * A request signed with the deprecated version 1 is answered with `Sunset` (RFC 8594): the time from
 * which such requests are refused (ADR 0019), so partners can find the callers still to migrate.
 */
function deprecationHeaders(deps: AuthenticateDeps, principal: PartnerPrincipal): Record<string, string> {
  if (principal.signatureVersion !== 1) return {};
  return { sunset: new Date(deps.signatureV1AcceptedUntilMs).toUTCString() };
}

/**
 * A partner API handler: JSON logging with the request id as correlation id, principal resolution,
 * sealed page cursors, one error mapper (4xx with stable codes, 5xx generic), JSON responses.
 */
export function partnerApiHandler(
  getDeps: () => AuthenticateDeps & { logger: Logger; pageCursors: PageCursorSealer },
  fn: (request: PartnerApiRequest) => Promise<HttpResult>,
) {
  const logger = getDeps().logger;
  return middy<APIGatewayProxyEvent, APIGatewayProxyResult, Error, Context>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .handler(async (event, context) => {
      const requestId = event.requestContext?.requestId;
      logger.appendKeys({ correlationId: requestId, route: `${event.httpMethod} ${event.resource}` });
      try {
        const principal = await resolvePrincipal(getDeps(), event);
        logger.appendKeys({ partnerId: principal.partnerId, apiKeyId: principal.apiKeyId });
        const scope = partnerCursorScope(event, principal.partnerId);
        const cursors = getDeps().pageCursors;
        const opened = await withOpenedCursor(cursors, event, scope);
        // A hand-made context (a test calling the handler) may have no deadline: then there is none.
        const remainingMs = () =>
          typeof context?.getRemainingTimeInMillis === 'function'
            ? context.getRemainingTimeInMillis()
            : Number.POSITIVE_INFINITY;
        const result = await withSealedCursor(
          cursors,
          await fn({ event: opened, principal, logger, remainingMs }),
          scope,
        );
        return {
          statusCode: result.statusCode,
          headers: { ...JSON_HEADERS, ...deprecationHeaders(getDeps(), principal), ...result.headers },
          body: result.statusCode === 204 ? '' : JSON.stringify(result.body),
        };
      } catch (e) {
        const mapped = mapError(e, requestId);
        if (mapped.unexpected) logger.error('request failed', { error: e as Error });
        else logger.info('request refused', { code: mapped.body.error.code });
        return {
          statusCode: mapped.statusCode,
          headers: { ...JSON_HEADERS, ...retryAfterHeader(e) },
          body: JSON.stringify(mapped.body),
        };
      }
    });
}

/** `Retry-After` for refusals that say when to come back (`details.retryAfterSeconds`), as the console's handler does. */
function retryAfterHeader(e: unknown): Record<string, string> {
  const seconds = isGatewayError(e) ? e.details['retryAfterSeconds'] : undefined;
  return typeof seconds === 'number' ? { 'retry-after': String(seconds) } : {};
}

/** The JSON body of a request; malformed JSON is a 400 with the body as the field. */
export function jsonBody(event: APIGatewayProxyEvent): unknown {
  const text = rawBody(event);
  if (!text) return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ValidationError('Malformed JSON body', [{ path: '', message: 'The body is not valid JSON' }]);
  }
}

export type RouteHandler = (request: PartnerApiRequest) => Promise<HttpResult>;

/** Dispatches on API Gateway's resource template: one Lambda serves a group of routes. */
export function routeTable(routes: Readonly<Record<string, RouteHandler>>): RouteHandler {
  return async (request) => {
    const key = `${request.event.httpMethod} ${request.event.resource}`;
    const handler = routes[key];
    if (!handler) throw new NotFoundError(`No route for ${key}`);
    return handler(request);
  };
}

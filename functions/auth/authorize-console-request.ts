import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type {
  APIGatewayAuthorizerResult,
  APIGatewayProxyEvent,
  APIGatewayRequestAuthorizerEvent,
  Context,
} from 'aws-lambda';
import { authenticateConsoleRequest } from '../../shared/app/accounts/authenticate-console-request';
import {
  CONSOLE_COOKIES,
  CSRF_HEADER,
  headerValue,
  parseCookies,
} from '../../shared/adapters/lambda/cookies';
import { requestMeta } from '../../shared/adapters/lambda/console-api-handler';
import { authorizerPolicy as policy } from '../../shared/adapters/lambda/authorizer-policy';
import { isGatewayError } from '../../shared/domain/errors';
import { getDeps } from '../../shared/composition/gateway';

/**
 * Console session authorizer (REQUEST type, no result caching): the access-token cookie, the CSRF
 * header for state-changing methods, and one consistent read of session, user and partner. No or an
 * expired access token → "Unauthorized" (401: the console refreshes); every other refusal → Deny with
 * `errorCode`/`errorMessage` (403 through the ACCESS_DENIED gateway response).
 */
export const handler = middy<APIGatewayRequestAuthorizerEvent, APIGatewayAuthorizerResult, Error, Context>()
  .use(injectLambdaContext(getDeps().logger, { resetKeys: true }))
  .handler(async (event) => {
    const deps = getDeps();
    deps.logger.appendKeys({ correlationId: event.requestContext?.requestId });
    const cookies = parseCookies(headerValue(event.headers, 'cookie'));
    try {
      const principal = await authenticateConsoleRequest(
        deps,
        {
          method: event.httpMethod.toUpperCase(),
          accessToken: cookies.get(CONSOLE_COOKIES.access),
          csrfCookie: cookies.get(CONSOLE_COOKIES.csrf),
          csrfHeader: headerValue(event.headers, CSRF_HEADER),
          route: `${event.httpMethod.toUpperCase()} ${event.resource}`,
        },
        requestMeta(event as unknown as APIGatewayProxyEvent, deps.config.console.clientIpHeader),
      );
      return policy('Allow', principal.userId, event.methodArn, {
        userId: principal.userId,
        sessionId: principal.sessionId,
        partnerId: principal.partnerId,
        partnerCode: principal.partnerCode,
        partnerType: principal.partnerType,
        email: principal.email,
        role: principal.role,
        permissions: principal.permissions.join(','),
        twoFactorEnabled: String(principal.twoFactorEnabled),
      });
    } catch (e) {
      if (isGatewayError(e, 'UNAUTHENTICATED')) throw new Error('Unauthorized');
      if (isGatewayError(e)) {
        deps.logger.info('console request denied', { code: e.code });
        return policy('Deny', 'anonymous', event.methodArn, { errorCode: e.code, errorMessage: e.message });
      }
      deps.logger.error('console authorizer failed', { error: e as Error });
      throw e;
    }
  });

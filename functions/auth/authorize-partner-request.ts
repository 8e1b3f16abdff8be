import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { APIGatewayAuthorizerResult, APIGatewayRequestAuthorizerEvent, Context } from 'aws-lambda';
import { authenticatePartnerRequest } from '../../shared/app/auth/authenticate-partner-request';
import { canonicalPathWithQuery } from '../../shared/domain/auth/request-signature';
import { authorizerPolicy as policy } from '../../shared/adapters/lambda/authorizer-policy';
import { isGatewayError } from '../../shared/domain/errors';
import { getDeps } from '../../shared/composition/gateway';

/** Methods that carry no body: the authorizer can check their signature itself. */
const BODYLESS = new Set(['GET', 'HEAD', 'DELETE', 'OPTIONS']);

/**
 * Partner API authorizer (REQUEST type, no result caching). Missing credentials → "Unauthorized" (401);
 * every other refusal → Deny with `errorCode`/`errorMessage` in the context, which the ACCESS_DENIED
 * gateway response renders as a 403 error body.
 */
export const handler = middy<APIGatewayRequestAuthorizerEvent, APIGatewayAuthorizerResult, Error, Context>()
  .use(injectLambdaContext(getDeps().logger, { resetKeys: true }))
  .handler(async (event) => {
    const deps = getDeps();
    deps.logger.appendKeys({ correlationId: event.requestContext?.requestId });
    const method = event.httpMethod.toUpperCase();
    try {
      const principal = await authenticatePartnerRequest(deps, {
        headers: event.headers ?? {},
        method,
        pathWithQuery: canonicalPathWithQuery(
          event.requestContext?.path ?? event.path,
          event.multiValueQueryStringParameters,
        ),
        body: BODYLESS.has(method) ? '' : undefined,
        sourceIp: event.requestContext.identity.sourceIp,
      });
      return policy('Allow', principal.apiKeyId, event.methodArn, {
        partnerId: principal.partnerId,
        partnerCode: principal.partnerCode,
        partnerType: principal.partnerType,
        apiKeyId: principal.apiKeyId,
        signatureVerified: String(principal.signatureVerified),
        signatureVersion: String(principal.signatureVersion),
        // What the authorizer read, for handlers that answer with it (ADR 0026): context values are strings.
        ...(principal.partner ? { partner: JSON.stringify(principal.partner) } : {}),
        ...(principal.apiKey ? { apiKey: JSON.stringify(principal.apiKey) } : {}),
      });
    } catch (e) {
      if (isGatewayError(e, 'UNAUTHENTICATED')) throw new Error('Unauthorized');
      if (isGatewayError(e)) {
        deps.logger.info('request denied', { code: e.code });
        return policy('Deny', 'anonymous', event.methodArn, { errorCode: e.code, errorMessage: e.message });
      }
      // Infrastructure trouble: API Gateway answers 500 AUTHORIZER_FAILURE, nothing is let through.
      deps.logger.error('authorizer failed', { error: e as Error });
      throw e;
    }
  });

import type { APIGatewayAuthorizerResult } from 'aws-lambda';

/** The IAM policy a Lambda authorizer returns for one method ARN, with its context for the handler. */
export function authorizerPolicy(
  effect: 'Allow' | 'Deny',
  principalId: string,
  resource: string,
  context: Record<string, string>,
): APIGatewayAuthorizerResult {
  return {
    principalId,
    policyDocument: {
      Version: '2012-10-17',
      Statement: [{ Action: 'execute-api:Invoke', Effect: effect, Resource: resource }],
    },
    context,
  };
}

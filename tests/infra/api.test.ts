import {
  AUTHORIZER_FOR,
  CONSOLE_AUTHORIZER,
  FUNCTIONS,
  PARTNER_AUTHORIZER,
  routeAuth,
} from '../../functions/catalog';
import { API_RATE_LIMIT_PER_5_MIN, PUBLIC_ROUTE_REASON } from '../../infra/stacks/api-stack';
import { gateway } from './support/gateway-app';
import {
  apiResourcePaths,
  functionsByName,
  logicalId,
  onlyResource,
  refId,
  referencedIds,
  resourcesOf,
} from './support/template-helpers';

describe('api stack', () => {
  const g = gateway();
  const template = g.template(g.api);
  const apiSpecs = FUNCTIONS.filter((f) => f.kind === 'api');
  const authorizers = resourcesOf(template, 'AWS::ApiGateway::Authorizer');
  const authorizerIdByName = new Map(
    Object.entries(authorizers).map(([id, a]) => [
      (a.Properties?.Name as string).replace(/^gateway-dev-/, ''),
      id,
    ]),
  );
  const authorizerIdFor = {
    partner: authorizerIdByName.get('partner-authorizer')!,
    console: authorizerIdByName.get('console-authorizer')!,
  };
  const functions = functionsByName(template);
  const paths = apiResourcePaths(template);
  const methods = Object.values(resourcesOf(template, 'AWS::ApiGateway::Method')).map((m) => m.Properties!);

  it('stays well inside CloudFormation’s 500 resources per stack, one invoke permission per function', () => {
    const count = Object.keys(template.toJSON().Resources as object).length;
    process.stdout.write(`api stack: ${count} resources of 500\n`);
    // 453 at the end of issue 17 (146 methods + 144 path resources, 5 per function): the bound keeps 30
    // below CloudFormation's hard 500; the next routes need the API's functions in a stack of their own.
    expect(count).toBeLessThanOrEqual(470);
    for (const spec of apiSpecs) {
      const fn = functions.get(`gateway-dev-${spec.name}`)!;
      const permissions = Object.values(resourcesOf(template, 'AWS::Lambda::Permission')).filter(
        (p) => refId(p.Properties?.FunctionName) === fn.id,
      );
      expect({ name: spec.name, permissions: permissions.length }).toEqual({
        name: spec.name,
        permissions: 1,
      });
    }
  });

  it('is a regional REST API (CloudFront fronts it for the console)', () => {
    const [, api] = onlyResource(template, 'AWS::ApiGateway::RestApi');
    expect(api.Properties?.EndpointConfiguration).toEqual({ Types: ['REGIONAL'] });
  });

  it('has exactly the partner and the console authorizers', () => {
    expect([...authorizerIdByName.keys()].sort()).toEqual(['console-authorizer', 'partner-authorizer']);
    expect(AUTHORIZER_FOR).toEqual({ partner: PARTNER_AUTHORIZER, console: CONSOLE_AUTHORIZER });
  });

  it.each([
    ['partner', PARTNER_AUTHORIZER],
    ['console', CONSOLE_AUTHORIZER],
  ] as const)(
    'authorizes %s routes with the catalog function %s, REQUEST type, no caching, no identity source',
    (kind, fnName) => {
      const authorizerId = authorizerIdFor[kind];
      const props = authorizers[authorizerId]!.Properties!;
      expect(props.Type).toBe('REQUEST');
      expect(props.AuthorizerResultTtlInSeconds).toBe(0);
      expect(props).not.toHaveProperty('IdentitySource');
      const authorizerFn = functions.get(`gateway-dev-${fnName}`);
      expect(authorizerFn).toBeDefined();
      expect(referencedIds(props.AuthorizerUri)).toEqual(new Set([authorizerFn!.id]));
      // API Gateway may invoke it, scoped to this authorizer.
      const permissions = Object.values(resourcesOf(template, 'AWS::Lambda::Permission')).filter(
        (p) => refId(p.Properties?.FunctionName) === authorizerFn!.id,
      );
      expect(permissions).toHaveLength(1);
      expect(referencedIds(permissions[0]!.Properties?.SourceArn)).toContain(authorizerId);
    },
  );

  it.each(
    apiSpecs.flatMap((spec) =>
      (spec.routes ?? []).map((route) => [spec.name, route.method, route.path, routeAuth(route)]),
    ),
  )('%s serves %s %s behind the %s authorizer', (name, method, path, auth) => {
    const matching = methods.filter(
      (m) => m.HttpMethod === method && paths.get(refId(m.ResourceId)!) === path,
    );
    expect(matching).toHaveLength(1);
    const m = matching[0]!;
    if (auth === 'public') {
      expect(m.AuthorizationType).toBe('NONE');
      expect(m.AuthorizerId).toBeUndefined();
    } else {
      expect(m.AuthorizationType).toBe('CUSTOM');
      expect(refId(m.AuthorizerId)).toBe(authorizerIdFor[auth as 'partner' | 'console']);
    }
    const integration = m.Integration as Record<string, unknown>;
    expect(integration.Type).toBe('AWS_PROXY');
    const handler = functions.get(`gateway-dev-${name}`);
    expect(handler).toBeDefined();
    expect(referencedIds(integration.Uri)).toEqual(new Set([handler!.id]));
  });

  it('has no method besides the catalog routes, and none without an authorizer unless the catalog says public', () => {
    const routes = apiSpecs.flatMap((s) => s.routes ?? []);
    expect(methods).toHaveLength(routes.length);
    const publicCount = routes.filter((r) => routeAuth(r) === 'public').length;
    expect(methods.filter((m) => m.AuthorizationType !== 'CUSTOM')).toHaveLength(publicCount);
    // Only console routes may be public; partner routes always carry the HMAC authorizer.
    for (const r of routes.filter((x) => routeAuth(x) === 'public'))
      expect(r.path.startsWith('/console/')).toBe(true);
    for (const r of routes.filter((x) => routeAuth(x) === 'partner'))
      expect(r.path.startsWith('/console/')).toBe(false);
    expect(PUBLIC_ROUTE_REASON.length).toBeGreaterThan(40);
  });

  it('answers its own errors with the gateway error envelope', () => {
    const responses = new Map(
      Object.values(resourcesOf(template, 'AWS::ApiGateway::GatewayResponse')).map((r) => [
        r.Properties!.ResponseType as string,
        r.Properties!,
      ]),
    );
    const body = (type: string): string =>
      (responses.get(type)?.ResponseTemplates as Record<string, string>)['application/json']!;
    expect(responses.get('ACCESS_DENIED')?.StatusCode).toBe('403');
    expect(body('ACCESS_DENIED')).toBe(
      '{"error":{"code":"$context.authorizer.errorCode","message":"$context.authorizer.errorMessage","requestId":"$context.requestId"}}',
    );
    expect(responses.get('UNAUTHORIZED')?.StatusCode).toBe('401');
    expect(body('UNAUTHORIZED')).toBe(
      '{"error":{"code":"UNAUTHENTICATED","message":"Missing or malformed credentials","requestId":"$context.requestId"}}',
    );
    expect(JSON.parse(body('DEFAULT_4XX'))).toMatchObject({ error: { code: 'BAD_REQUEST' } });
    expect(JSON.parse(body('DEFAULT_5XX'))).toMatchObject({ error: { code: 'INTERNAL' } });
    for (const [type] of responses) {
      // Every template is valid JSON once API Gateway fills in the $context variables.
      expect(JSON.parse(body(type))).toHaveProperty('error.requestId', '$context.requestId');
    }
  });

  it('traces, logs errors without bodies, and writes JSON access logs to its log group', () => {
    const [, stage] = onlyResource(template, 'AWS::ApiGateway::Stage');
    const props = stage.Properties!;
    expect(props.StageName).toBe('dev');
    expect(props.TracingEnabled).toBe(true);
    expect(props.MethodSettings).toEqual([
      expect.objectContaining({
        HttpMethod: '*',
        ResourcePath: '/*',
        LoggingLevel: 'ERROR',
        DataTraceEnabled: false,
      }),
    ]);
    const access = props.AccessLogSetting as { DestinationArn: unknown; Format: string };
    expect(referencedIds(access.DestinationArn)).toEqual(new Set([logicalId(g.api.accessLogs)]));
    const format = JSON.parse(access.Format) as Record<string, string>;
    expect(format).toMatchObject({
      requestId: '$context.requestId',
      ip: '$context.identity.sourceIp',
      status: '$context.status',
      partnerId: '$context.authorizer.principalId',
    });
  });

  it('sits behind a regional WebACL with a per-IP rate limit and the AWS common rule set', () => {
    const [aclId, acl] = onlyResource(template, 'AWS::WAFv2::WebACL');
    const props = acl.Properties!;
    expect(props.Scope).toBe('REGIONAL');
    const rules = props.Rules as Array<{
      Action?: unknown;
      Statement: {
        RateBasedStatement?: Record<string, unknown>;
        ManagedRuleGroupStatement?: { Name: string };
      };
    }>;
    const rate = rules.find((r) => r.Statement.RateBasedStatement);
    expect(rate?.Action).toEqual({ Block: {} });
    expect(rate?.Statement.RateBasedStatement).toMatchObject({
      Limit: API_RATE_LIMIT_PER_5_MIN,
      AggregateKeyType: 'IP',
      EvaluationWindowSec: 300,
    });
    expect(API_RATE_LIMIT_PER_5_MIN).toBe(2000);
    expect(rules.map((r) => r.Statement.ManagedRuleGroupStatement?.Name)).toContain(
      'AWSManagedRulesCommonRuleSet',
    );

    const [, association] = onlyResource(template, 'AWS::WAFv2::WebACLAssociation');
    expect(refId(association.Properties?.WebACLArn)).toBe(aclId);
    const [stageId] = onlyResource(template, 'AWS::ApiGateway::Stage');
    const [apiId] = onlyResource(template, 'AWS::ApiGateway::RestApi');
    expect(referencedIds(association.Properties?.ResourceArn)).toEqual(new Set([apiId, stageId]));
    expect(JSON.stringify(association.Properties?.ResourceArn)).toContain('/stages/');
  });
});

import { CfnOutput, Duration, Stack, Validations } from 'aws-cdk-lib';
import type { StackProps } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import type { Construct } from 'constructs';
import {
  AUTHORIZER_FOR,
  CONSOLE_AUTHORIZER,
  FUNCTIONS,
  PARTNER_AUTHORIZER,
  functionSpec,
  routeAuth,
} from '../../functions/catalog';
import type { FunctionSpec, RouteAuth } from '../../functions/catalog';
import { gatewayFunction } from '../constructs/gateway-function';
import type { GatewayFunction } from '../constructs/gateway-function';
import { names } from '../lib/settings';
import type { GatewaySettings } from '../lib/settings';
import type { DataStack } from './data-stack';

export interface ApiStackProps extends StackProps {
  readonly settings: GatewaySettings;
  readonly data: DataStack;
  /** Override the catalog (tests); defaults to every `kind: 'api'` row of functions/catalog.ts. */
  readonly functions?: readonly FunctionSpec[];
}

/** WAF rate limit per client IP over a 5-minute window. */
export const API_RATE_LIMIT_PER_5_MIN = 2000;

/** Error envelope of every response API Gateway produces itself (same shape as the handlers' errors). */
export function errorBody(code: string, message: string): string {
  return `{"error":{"code":"${code}","message":"${message}","requestId":"$context.requestId"}}`;
}

/**
 * Gateway responses: API Gateway's own rejections (authorizer deny, missing credentials, unknown
 * route, throttling, WAF block, integration failure) answer with the gateway's error envelope.
 * `$context.authorizer.errorCode/errorMessage` come from the context a Deny policy carries.
 */
export const GATEWAY_RESPONSES: ReadonlyArray<{
  readonly id: string;
  readonly type: apigw.ResponseType;
  readonly statusCode?: string;
  readonly body: string;
}> = [
  {
    id: 'AccessDenied',
    type: apigw.ResponseType.ACCESS_DENIED,
    statusCode: '403',
    body: errorBody('$context.authorizer.errorCode', '$context.authorizer.errorMessage'),
  },
  {
    id: 'Unauthorized',
    type: apigw.ResponseType.UNAUTHORIZED,
    statusCode: '401',
    body: errorBody('UNAUTHENTICATED', 'Missing or malformed credentials'),
  },
  {
    id: 'MissingAuthenticationToken',
    type: apigw.ResponseType.MISSING_AUTHENTICATION_TOKEN,
    statusCode: '404',
    body: errorBody('NOT_FOUND', 'No such route'),
  },
  {
    id: 'Throttled',
    type: apigw.ResponseType.THROTTLED,
    statusCode: '429',
    body: errorBody('RATE_LIMITED', 'Too many requests'),
  },
  {
    id: 'WafFiltered',
    type: apigw.ResponseType.WAF_FILTERED,
    statusCode: '403',
    body: errorBody('REQUEST_BLOCKED', 'Request blocked'),
  },
  { id: 'Default4xx', type: apigw.ResponseType.DEFAULT_4XX, body: errorBody('BAD_REQUEST', 'Bad request') },
  { id: 'Default5xx', type: apigw.ResponseType.DEFAULT_5XX, body: errorBody('INTERNAL', 'Internal error') },
];

/** Why the few console routes without an authorizer may be public (cdk-nag APIG4). */
export const PUBLIC_ROUTE_REASON =
  'Console sign-in, refresh, sign-out, password reset, email verification and invitation links run before a session exists; ' +
  'the handler requires the CSRF double-submit header, throttles secret checks per account and IP, and the WAF rate-limits per IP.';

/**
 * The REST API: one Lambda per `kind: 'api'` catalog row; partner routes behind the partner REQUEST
 * authorizer (API key + HMAC), console routes behind the console REQUEST authorizer (session cookie),
 * public console routes without one; no result caching, WAF in front, JSON access logs and X-Ray.
 */
export class ApiStack extends Stack {
  readonly api: apigw.RestApi;
  /** The partner authorizer. */
  readonly authorizer: apigw.RequestAuthorizer;
  readonly authorizerFunction: GatewayFunction;
  readonly consoleAuthorizer: apigw.RequestAuthorizer;
  readonly consoleAuthorizerFunction: GatewayFunction;
  /** Route handlers by catalog name. */
  readonly functions: ReadonlyMap<string, GatewayFunction>;
  readonly webAcl: wafv2.CfnWebACL;
  readonly accessLogs: logs.LogGroup;

  constructor(scope: Construct, id: string, props: ApiStackProps) {
    super(scope, id, props);
    const { settings, data } = props;
    const make = (spec: FunctionSpec): GatewayFunction => gatewayFunction(this, spec, settings, data);

    const makeAuthorizer = (catalogName: string, id: string, resourceName: string) => {
      const spec = functionSpec(catalogName);
      if (spec.kind !== 'authorizer') throw new Error(`${catalogName} must be of kind authorizer`);
      const fn = make(spec);
      const authorizer = new apigw.RequestAuthorizer(this, id, {
        authorizerName: names.resource(settings, resourceName),
        handler: fn.function,
        // Partner requests carry a fresh signature and must pass replay detection; console sessions must
        // stop the moment they are revoked: never cache a result.
        resultsCacheTtl: Duration.seconds(0),
        identitySources: [],
      });
      // Without caching no identity source is needed (the authorizer reads headers itself and answers 401
      // for missing ones); CDK would otherwise render an empty IdentitySource string.
      (authorizer.node.defaultChild as apigw.CfnAuthorizer).addPropertyDeletionOverride('IdentitySource');
      return { fn, authorizer };
    };
    const partner = makeAuthorizer(PARTNER_AUTHORIZER, 'PartnerAuthorizer', 'partner-authorizer');
    const consoleSession = makeAuthorizer(CONSOLE_AUTHORIZER, 'ConsoleAuthorizer', 'console-authorizer');
    this.authorizerFunction = partner.fn;
    this.authorizer = partner.authorizer;
    this.consoleAuthorizerFunction = consoleSession.fn;
    this.consoleAuthorizer = consoleSession.authorizer;
    const authorizers: Readonly<Record<Exclude<RouteAuth, 'public'>, apigw.RequestAuthorizer>> = {
      partner: partner.authorizer,
      console: consoleSession.authorizer,
    };
    if (AUTHORIZER_FOR.partner !== PARTNER_AUTHORIZER || AUTHORIZER_FOR.console !== CONSOLE_AUTHORIZER) {
      throw new Error('functions/catalog.ts AUTHORIZER_FOR disagrees with the API stack');
    }

    this.accessLogs = new logs.LogGroup(this, 'AccessLogs', {
      retention: settings.logRetention,
      removalPolicy: settings.removalPolicy,
    });

    this.api = new apigw.RestApi(this, 'Api', {
      restApiName: names.resource(settings, 'partner-api'),
      description: 'Stablecoin gateway partner API and console API',
      endpointTypes: [apigw.EndpointType.REGIONAL],
      // The account-level role that lets API Gateway write execution and access logs.
      cloudWatchRole: true,
      deployOptions: {
        stageName: settings.stage,
        tracingEnabled: true,
        metricsEnabled: true,
        loggingLevel: apigw.MethodLoggingLevel.ERROR,
        // Request/response bodies carry signatures and secrets shown once: never log them.
        dataTraceEnabled: false,
        throttlingRateLimit: 200,
        throttlingBurstLimit: 400,
        accessLogDestination: new apigw.LogGroupLogDestination(this.accessLogs),
        accessLogFormat: apigw.AccessLogFormat.custom(
          JSON.stringify({
            requestId: apigw.AccessLogField.contextRequestId(),
            extendedRequestId: apigw.AccessLogField.contextExtendedRequestId(),
            requestTime: apigw.AccessLogField.contextRequestTimeEpoch(),
            ip: apigw.AccessLogField.contextIdentitySourceIp(),
            userAgent: apigw.AccessLogField.contextIdentityUserAgent(),
            httpMethod: apigw.AccessLogField.contextHttpMethod(),
            resourcePath: apigw.AccessLogField.contextResourcePath(),
            path: apigw.AccessLogField.contextPath(),
            status: apigw.AccessLogField.contextStatus(),
            responseLength: apigw.AccessLogField.contextResponseLength(),
            responseLatency: apigw.AccessLogField.contextResponseLatency(),
            integrationLatency: apigw.AccessLogField.contextIntegrationLatency(),
            partnerId: apigw.AccessLogField.contextAuthorizerPrincipalId(),
            authorizerError: apigw.AccessLogField.contextAuthorizerError(),
            authorizerStatus: apigw.AccessLogField.contextAuthorizerIntegrationStatus(),
            errorCode: apigw.AccessLogField.contextAuthorizer('errorCode'),
            error: apigw.AccessLogField.contextErrorMessage(),
            wafStatus: apigw.AccessLogField.contextWafResponseCode(),
          }),
        ),
      },
    });

    // Bodies are parsed with zod in the handlers (stable error codes and field paths); API Gateway only
    // rejects requests missing declared parameters. Models can be attached per route later.
    const validator = this.api.addRequestValidator('Validator', {
      requestValidatorName: 'parameters-and-body',
      validateRequestParameters: true,
      validateRequestBody: true,
    });

    for (const response of GATEWAY_RESPONSES) {
      this.api.addGatewayResponse(response.id, {
        type: response.type,
        ...(response.statusCode ? { statusCode: response.statusCode } : {}),
        responseHeaders: { 'Cache-Control': "'no-store'" },
        templates: { 'application/json': response.body },
      });
    }

    const specs = props.functions ?? FUNCTIONS.filter((f) => f.kind === 'api');
    const functions = new Map<string, GatewayFunction>();
    const seen = new Map<string, string>();
    for (const spec of specs) {
      if (spec.kind !== 'api') throw new Error(`${spec.name} is not an api function`);
      if (!spec.routes?.length) throw new Error(`${spec.name} has no routes`);
      const fn = make(spec);
      functions.set(spec.name, fn);
      // One invoke permission per function, scoped to this API (`…/api-id/*/*/*`), not one per method:
      // a permission per method put the stack over CloudFormation's 500 resources (522 with 136 of them).
      // Only the methods integrated here call a function, and every request still passes its authorizer.
      const integration = new apigw.LambdaIntegration(fn.function, { scopePermissionToMethod: false });
      for (const route of spec.routes) {
        const key = `${route.method} ${route.path}`;
        const owner = seen.get(key);
        if (owner) throw new Error(`Route ${key} is claimed by both ${owner} and ${spec.name}`);
        seen.set(key, spec.name);
        const auth = routeAuth(route);
        const method = this.api.root.resourceForPath(route.path).addMethod(
          route.method,
          integration,
          auth === 'public'
            ? { authorizationType: apigw.AuthorizationType.NONE, requestValidator: validator }
            : {
                authorizer: authorizers[auth],
                authorizationType: apigw.AuthorizationType.CUSTOM,
                requestValidator: validator,
              },
        );
        if (auth === 'public')
          Validations.of(method).acknowledge({ id: 'AwsSolutions-APIG4', reason: PUBLIC_ROUTE_REASON });
      }
    }
    this.functions = functions;

    this.webAcl = this.createWebAcl(settings);

    Validations.of(this.api).acknowledge(
      {
        id: 'AwsSolutions-COG4',
        reason:
          'Partners are machines authenticated by API key + HMAC signature (timestamp window, replay, IP allowlist) in the Lambda REQUEST authorizer; console users have gateway-managed sessions (scrypt passwords, TOTP, revocable refresh families) checked by the console REQUEST authorizer; Cognito user pools model neither.',
      },
      {
        id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs]',
        reason:
          'The API Gateway account role (one per region) must be able to create log groups/streams for execution and access logs; AWS maintains this policy for exactly that purpose.',
      },
    );

    new CfnOutput(this, 'ApiUrl', { value: this.api.url });
  }

  private createWebAcl(settings: GatewaySettings): wafv2.CfnWebACL {
    const metric = (name: string): wafv2.CfnWebACL.VisibilityConfigProperty => ({
      cloudWatchMetricsEnabled: true,
      sampledRequestsEnabled: true,
      metricName: `${names.resource(settings, 'api')}-${name}`,
    });
    const acl = new wafv2.CfnWebACL(this, 'WebAcl', {
      name: names.resource(settings, 'api-acl'),
      scope: 'REGIONAL',
      defaultAction: { allow: {} },
      visibilityConfig: metric('acl'),
      rules: [
        {
          name: 'RateLimitPerIp',
          priority: 0,
          action: { block: {} },
          statement: {
            rateBasedStatement: {
              limit: API_RATE_LIMIT_PER_5_MIN,
              evaluationWindowSec: 300,
              aggregateKeyType: 'IP',
            },
          },
          visibilityConfig: metric('rate-limit'),
        },
        {
          name: 'AWSManagedRulesCommonRuleSet',
          priority: 1,
          overrideAction: { none: {} },
          statement: {
            managedRuleGroupStatement: { vendorName: 'AWS', name: 'AWSManagedRulesCommonRuleSet' },
          },
          visibilityConfig: metric('common'),
        },
        {
          name: 'AWSManagedRulesKnownBadInputsRuleSet',
          priority: 2,
          overrideAction: { none: {} },
          statement: {
            managedRuleGroupStatement: { vendorName: 'AWS', name: 'AWSManagedRulesKnownBadInputsRuleSet' },
          },
          visibilityConfig: metric('bad-inputs'),
        },
      ],
    });
    // The stage ARN references the stage, so the association is created after it.
    new wafv2.CfnWebACLAssociation(this, 'WebAclAssociation', {
      resourceArn: this.api.deploymentStage.stageArn,
      webAclArn: acl.attrArn,
    });
    return acl;
  }
}

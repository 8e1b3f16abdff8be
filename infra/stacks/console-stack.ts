import { existsSync } from 'node:fs';
import { CfnOutput, DefaultStackSynthesizer, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import type { StackProps } from 'aws-cdk-lib';
import type { RestApiBase } from 'aws-cdk-lib/aws-apigateway';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import type { Construct } from 'constructs';
import { nagResourceName } from '../lib/nag';
import { names, repoPath, VIEWER_IP_HEADER } from '../lib/settings';
import type { GatewaySettings } from '../lib/settings';

export interface ConsoleStackProps extends StackProps {
  readonly settings: GatewaySettings;
  readonly api: RestApiBase;
}

/** Where the console build lands (a later issue builds the real app into it). */
/** The console's production build (`npm run console:build`; the CDK app builds it when missing or stale). */
export const CONSOLE_SOURCE_DIR = 'console/dist';
export const CONSOLE_PREFIX = 'console';

/**
 * `/api/*` → API stage path: CloudFront forwards the viewer path, the REST API serves `/v1/...` under
 * its stage (the origin path), so strip the `/api` prefix at the edge. It also sets `x-viewer-ip` to
 * the viewer's address (overwriting anything the client sent): behind CloudFront the API sees an edge
 * address, and console throttling keys on the real client.
 */
export const API_PREFIX_FUNCTION = `function handler(event) {
  var request = event.request;
  request.uri = request.uri.replace(/^\\/api(?=\\/|$)/, '') || '/';
  request.headers = request.headers || {};
  if (event.viewer && event.viewer.ip) request.headers['${VIEWER_IP_HEADER}'] = { value: event.viewer.ip };
  else delete request.headers['${VIEWER_IP_HEADER}'];
  return request;
}`;

/**
 * Single-page app routing for the console: deep links (`/console/deposits/123`) and `/` serve
 * `console/index.html`; files (anything with an extension) pass through. Done per behavior instead of
 * distribution-wide error responses, which would also rewrite the API's 403/404 answers.
 */
export const CONSOLE_ROUTING_FUNCTION = `function handler(event) {
  var request = event.request;
  var uri = request.uri;
  if (uri === '/' || uri === '/${CONSOLE_PREFIX}' || uri === '/${CONSOLE_PREFIX}/') {
    request.uri = '/${CONSOLE_PREFIX}/index.html';
  } else if (uri.indexOf('/${CONSOLE_PREFIX}/') === 0 && uri.lastIndexOf('.') < uri.lastIndexOf('/')) {
    request.uri = '/${CONSOLE_PREFIX}/index.html';
  }
  return request;
}`;

/**
 * The partner console: a private bucket behind CloudFront (Origin Access Control), and `/api/*` routed
 * to the REST API on the same origin so the console needs no CORS.
 */
export class ConsoleStack extends Stack {
  readonly bucket: s3.Bucket;
  readonly logBucket: s3.Bucket;
  readonly distribution: cloudfront.Distribution;

  constructor(scope: Construct, id: string, props: ConsoleStackProps) {
    super(scope, id, props);
    const { settings } = props;

    this.logBucket = new s3.Bucket(this, 'LogBucket', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      // CloudFront standard logging writes with an ACL grant, so ACLs must be enabled on this bucket.
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED,
      lifecycleRules: [{ expiration: Duration.days(365) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.bucket = new s3.Bucket(this, 'ConsoleBucket', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      versioned: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: this.logBucket,
      serverAccessLogsPrefix: 's3/console/',
      lifecycleRules: [{ noncurrentVersionExpiration: Duration.days(30) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });

    const consoleRouting = new cloudfront.Function(this, 'ConsoleRouting', {
      comment: 'SPA routing for the partner console',
      code: cloudfront.FunctionCode.fromInline(CONSOLE_ROUTING_FUNCTION),
      runtime: cloudfront.FunctionRuntime.JS_2_0,
    });
    const apiPrefix = new cloudfront.Function(this, 'ApiPrefix', {
      comment: 'Strip /api before forwarding to the REST API stage',
      code: cloudfront.FunctionCode.fromInline(API_PREFIX_FUNCTION),
      runtime: cloudfront.FunctionRuntime.JS_2_0,
    });

    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: `${names.resource(settings, 'console')}: partner console and same-origin API`,
      defaultRootObject: `${CONSOLE_PREFIX}/index.html`,
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      priceClass: cloudfront.PriceClass.PRICE_CLASS_100,
      enableLogging: true,
      logBucket: this.logBucket,
      logFilePrefix: 'cloudfront/',
      defaultBehavior: {
        origin: origins.S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD,
        cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: cloudfront.ResponseHeadersPolicy.SECURITY_HEADERS,
        functionAssociations: [
          { function: consoleRouting, eventType: cloudfront.FunctionEventType.VIEWER_REQUEST },
        ],
      },
      additionalBehaviors: {
        '/api/*': {
          origin: new origins.RestApiOrigin(props.api),
          viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
          allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL,
          cachePolicy: cloudfront.CachePolicy.CACHING_DISABLED,
          originRequestPolicy: cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
          functionAssociations: [
            { function: apiPrefix, eventType: cloudfront.FunctionEventType.VIEWER_REQUEST },
          ],
        },
      },
    });
    Validations.of(this.distribution).acknowledge(
      {
        id: 'AwsSolutions-CFR4',
        reason:
          'No custom domain yet: the default *.cloudfront.net certificate has a fixed security policy. Set minimumProtocolVersion TLS_V1_2_2021 together with the domain and its ACM certificate.',
      },
      {
        id: 'AwsSolutions-CFR1',
        reason: 'Partners operate worldwide; access is controlled by authentication, not geography.',
      },
      {
        id: 'AwsSolutions-CFR2',
        reason:
          'A CLOUDFRONT-scope WebACL must live in us-east-1 and these stacks are region-agnostic; /api/* is covered by the REGIONAL WebACL on the API stage and the console is static files.',
      },
    );

    if (!existsSync(repoPath(`${CONSOLE_SOURCE_DIR}/index.html`))) {
      throw new Error(`${CONSOLE_SOURCE_DIR} is missing: run npm run console:build (npm run synth does it)`);
    }
    new s3deploy.BucketDeployment(this, 'ConsoleFiles', {
      sources: [s3deploy.Source.asset(repoPath(CONSOLE_SOURCE_DIR))],
      destinationBucket: this.bucket,
      destinationKeyPrefix: `${CONSOLE_PREFIX}/`,
      distribution: this.distribution,
      distributionPaths: [`/${CONSOLE_PREFIX}/*`],
      memoryLimit: 512,
    });
    this.acknowledgeDeploymentProvider();

    new CfnOutput(this, 'ConsoleUrl', { value: `https://${this.distribution.distributionDomainName}/` });
  }

  /**
   * BucketDeployment's handler is a CDK-managed singleton at the stack root (`Custom::CDKBucketDeployment…`)
   * whose policy CDK writes; it runs only while deploying the console files.
   */
  private acknowledgeDeploymentProvider(): void {
    const qualifier = this.synthesizer.bootstrapQualifier ?? DefaultStackSynthesizer.DEFAULT_QUALIFIER;
    const provider = this.node.children.find((c) => c.node.id.startsWith('Custom::CDKBucketDeployment'));
    if (!provider) throw new Error('BucketDeployment provider not found');
    const why = 'CDK BucketDeployment provider (deploy-time only); aws-cdk-lib writes this policy';
    Validations.of(provider).acknowledge(
      { id: 'AwsSolutions-L1', reason: `${why}; its Python runtime is pinned and upgraded by aws-cdk-lib.` },
      {
        id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
        reason: `${why}; the construct takes no custom role.`,
      },
      ...['s3:GetBucket*', 's3:GetObject*', 's3:List*', 's3:Abort*', 's3:DeleteObject*'].map((action) => ({
        id: `AwsSolutions-IAM5[Action::${action}]`,
        reason: `${why}: Bucket.grantRead/grantReadWrite on the CDK asset bucket and the console bucket only.`,
      })),
      {
        id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::cdk-${qualifier}-assets-<AWS::AccountId>-<AWS::Region>/*]`,
        reason: `${why}: reads the console asset zip from the CDK bootstrap asset bucket.`,
      },
      {
        id: `AwsSolutions-IAM5[Resource::${nagResourceName(this, this.bucket.bucketArn)}/*]`,
        reason: `${why}: writes and prunes objects of the console bucket.`,
      },
      {
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason: `${why}: cloudfront:CreateInvalidation/GetInvalidation after upload; the handler is given the distribution id.`,
      },
    );
  }
}

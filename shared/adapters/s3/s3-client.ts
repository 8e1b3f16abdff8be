import type { S3Client } from '@aws-sdk/client-s3';

export interface S3Options {
  readonly region: string;
  /** An S3-compatible server (the local stack's s3rver); undefined on AWS. */
  readonly endpoint?: string | undefined;
  /** `http://host/bucket/key` instead of `http://bucket.host/key` (needed by a local server). */
  readonly forcePathStyle?: boolean;
}

/**
 * Credentials of the local S3 twin: s3rver checks signatures against its one built-in account
 * (`S3RVER`/`S3RVER`), so a pre-signed URL is verified (and refused when expired) as on AWS.
 */
export const LOCAL_S3_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } as const;

/**
 * The S3 client for the document store, made on first use (`ClientSource`). With an endpoint (the local
 * stack) it signs with the twin's credentials, as the DynamoDB client does for DynamoDB Local.
 *
 * Checksums: the SDK's defaults stay (since 3.729 `requestChecksumCalculation: 'WHEN_SUPPORTED'`: a CRC32
 * header on PutObject, and `x-amz-checksum-mode` on GetObject). The bodies are in-memory byte arrays, so
 * the SDK sends the checksum as a plain header, not aws-chunked; s3rver 3.7 accepts that and returns no
 * checksum, which the SDK then skips validating (tests/integration/documents/s3-document-store.test.ts
 * runs put/get/pre-signed GET with these defaults). Our own SHA-256 is in the object metadata.
 */
export async function createS3Client(options: S3Options): Promise<S3Client> {
  const { S3Client: Client } = await import('@aws-sdk/client-s3');
  return new Client({
    region: options.region,
    ...(options.endpoint ? { endpoint: options.endpoint, credentials: LOCAL_S3_CREDENTIALS } : {}),
    forcePathStyle: options.forcePathStyle ?? false,
    maxAttempts: 5,
  });
}

import { mkdirSync } from 'node:fs';
import S3rver from 's3rver';

/** The local S3 twin's port on `npm start` (S3_PORT to change it). */
export const LOCAL_S3_PORT = 9096;
/** The documents bucket the local stack creates and configures as DOCUMENTS_BUCKET. */
export const LOCAL_DOCUMENTS_BUCKET = 'gateway-documents-local';

export interface LocalS3 {
  /** The endpoint to configure as S3_ENDPOINT (path-style: S3_FORCE_PATH_STYLE=true). */
  readonly endpoint: string;
  readonly bucket: string;
  stop(): Promise<void>;
}

/**
 * The local stand-in for the documents bucket: s3rver, an S3-compatible server on the file system,
 * driven by the same @aws-sdk/client-s3 calls and pre-signed URLs as S3. It refuses an expired
 * pre-signed URL and an unknown access key, but (3.7) does not recompute SigV4 signatures and serves
 * unsigned requests: it twins S3's API, not its access control (that is IAM's and the bucket policy's,
 * asserted in tests/infra). The bucket is created at start; objects live under `directory` (the local
 * data dir on `npm start`, a temporary dir in tests). Port 0 picks a free port.
 */
export async function startLocalS3(options: {
  readonly port: number;
  readonly directory: string;
  readonly bucket?: string;
}): Promise<LocalS3> {
  const bucket = options.bucket ?? LOCAL_DOCUMENTS_BUCKET;
  mkdirSync(options.directory, { recursive: true });
  const server = new S3rver({
    address: '127.0.0.1',
    port: options.port,
    directory: options.directory,
    silent: true,
    // Path-style only: `http://127.0.0.1:port/<bucket>/<key>` (no wildcard DNS locally).
    vhostBuckets: false,
    configureBuckets: [{ name: bucket }],
  });
  const address = await server.run();
  return {
    endpoint: `http://127.0.0.1:${address.port}`,
    bucket,
    stop: () => server.close(),
  };
}

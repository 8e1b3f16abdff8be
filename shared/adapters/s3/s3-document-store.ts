import { createHash } from 'node:crypto';
import type { S3Client } from '@aws-sdk/client-s3';
import { deferredClient } from '../aws/deferred-client';
import type { ClientSource } from '../aws/deferred-client';
import type { DocumentStore, StoredDocument } from '../../ports/documents';

/** Object metadata key holding the body's hex SHA-256 (`x-amz-meta-sha256`). */
const SHA256_META = 'sha256';

const sha256Hex = (body: Uint8Array): string => createHash('sha256').update(body).digest('hex');

/** S3 answers a HeadObject of a missing key with 404 `NotFound`, a GetObject with `NoSuchKey`. */
function isMissing(e: unknown): boolean {
  if (!(e instanceof Error)) return false;
  const status = (e as Error & { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  return e.name === 'NotFound' || e.name === 'NoSuchKey' || status === 404;
}

/**
 * `Content-Disposition` that downloads as `fileName`: an ASCII `filename` (anything else replaced by
 * `_`) for old clients and the exact name as RFC 5987 `filename*`.
 */
export function attachmentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^A-Za-z0-9._-]/g, '_');
  const encoded = encodeURIComponent(fileName).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

/**
 * Finance documents in one S3 bucket (an S3-compatible server locally: only the client's endpoint
 * differs). The body's SHA-256 is kept in the object's metadata, so `head` and `list` report it
 * without reading the body, and `put` of the same bytes is a no-op: re-publishing an invoice creates
 * no new object version in the versioned bucket. Downloads go through pre-signed GET URLs whose
 * `response-content-disposition` names the file.
 *
 * The SDK (client-s3, s3-request-presigner) is imported on first use (docs/adr/0025-lambda-bundles.md):
 * a function that wires the store but serves no document pays nothing at cold start.
 */
export class S3DocumentStore implements DocumentStore {
  private readonly s3: () => Promise<S3Client>;

  constructor(
    s3: ClientSource<S3Client>,
    private readonly bucket: string,
    /** The signing time of pre-signed URLs (tests pass a past clock to get an expired URL). */
    private readonly now: () => Date = () => new Date(),
  ) {
    this.s3 = deferredClient(s3);
  }

  async put(key: string, body: Uint8Array, contentType: string): Promise<StoredDocument> {
    const sha256 = sha256Hex(body);
    const existing = await this.head(key);
    if (existing && existing.sha256 === sha256 && existing.contentType === contentType) return existing;
    const { PutObjectCommand } = await import('@aws-sdk/client-s3');
    await (
      await this.s3()
    ).send(
      new PutObjectCommand({
        Bucket: this.bucket,
        Key: key,
        Body: body,
        ContentType: contentType,
        ContentLength: body.byteLength,
        Metadata: { [SHA256_META]: sha256 },
      }),
    );
    const written = await this.head(key);
    if (!written) throw new Error(`S3 accepted ${key} but it cannot be read back`);
    return written;
  }

  async head(key: string): Promise<StoredDocument | undefined> {
    const { HeadObjectCommand } = await import('@aws-sdk/client-s3');
    try {
      const out = await (await this.s3()).send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      return {
        key,
        size: Number(out.ContentLength ?? 0),
        contentType: out.ContentType ?? 'application/octet-stream',
        sha256: out.Metadata?.[SHA256_META] ?? '',
        lastModified: (out.LastModified ?? new Date(0)).toISOString(),
      };
    } catch (e) {
      if (isMissing(e)) return undefined;
      throw e;
    }
  }

  async list(prefix: string): Promise<StoredDocument[]> {
    const { ListObjectsV2Command } = await import('@aws-sdk/client-s3');
    const s3 = await this.s3();
    const keys: string[] = [];
    let ContinuationToken: string | undefined;
    do {
      const out = await s3.send(
        new ListObjectsV2Command({
          Bucket: this.bucket,
          Prefix: prefix,
          ...(ContinuationToken ? { ContinuationToken } : {}),
        }),
      );
      for (const o of out.Contents ?? []) if (o.Key) keys.push(o.Key);
      ContinuationToken = out.IsTruncated ? out.NextContinuationToken : undefined;
    } while (ContinuationToken);
    // Listing carries no content type or metadata: one HEAD per document (a month holds a handful).
    const docs = await Promise.all(keys.map((key) => this.head(key)));
    return docs
      .filter((d): d is StoredDocument => d !== undefined)
      .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  async get(key: string): Promise<Uint8Array | undefined> {
    const { GetObjectCommand } = await import('@aws-sdk/client-s3');
    try {
      const out = await (await this.s3()).send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      if (!out.Body) return new Uint8Array();
      return await out.Body.transformToByteArray();
    } catch (e) {
      if (isMissing(e)) return undefined;
      throw e;
    }
  }

  async presignedUrl(
    key: string,
    options: { expiresInSeconds: number; fileName: string },
  ): Promise<{ url: string; expiresAt: string }> {
    const [{ GetObjectCommand }, { getSignedUrl }] = await Promise.all([
      import('@aws-sdk/client-s3'),
      import('@aws-sdk/s3-request-presigner'),
    ]);
    const signingDate = this.now();
    const url = await getSignedUrl(
      await this.s3(),
      new GetObjectCommand({
        Bucket: this.bucket,
        Key: key,
        ResponseContentDisposition: attachmentDisposition(options.fileName),
      }),
      { expiresIn: options.expiresInSeconds, signingDate },
    );
    return {
      url,
      expiresAt: new Date(signingDate.getTime() + options.expiresInSeconds * 1_000).toISOString(),
    };
  }
}

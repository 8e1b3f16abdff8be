/**
 * Where finance documents live (invoice PDFs and CSVs, statements, monthly exports): an S3 bucket on
 * AWS, an S3-compatible server locally, both through `@aws-sdk/client-s3`. Keys are
 * `exports/<partnerId>/<YYYY-MM>/<file>` (a partner's month) and `exports/_platform/<YYYY-MM>/<file>`
 * (the operator's platform-wide export). Partners download through short-lived pre-signed URLs.
 */
export interface StoredDocument {
  readonly key: string;
  readonly size: number;
  readonly contentType: string;
  /** Hex SHA-256 of the body, as written. */
  readonly sha256: string;
  readonly lastModified: string;
}

export interface DocumentStore {
  /** Writes (or overwrites with the same bytes) one document. */
  put(key: string, body: Uint8Array, contentType: string): Promise<StoredDocument>;
  /** The document's metadata, or undefined when there is none. */
  head(key: string): Promise<StoredDocument | undefined>;
  /** The documents under a prefix (e.g. one partner's month), sorted by key. */
  list(prefix: string): Promise<StoredDocument[]>;
  /** The bytes of a document, or undefined when there is none. */
  get(key: string): Promise<Uint8Array | undefined>;
  /** A GET URL valid for `expiresInSeconds`, downloading as `fileName`. */
  presignedUrl(
    key: string,
    options: { expiresInSeconds: number; fileName: string },
  ): Promise<{ url: string; expiresAt: string }>;
}

export const exportPrefix = (partnerId: string, month: string): string => `exports/${partnerId}/${month}/`;
export const PLATFORM_EXPORT_OWNER = '_platform';

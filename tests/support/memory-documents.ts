import { createHash } from 'node:crypto';
import type { DocumentStore, StoredDocument } from '../../shared/ports/documents';

/**
 * The DocumentStore port in memory, behaving like the S3 adapter: overwrite in place, list by prefix
 * sorted by key, head/get of an absent key undefined, pre-signed URLs that name the key and expire.
 * For tests of code that writes documents until they run against the local S3 twin.
 */
export class MemoryDocumentStore implements DocumentStore {
  readonly objects = new Map<string, { body: Uint8Array; meta: StoredDocument }>();
  puts = 0;

  constructor(private readonly now: () => Date = () => new Date()) {}

  async put(key: string, body: Uint8Array, contentType: string): Promise<StoredDocument> {
    this.puts += 1;
    const meta: StoredDocument = {
      key,
      size: body.byteLength,
      contentType,
      sha256: createHash('sha256').update(body).digest('hex'),
      lastModified: this.now().toISOString(),
    };
    this.objects.set(key, { body: Uint8Array.from(body), meta });
    return meta;
  }

  async head(key: string): Promise<StoredDocument | undefined> {
    return this.objects.get(key)?.meta;
  }

  async list(prefix: string): Promise<StoredDocument[]> {
    return [...this.objects.values()]
      .map((o) => o.meta)
      .filter((m) => m.key.startsWith(prefix))
      .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  async get(key: string): Promise<Uint8Array | undefined> {
    return this.objects.get(key)?.body;
  }

  async presignedUrl(key: string, options: { expiresInSeconds: number; fileName: string }) {
    const expiresAt = new Date(this.now().getTime() + options.expiresInSeconds * 1000).toISOString();
    return {
      url: `memory://documents/${key}?filename=${encodeURIComponent(options.fileName)}&expires=${expiresAt}`,
      expiresAt,
    };
  }

  text(key: string): string | undefined {
    const o = this.objects.get(key);
    return o ? new TextDecoder().decode(o.body) : undefined;
  }
}

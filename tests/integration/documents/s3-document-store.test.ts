import { createHash, randomBytes } from 'node:crypto';
import { parseConfig } from '../../../shared/config/config';
import { documentStore } from '../../../shared/composition/documents';
import { exportPrefix } from '../../../shared/ports/documents';

/**
 * The document store against the S3 twin the integration run starts (s3rver, tests/support/global-setup.ts),
 * through the same client, signing and pre-signed URLs as on AWS. Each test writes under its own partner.
 */
const config = parseConfig(process.env);
const partner = () => `p-${randomBytes(5).toString('hex')}`;
const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

describe('S3DocumentStore', () => {
  describe('put, head, list and get', () => {
    it('writes a document with its SHA-256 and reads it back, listing a month sorted by key', async () => {
      const store = documentStore(config);
      const prefix = exportPrefix(partner(), '2026-11');
      const pdf = new Uint8Array(randomBytes(70_000));
      const csv = new TextEncoder().encode('invoice,amount\r\nGAS-000001,12.345678\r\n');

      const written = await store.put(`${prefix}GAS-000001.pdf`, pdf, 'application/pdf');
      await store.put(`${prefix}GAS-000001.csv`, csv, 'text/csv; charset=utf-8');

      expect(written).toMatchObject({
        key: `${prefix}GAS-000001.pdf`,
        size: pdf.byteLength,
        contentType: 'application/pdf',
        sha256: sha256(pdf),
      });
      expect(await store.head(`${prefix}GAS-000001.pdf`)).toEqual(written);
      expect(Buffer.from((await store.get(`${prefix}GAS-000001.pdf`))!)).toEqual(Buffer.from(pdf));
      const listed = await store.list(prefix);
      expect(listed.map((d) => [d.key, d.size, d.sha256])).toEqual([
        [`${prefix}GAS-000001.csv`, csv.byteLength, sha256(csv)],
        [`${prefix}GAS-000001.pdf`, pdf.byteLength, sha256(pdf)],
      ]);
      expect(listed[0]!.contentType).toBe('text/csv; charset=utf-8');
    });

    it('answers undefined for a missing document and an empty list for an empty month', async () => {
      const store = documentStore(config);
      const prefix = exportPrefix(partner(), '2026-10');
      expect(await store.head(`${prefix}GAS-000009.pdf`)).toBeUndefined();
      expect(await store.get(`${prefix}GAS-000009.pdf`)).toBeUndefined();
      expect(await store.list(prefix)).toEqual([]);
    });

    it('keeps the stored object when the same bytes are put again, and replaces it when they differ', async () => {
      const store = documentStore(config);
      const key = `${exportPrefix(partner(), '2026-11')}GAS-000002.csv`;
      const first = await store.put(key, new TextEncoder().encode('a\r\n1\r\n'), 'text/csv');
      const again = await store.put(key, new TextEncoder().encode('a\r\n1\r\n'), 'text/csv');
      expect(again).toEqual(first);
      const changed = await store.put(key, new TextEncoder().encode('a\r\n2\r\n'), 'text/csv');
      expect(changed.sha256).not.toBe(first.sha256);
      expect(new TextDecoder().decode(await store.get(key))).toBe('a\r\n2\r\n');
    });
  });

  describe('pre-signed URLs', () => {
    it('downloads the bytes with plain fetch, as the file name it was signed for', async () => {
      const signedAt = new Date();
      const store = documentStore(config, () => signedAt);
      const key = `${exportPrefix(partner(), '2026-11')}GAS-000003.pdf`;
      const body = new Uint8Array(randomBytes(4_096));
      await store.put(key, body, 'application/pdf');

      const link = await store.presignedUrl(key, { expiresInSeconds: 300, fileName: 'GAS-000003.pdf' });

      expect(link.expiresAt).toBe(new Date(signedAt.getTime() + 300_000).toISOString());
      expect(new URL(link.url).searchParams.get('X-Amz-Expires')).toBe('300');
      const res = await fetch(link.url);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-disposition')).toContain('filename="GAS-000003.pdf"');
      expect(Buffer.from(await res.arrayBuffer())).toEqual(Buffer.from(body));
    });

    it('refuses a URL once it has expired', async () => {
      const key = `${exportPrefix(partner(), '2026-11')}GAS-000004.pdf`;
      await documentStore(config).put(key, new Uint8Array([1, 2, 3]), 'application/pdf');
      // Signed ten minutes ago for one minute: expired now.
      const tenMinutesAgo = new Date(Date.now() - 600_000);
      const expired = await documentStore(config, () => tenMinutesAgo).presignedUrl(key, {
        expiresInSeconds: 60,
        fileName: 'GAS-000004.pdf',
      });
      expect(Date.parse(expired.expiresAt)).toBeLessThan(Date.now());
      const refused = await fetch(expired.url);
      expect(refused.status).toBe(403);
      expect(await refused.text()).toContain('Request has expired');
    });
  });
});

import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { ValidationError } from '../../domain/errors';
import type { PageCursorSealer } from '../../ports/page-cursors';

const VERSION = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;
/** Longer input is not a cursor we issued; refuse before any work. */
const MAX_CURSOR_CHARS = 4096;

export const invalidCursor = () =>
  new ValidationError('Invalid cursor', [
    { path: 'cursor', message: 'Pass nextCursor from the previous page unchanged, with the same filters' },
  ]);

/**
 * Page cursors sealed with AES-256-GCM (ADR 0020): `base64url(version ‖ iv ‖ ciphertext ‖ tag)`, the
 * scope (partner, route, filters) as additional authenticated data. Encryption rather than an HMAC so
 * the cursor is opaque too: partners cannot read key layouts, tenant ids or running balances from it,
 * and cannot build one. GCM with random 96-bit IVs is safe for well over 2^32 cursors per key. The key
 * is loaded once per process (`key()` caches); sealing and opening are then a few microseconds.
 */
export class SealedPageCursors implements PageCursorSealer {
  constructor(private readonly key: () => Promise<Uint8Array>) {}

  async seal(scope: string, position: string): Promise<string> {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', await this.key(), iv);
    cipher.setAAD(Buffer.from(scope, 'utf8'));
    const ct = Buffer.concat([cipher.update(position, 'utf8'), cipher.final()]);
    return Buffer.concat([Buffer.from([VERSION]), iv, ct, cipher.getAuthTag()]).toString('base64url');
  }

  async open(scope: string, cursor: string): Promise<string> {
    if (cursor.length > MAX_CURSOR_CHARS || !/^[A-Za-z0-9_-]+$/.test(cursor)) throw invalidCursor();
    const bytes = Buffer.from(cursor, 'base64url');
    if (bytes.length < 1 + IV_BYTES + TAG_BYTES || bytes[0] !== VERSION) throw invalidCursor();
    const key = await this.key();
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(1, 1 + IV_BYTES));
      decipher.setAAD(Buffer.from(scope, 'utf8'));
      decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
      return Buffer.concat([
        decipher.update(bytes.subarray(1 + IV_BYTES, bytes.length - TAG_BYTES)),
        decipher.final(),
      ]).toString('utf8');
    } catch {
      throw invalidCursor();
    }
  }
}

import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import type { PasswordHasher } from '../../ports/password-hasher';

/**
 * scrypt from node:crypto (memory-hard, no native add-on). Hashes are self-describing
 * (`$scrypt$ln=17,r=8,p=1$<salt>$<digest>`, base64 without padding), so parameters can be raised later:
 * old hashes still verify and are re-hashed at the next successful sign-in.
 */
export interface ScryptParams {
  /** log2 of the CPU/memory cost N. Production: 17 (128 MiB per hash with r=8). */
  readonly logN: number;
  readonly r: number;
  readonly p: number;
}

export const PRODUCTION_SCRYPT: ScryptParams = { logN: 17, r: 8, p: 1 };
const SALT_BYTES = 32;
const KEY_BYTES = 32;
const FORMAT = /^\$scrypt\$ln=(\d{1,2}),r=(\d{1,2}),p=(\d{1,2})\$([A-Za-z0-9+/]+)\$([A-Za-z0-9+/]+)$/;

function derive(password: string, salt: Buffer, params: ScryptParams): Promise<Buffer> {
  const N = 2 ** params.logN;
  return new Promise((resolve, reject) =>
    scrypt(
      password.normalize('NFC'),
      salt,
      KEY_BYTES,
      // maxmem must cover 128·N·r bytes; leave headroom so Node does not refuse the parameters.
      { N, r: params.r, p: params.p, maxmem: 256 * N * params.r },
      (err, key) => (err ? reject(err) : resolve(key)),
    ),
  );
}

const b64 = (b: Buffer) => b.toString('base64').replace(/=+$/, '');

function parse(stored: string): { params: ScryptParams; salt: Buffer; digest: Buffer } | undefined {
  const m = FORMAT.exec(stored);
  if (!m) return undefined;
  const params = { logN: Number(m[1]), r: Number(m[2]), p: Number(m[3]) };
  if (params.logN < 1 || params.logN > 22 || params.r < 1 || params.p < 1) return undefined;
  return {
    params,
    salt: Buffer.from(m[4] as string, 'base64'),
    digest: Buffer.from(m[5] as string, 'base64'),
  };
}

export class ScryptPasswordHasher implements PasswordHasher {
  constructor(private readonly params: ScryptParams = PRODUCTION_SCRYPT) {}

  async hash(password: string): Promise<string> {
    const salt = randomBytes(SALT_BYTES);
    const digest = await derive(password, salt, this.params);
    const { logN, r, p } = this.params;
    return `$scrypt$ln=${logN},r=${r},p=${p}$${b64(salt)}$${b64(digest)}`;
  }

  async verify(password: string, stored: string): Promise<boolean> {
    const parsed = parse(stored);
    if (!parsed || parsed.digest.length !== KEY_BYTES) return false;
    const digest = await derive(password, parsed.salt, parsed.params);
    return timingSafeEqual(digest, parsed.digest);
  }

  needsRehash(stored: string): boolean {
    const parsed = parse(stored);
    if (!parsed) return true;
    const { logN, r, p } = parsed.params;
    return logN < this.params.logN || r < this.params.r || p < this.params.p;
  }
}

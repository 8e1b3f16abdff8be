import { randomBytes } from 'node:crypto';
import { errors, jwtVerify, SignJWT } from 'jose';
import { ulid } from 'ulid';
import type { AccessClaims, AccessTokenIssuer, SigningKeyStore } from '../../ports/access-tokens';
import type { KeyVault } from '../../ports/key-vault';

const ISSUER = 'stablecoin-gateway';
const AUDIENCE = 'console';
const ALG = 'HS256';

export const signingKeyContext = (kid: string) => ({ purpose: 'console-session-key', kid });

interface LoadedKey {
  readonly kid: string;
  readonly secret: Uint8Array;
}

/**
 * Console access tokens: HS256 JWTs (jose) signed with a per-deployment 256-bit key. The key is made
 * on first use, stored envelope-encrypted through the KeyVault (KMS on AWS), and decrypted once per
 * process. Tokens live ten minutes; the authorizer still checks the session record on every request,
 * so revocation does not wait for expiry.
 */
export class JwtAccessTokens implements AccessTokenIssuer {
  private loaded: Promise<LoadedKey> | undefined;

  constructor(
    private readonly store: SigningKeyStore,
    private readonly keyVault: KeyVault,
  ) {}

  private async load(create: boolean): Promise<LoadedKey | undefined> {
    if (this.loaded) return this.loaded;
    let stored = await this.store.current();
    if (!stored) {
      if (!create) return undefined;
      const kid = `ck_${ulid().toLowerCase()}`;
      const ciphertext = await this.keyVault.encrypt(randomBytes(32), signingKeyContext(kid));
      stored = await this.store.createIfAbsent({ kid, ciphertext, createdAt: new Date().toISOString() });
    }
    const key = stored;
    const promise = this.keyVault
      .decrypt(key.ciphertext, signingKeyContext(key.kid))
      .then((secret) => ({ kid: key.kid, secret }));
    this.loaded = promise;
    promise.catch(() => (this.loaded = undefined));
    return promise;
  }

  async issue(claims: AccessClaims, now: Date, ttlMs: number): Promise<string> {
    const key = (await this.load(true)) as LoadedKey;
    const iat = Math.floor(now.getTime() / 1000);
    return new SignJWT({ sid: claims.sessionId, pid: claims.partnerId })
      .setProtectedHeader({ alg: ALG, kid: key.kid, typ: 'JWT' })
      .setSubject(claims.userId)
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt(iat)
      .setExpirationTime(iat + Math.floor(ttlMs / 1000))
      .sign(key.secret);
  }

  async verify(token: string, now: Date): Promise<AccessClaims | undefined> {
    const key = await this.load(false);
    if (!key) return undefined;
    try {
      const { payload, protectedHeader } = await jwtVerify(token, key.secret, {
        algorithms: [ALG],
        issuer: ISSUER,
        audience: AUDIENCE,
        currentDate: now,
        requiredClaims: ['sub', 'exp', 'iat'],
      });
      if (protectedHeader.kid !== key.kid) return undefined;
      const { sub, sid, pid } = payload as { sub?: unknown; sid?: unknown; pid?: unknown };
      if (typeof sub !== 'string' || typeof sid !== 'string' || typeof pid !== 'string') return undefined;
      return { userId: sub, sessionId: sid, partnerId: pid };
    } catch (e) {
      if (e instanceof errors.JOSEError) return undefined;
      throw e;
    }
  }
}

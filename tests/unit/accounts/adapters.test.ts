import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MessageRejected, SendEmailCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import type { SendEmailCommandInput } from '@aws-sdk/client-sesv2';
import { mockClient } from 'aws-sdk-client-mock';
import { EnvelopeKeyVault } from '../../../shared/adapters/crypto/envelope-key-vault';
import { JwtAccessTokens } from '../../../shared/adapters/crypto/jwt-access-tokens';
import {
  PRODUCTION_SCRYPT,
  ScryptPasswordHasher,
} from '../../../shared/adapters/crypto/scrypt-password-hasher';
import {
  clearedSessionCookies,
  parseCookies,
  serializeCookie,
  sessionCookies,
} from '../../../shared/adapters/lambda/cookies';
import { LocalFileDataKeyProvider } from '../../../shared/adapters/local/local-file-data-key-provider';
import { SesEmailSender } from '../../../shared/adapters/ses/ses-email-sender';
import type { SigningKeyStore, StoredSigningKey } from '../../../shared/ports/access-tokens';

describe('scrypt password hasher', () => {
  const fast = new ScryptPasswordHasher({ logN: 10, r: 8, p: 1 });

  it('uses strong production parameters: N = 2^17, r = 8, p = 1', () => {
    expect(PRODUCTION_SCRYPT).toEqual({ logN: 17, r: 8, p: 1 });
  });

  it('verifies the right password only, with a 32-byte salt stored in a self-describing hash', async () => {
    const hash = await fast.hash('Correct-Horse-7');
    expect(hash).toMatch(/^\$scrypt\$ln=10,r=8,p=1\$[A-Za-z0-9+/]{43}\$[A-Za-z0-9+/]{43}$/);
    expect(await fast.verify('Correct-Horse-7', hash)).toBe(true);
    expect(await fast.verify('Correct-Horse-8', hash)).toBe(false);
    expect(await fast.hash('Correct-Horse-7')).not.toBe(hash);
  });

  it('treats a malformed hash as a mismatch, and asks to rehash weaker hashes', async () => {
    expect(await fast.verify('x', 'plain-text')).toBe(false);
    const weak = await fast.hash('Correct-Horse-7');
    expect(new ScryptPasswordHasher({ logN: 12, r: 8, p: 1 }).needsRehash(weak)).toBe(true);
    expect(fast.needsRehash(weak)).toBe(false);
    // A strong hash from elsewhere still verifies with the fast hasher (parameters come from the hash).
    expect(
      await fast.verify(
        'Correct-Horse-7',
        await new ScryptPasswordHasher({ logN: 12, r: 8, p: 1 }).hash('Correct-Horse-7'),
      ),
    ).toBe(true);
  });

  it('handles production parameters (128 MiB) without hitting Node’s scrypt memory limit', async () => {
    const strong = new ScryptPasswordHasher();
    const hash = await strong.hash('Correct-Horse-7');
    expect(await strong.verify('Correct-Horse-7', hash)).toBe(true);
  });
});

class MemoryKeyStore implements SigningKeyStore {
  key: StoredSigningKey | undefined;
  async current() {
    return this.key;
  }
  async createIfAbsent(key: StoredSigningKey) {
    this.key ??= key;
    return this.key;
  }
}

describe('console access tokens (jose HS256 with an envelope-encrypted key)', () => {
  const vault = new EnvelopeKeyVault(
    new LocalFileDataKeyProvider(join(mkdtempSync(join(tmpdir(), 'jwt-')), 'master.key')),
  );
  const store = new MemoryKeyStore();
  const tokens = new JwtAccessTokens(store, vault);
  const claims = { userId: 'us_1', sessionId: 'se_1', partnerId: 'pt_1' };
  const t0 = new Date('2026-11-20T12:00:00Z');

  it('round-trips the claims until expiry, and stores the signing key only encrypted', async () => {
    const token = await tokens.issue(claims, t0, 600_000);
    expect(await tokens.verify(token, new Date(t0.getTime() + 599_000))).toEqual(claims);
    expect(await tokens.verify(token, new Date(t0.getTime() + 600_000))).toBeUndefined();
    expect(store.key?.ciphertext).toMatchObject({ v: 1, kek: 'local-file' });
  });

  it('refuses tampered tokens, other keys and unsigned tokens', async () => {
    const token = await tokens.issue(claims, t0, 600_000);
    const [h, p, s] = token.split('.') as [string, string, string];
    const forged = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(p, 'base64url').toString()), sub: 'us_admin' }),
    ).toString('base64url');
    expect(await tokens.verify(`${h}.${forged}.${s}`, t0)).toBeUndefined();
    const none = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${p}.`;
    expect(await tokens.verify(none, t0)).toBeUndefined();
    const other = new JwtAccessTokens(new MemoryKeyStore(), vault);
    expect(await other.verify(await other.issue(claims, t0, 600_000), t0)).toEqual(claims);
    expect(await tokens.verify(await other.issue(claims, t0, 600_000), t0)).toBeUndefined();
    expect(await tokens.verify('garbage', t0)).toBeUndefined();
  });

  it('verifies nothing before a key exists (the authorizer never creates one)', async () => {
    expect(await new JwtAccessTokens(new MemoryKeyStore(), vault).verify('a.b.c', t0)).toBeUndefined();
  });
});

describe('session cookies', () => {
  it('are Secure, SameSite=Strict, Path=/; tokens httpOnly, the CSRF token readable', () => {
    const cookies = sessionCookies(
      {
        sessionId: 'se_1',
        accessToken: 'a.b.c',
        accessMaxAgeSeconds: 600,
        refreshToken: 'se_1.x',
        refreshMaxAgeSeconds: undefined,
        csrfToken: 'tok',
      },
      true,
    );
    expect(cookies).toEqual([
      'gw_access=a.b.c; Path=/; SameSite=Strict; HttpOnly; Secure; Max-Age=600',
      'gw_refresh=se_1.x; Path=/; SameSite=Strict; HttpOnly; Secure',
      'gw_csrf=tok; Path=/; SameSite=Strict; Secure',
    ]);
    expect(clearedSessionCookies(false)[0]).toBe('gw_access=; Path=/; SameSite=Strict; HttpOnly; Max-Age=0');
  });

  it('parses Cookie headers tolerantly and never lets a value inject attributes', () => {
    const parsed = parseCookies('a=1; gw_access=x.y.z ; junk; __proto__=p; a=2');
    expect(parsed.get('a')).toBe('1');
    expect(parsed.get('gw_access')).toBe('x.y.z');
    expect(parsed.get('__proto__')).toBe('p');
    expect(() =>
      serializeCookie('gw_csrf', 'x; Domain=evil.example', { httpOnly: false, secure: true }),
    ).toThrow();
  });
});

describe('SES email sender (SES v2 mocked like the service)', () => {
  const ses = mockClient(SESv2Client);
  const VERIFIED = 'no-reply@gateway.example.com';
  beforeEach(() => {
    ses.reset();
    ses.on(SendEmailCommand).callsFake((input: SendEmailCommandInput) => {
      // SES refuses senders outside verified identities, and needs a recipient and content.
      if (!input.FromEmailAddress?.endsWith('@gateway.example.com')) {
        throw new MessageRejected({ message: 'Email address is not verified.', $metadata: {} });
      }
      if (!input.Destination?.ToAddresses?.length || !input.Content?.Simple?.Body?.Text?.Data)
        throw new Error('BadRequestException');
      return { MessageId: `0100018f-${input.Destination.ToAddresses[0]}` };
    });
  });

  it('sends plain text from the configured sender with the kind as a tag', async () => {
    const sender = new SesEmailSender(new SESv2Client({ region: 'us-east-1' }), VERIFIED, 'console-mail');
    const out = await sender.send({
      to: 'owner@shop.example',
      subject: 'Reset',
      text: 'Link: …',
      kind: 'PASSWORD_RESET',
    });
    expect(out.messageId).toBe('0100018f-owner@shop.example');
    const input = ses.commandCalls(SendEmailCommand)[0]!.args[0].input;
    expect(input).toMatchObject({
      FromEmailAddress: VERIFIED,
      Destination: { ToAddresses: ['owner@shop.example'] },
      Content: {
        Simple: {
          Subject: { Data: 'Reset', Charset: 'UTF-8' },
          Body: { Text: { Data: 'Link: …', Charset: 'UTF-8' } },
        },
      },
      EmailTags: [{ Name: 'kind', Value: 'PASSWORD_RESET' }],
      ConfigurationSetName: 'console-mail',
    });
    expect(input.Content?.Simple?.Body?.Html).toBeUndefined();
  });

  it('surfaces SES refusals (unverified sender) to the caller', async () => {
    const sender = new SesEmailSender(new SESv2Client({ region: 'us-east-1' }), 'someone@elsewhere.example');
    await expect(
      sender.send({ to: 'a@b.example', subject: 's', text: 't', kind: 'INVITATION' }),
    ).rejects.toThrow('Email address is not verified.');
  });
});

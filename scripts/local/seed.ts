import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { generateSecret } from 'otplib';
import { createConsoleUser } from '../../shared/app/accounts/members';
import type { AccountsDeps } from '../../shared/app/accounts/deps';
import { totpSecretContext } from '../../shared/app/accounts/second-factor';
import { createPartner, createPlatform, issueApiKey } from '../../shared/app/partners/manage-partners';
import type { PartnerAdminDeps } from '../../shared/app/partners/manage-partners';
import type { Partner, PartnerType } from '../../shared/domain/partner/partner';

/**
 * Seeds the demo tenants: a platform operator, one DISTRIBUTOR and one MERCHANT under it, each with an
 * API key and an OWNER console user with 2FA on. Idempotent: existing partners and users are kept, and
 * a key or a user's password and TOTP secret are reissued only when they are no longer known locally
 * (secrets are shown once; locally we keep them in a 0600 file for demos).
 */
export interface SeededConsoleUser {
  readonly email: string;
  readonly password: string;
  readonly totpSecret: string;
  readonly role: 'OWNER';
}

export interface SeededPartner {
  readonly code: string;
  readonly id: string;
  readonly type: PartnerType;
  readonly name: string;
  readonly apiKey: string;
  readonly apiSecret: string;
  readonly consoleUsers: readonly SeededConsoleUser[];
}

const DEMO: readonly { code: string; name: string; type: PartnerType; parentCode?: string }[] = [
  { code: 'PLATFORM', name: 'Demo Platform Operator', type: 'PLATFORM' },
  { code: 'DEMO_DIST', name: 'Demo Distributor', type: 'DISTRIBUTOR', parentCode: 'PLATFORM' },
  { code: 'DEMO_SHOP', name: 'Demo Merchant', type: 'MERCHANT', parentCode: 'DEMO_DIST' },
];

type SecretsFile = Record<string, { apiKey: string; apiSecret: string; consoleUser?: SeededConsoleUser }>;
const SEED_ACTOR = { type: 'SYSTEM' as const, id: 'local-seed' };

export const demoOwnerEmail = (code: string) => `owner@${code.toLowerCase().replace(/_/g, '-')}.example`;

/** A fresh password that meets the policy (letters, digits, a special character). */
function demoPassword(): string {
  return `Demo-${randomBytes(9).toString('base64url').replace(/[-_]/g, 'x')}-7!`;
}

/** Creates (or repairs) the partner's OWNER with a known password and 2FA on with a known secret. */
async function seedOwner(
  deps: PartnerAdminDeps & AccountsDeps,
  partner: Partner,
  known: SeededConsoleUser | undefined,
): Promise<SeededConsoleUser> {
  const email = demoOwnerEmail(partner.code);
  const existing = await deps.users.getByEmail(email);
  if (
    existing &&
    known &&
    known.email === email &&
    existing.twoFactor.enabled &&
    (await deps.passwords.verify(known.password, existing.passwordHash))
  ) {
    return known;
  }
  const password = demoPassword();
  const totpSecret = generateSecret({ length: 20 });
  const now = deps.clock.now().toISOString();
  let userId: string;
  if (existing) {
    userId = existing.id;
    await deps.users.setPassword(userId, await deps.passwords.hash(password), now);
    if (existing.twoFactor.enabled) await deps.users.disableTwoFactor(userId, now);
  } else {
    userId = (
      await createConsoleUser(deps, SEED_ACTOR, {
        partnerId: partner.id,
        email,
        name: `${partner.name} owner`,
        role: 'OWNER',
        password,
      })
    ).id;
  }
  await deps.users.beginTwoFactorSetup(
    userId,
    await deps.keyVault.encrypt(Buffer.from(totpSecret, 'utf8'), totpSecretContext(userId)),
    now,
  );
  // Step 0: every real time step counts as unused.
  await deps.users.enableTwoFactor(userId, 0, [], now);
  return { email, password, totpSecret, role: 'OWNER' };
}

export async function seedDemo(
  deps: PartnerAdminDeps & AccountsDeps,
  secretsPath: string,
): Promise<SeededPartner[]> {
  const secrets: SecretsFile = existsSync(secretsPath)
    ? (JSON.parse(readFileSync(secretsPath, 'utf8')) as SecretsFile)
    : {};
  const save = () => writeFileSync(secretsPath, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  const seeded: SeededPartner[] = [];
  for (const demo of DEMO) {
    let partner: Partner | undefined = await deps.partners.getByCode(demo.code);
    if (!partner) {
      partner =
        demo.type === 'PLATFORM'
          ? await createPlatform(deps, SEED_ACTOR, { code: demo.code, name: demo.name })
          : await createPartner(deps, SEED_ACTOR, {
              code: demo.code,
              name: demo.name,
              type: demo.type,
              parentCode: demo.parentCode,
            });
    }
    let entry = secrets[demo.code];
    const stored = entry ? await deps.apiKeys.get(entry.apiKey) : undefined;
    if (!entry || !stored || stored.status !== 'ACTIVE' || stored.partnerId !== partner.id) {
      const issued = await issueApiKey(deps, SEED_ACTOR, { partnerId: partner.id, name: 'Demo key' });
      entry = { ...entry, apiKey: issued.apiKey.id, apiSecret: issued.secret };
      secrets[demo.code] = entry;
      save();
    }
    const owner = await seedOwner(deps, partner, entry.consoleUser);
    if (owner !== entry.consoleUser) {
      entry = { ...entry, consoleUser: owner };
      secrets[demo.code] = entry;
      save();
    }
    seeded.push({
      code: partner.code,
      id: partner.id,
      type: partner.type,
      name: partner.name,
      apiKey: entry.apiKey,
      apiSecret: entry.apiSecret,
      consoleUsers: [owner],
    });
  }
  return seeded;
}

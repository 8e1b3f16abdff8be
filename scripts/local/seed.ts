import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createPartner, createPlatform, issueApiKey } from '../../shared/app/partners/manage-partners';
import type { PartnerAdminDeps } from '../../shared/app/partners/manage-partners';
import type { Partner, PartnerType } from '../../shared/domain/partner/partner';

/**
 * Seeds the demo tenants: a platform operator, one DISTRIBUTOR and one MERCHANT under it, each with an
 * API key. Idempotent: existing partners are kept, and a key is reissued only when its secret is no
 * longer known locally (API secrets are shown once; locally we keep them in a 0600 file for demos).
 */
export interface SeededPartner {
  readonly code: string;
  readonly id: string;
  readonly type: PartnerType;
  readonly name: string;
  readonly apiKey: string;
  readonly apiSecret: string;
}

const DEMO: readonly { code: string; name: string; type: PartnerType; parentCode?: string }[] = [
  { code: 'PLATFORM', name: 'Demo Platform Operator', type: 'PLATFORM' },
  { code: 'DEMO_DIST', name: 'Demo Distributor', type: 'DISTRIBUTOR', parentCode: 'PLATFORM' },
  { code: 'DEMO_SHOP', name: 'Demo Merchant', type: 'MERCHANT', parentCode: 'DEMO_DIST' },
];

type SecretsFile = Record<string, { apiKey: string; apiSecret: string }>;
const SEED_ACTOR = { type: 'SYSTEM' as const, id: 'local-seed' };

export async function seedDemo(deps: PartnerAdminDeps, secretsPath: string): Promise<SeededPartner[]> {
  const secrets: SecretsFile = existsSync(secretsPath) ? (JSON.parse(readFileSync(secretsPath, 'utf8')) as SecretsFile) : {};
  const seeded: SeededPartner[] = [];
  for (const demo of DEMO) {
    let partner: Partner | undefined = await deps.partners.getByCode(demo.code);
    if (!partner) {
      partner =
        demo.type === 'PLATFORM'
          ? await createPlatform(deps, SEED_ACTOR, { code: demo.code, name: demo.name })
          : await createPartner(deps, SEED_ACTOR, { code: demo.code, name: demo.name, type: demo.type, parentCode: demo.parentCode });
    }
    let credentials = secrets[demo.code];
    const stored = credentials ? await deps.apiKeys.get(credentials.apiKey) : undefined;
    if (!credentials || !stored || stored.status !== 'ACTIVE' || stored.partnerId !== partner.id) {
      const issued = await issueApiKey(deps, SEED_ACTOR, { partnerId: partner.id, name: 'Demo key' });
      credentials = { apiKey: issued.apiKey.id, apiSecret: issued.secret };
      secrets[demo.code] = credentials;
      writeFileSync(secretsPath, JSON.stringify(secrets, null, 2), { mode: 0o600 });
    }
    seeded.push({ code: partner.code, id: partner.id, type: partner.type, name: partner.name, ...credentials });
  }
  return seeded;
}

import { ConflictError, NotFoundError } from '../../../shared/domain/errors';
import type {
  DeliveryAttempt,
  DeliveryStatus,
  WebhookDelivery,
} from '../../../shared/domain/webhooks/webhook-delivery';
import type { WebhookSettings } from '../../../shared/domain/webhooks/webhook-settings';
import type { WebhookDeps } from '../../../shared/app/webhooks/deps';
import type { AuditEntry, AuditLog, StoredAuditEntry } from '../../../shared/ports/audit-log';
import type { EncryptedBlob, KeyVault } from '../../../shared/ports/key-vault';
import type {
  DeliveryMessage,
  DeliveryPage,
  WebhookDeliveryStore,
  WebhookHttpRequest,
  WebhookHttpResult,
  WebhookQueue,
  WebhookSettingsRepository,
} from '../../../shared/ports/webhook-delivery';

/** In-memory stand-ins for the webhook ports, with the same conditions as the DynamoDB adapters. */
export class MemorySettings implements WebhookSettingsRepository {
  readonly items = new Map<string, WebhookSettings>();
  async get(partnerId: string) {
    return this.items.get(partnerId);
  }
  async save(settings: WebhookSettings, expectedVersion: number | undefined) {
    if (this.items.get(settings.partnerId)?.version !== expectedVersion) throw new ConflictError('changed');
    this.items.set(settings.partnerId, settings);
  }
}

export class MemoryDeliveries implements WebhookDeliveryStore {
  readonly items = new Map<string, WebhookDelivery>();
  failGetFor = new Set<string>();
  private key = (p: string, e: string) => `${p}/${e}`;
  async create(delivery: WebhookDelivery) {
    const existing = this.items.get(this.key(delivery.partnerId, delivery.eventId));
    if (existing) return { created: false, delivery: existing };
    this.items.set(this.key(delivery.partnerId, delivery.eventId), delivery);
    return { created: true, delivery };
  }
  async get(partnerId: string, eventId: string) {
    if (this.failGetFor.has(eventId)) throw new Error('table unavailable');
    return this.items.get(this.key(partnerId, eventId));
  }
  async list(partnerId: string): Promise<DeliveryPage> {
    return { deliveries: [...this.items.values()].filter((d) => d.partnerId === partnerId) };
  }
  async recordAttempt(
    partnerId: string,
    eventId: string,
    expected: { round: number; roundAttempts: number },
    attempt: DeliveryAttempt,
    next: { status: DeliveryStatus; nextAttemptAt?: string | undefined },
  ) {
    const d = this.items.get(this.key(partnerId, eventId));
    if (
      !d ||
      d.status !== 'PENDING' ||
      d.round !== expected.round ||
      d.roundAttempts !== expected.roundAttempts
    )
      return false;
    this.items.set(this.key(partnerId, eventId), {
      ...d,
      attempts: [...d.attempts, attempt],
      roundAttempts: d.roundAttempts + 1,
      attemptCount: d.attemptCount + 1,
      status: next.status,
      nextAttemptAt: next.nextAttemptAt,
      updatedAt: attempt.at,
    });
    return true;
  }
  async markQueued(partnerId: string, eventId: string, round: number, attempt: number) {
    const d = this.items.get(this.key(partnerId, eventId));
    if (d && d.round === round && d.queuedAttempt < attempt)
      this.items.set(this.key(partnerId, eventId), { ...d, queuedAttempt: attempt });
  }
  async startRound(partnerId: string, eventId: string, expectedRound: number, at: string) {
    const d = this.items.get(this.key(partnerId, eventId));
    if (!d) throw new NotFoundError('no');
    if (d.round !== expectedRound) throw new ConflictError('moved');
    const next = {
      ...d,
      round: d.round + 1,
      roundAttempts: 0,
      queuedAttempt: 0,
      status: 'PENDING' as const,
      nextAttemptAt: at,
      updatedAt: at,
    };
    this.items.set(this.key(partnerId, eventId), next);
    return next;
  }
}

export class MemoryQueue implements WebhookQueue {
  readonly sent: { message: DeliveryMessage; delaySeconds: number }[] = [];
  readonly dead: { message: unknown; reason: string }[] = [];
  async enqueue(message: DeliveryMessage, delaySeconds: number) {
    this.sent.push({ message, delaySeconds });
  }
  async deadLetter(message: DeliveryMessage | { raw: string }, reason: string) {
    this.dead.push({ message, reason });
  }
}

/** Answers each POST with the next scripted result (default 200) and records the request. */
export class ScriptedHttp {
  readonly requests: WebhookHttpRequest[] = [];
  readonly script: WebhookHttpResult[] = [];
  async post(request: WebhookHttpRequest): Promise<WebhookHttpResult> {
    this.requests.push(request);
    return this.script.shift() ?? { statusCode: 200, latencyMs: 5 };
  }
}

/** "Encrypts" by tagging the plaintext with its context; decrypting under another context fails, like the real vault. */
export const contextBoundVault: KeyVault = {
  async encrypt(plaintext, context) {
    return {
      v: 1,
      kek: 'test',
      edk: JSON.stringify(context),
      iv: '',
      tag: '',
      ct: Buffer.from(plaintext).toString('base64'),
    } satisfies EncryptedBlob;
  },
  async decrypt(blob, context) {
    if (blob.edk !== JSON.stringify(context)) throw new Error('context mismatch');
    return Buffer.from(blob.ct, 'base64');
  },
};

export class MemoryAudit implements AuditLog {
  readonly entries: StoredAuditEntry[] = [];
  async record(entry: AuditEntry) {
    const stored = { id: String(this.entries.length), ...entry };
    this.entries.push(stored);
    return stored;
  }
  async list(partnerId: string | null) {
    return this.entries.filter((e) => e.partnerId === partnerId);
  }
}

export function fakeWebhookDeps(start = new Date('2026-11-20T12:00:00.000Z')) {
  let now = start.getTime();
  const deps = {
    clock: { now: () => new Date(now) },
    keyVault: contextBoundVault,
    audit: new MemoryAudit(),
    webhookSettings: new MemorySettings(),
    webhookDeliveries: new MemoryDeliveries(),
    webhookQueue: new MemoryQueue(),
    webhookHttp: new ScriptedHttp(),
    webhookPolicy: {
      local: false,
      timeoutMs: 1000,
      retryDelaysSeconds: [60, 300, 3600],
      random: () => 0.5,
      secretGracePeriodMs: 24 * 3600_000,
      legacyHeadersUntilMs: Date.parse('2027-07-01T00:00:00Z'),
    },
  } satisfies WebhookDeps;
  return { deps, advance: (ms: number) => (now += ms), set: (d: Date) => (now = d.getTime()) };
}

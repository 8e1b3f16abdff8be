import * as z from 'zod';
import { EVENT_ID_PATTERN } from '../../shared/domain/webhooks/webhook-delivery';
import { WEBHOOK_EVENT_TYPES } from '../../shared/domain/webhooks/webhook-event-types';
import type { WebhookEvent } from '../../shared/ports/webhooks';

/**
 * Partner webhook events: what use-cases hand to `WebhookPublisher.publish` and what partners receive
 * as the POST body (`{ id, type, occurredAt, data }`, signed; see shared/domain/webhooks/webhook-signature.ts).
 * Samples: `deposit-confirmed.json` and `deposit-failed.json` (publish inputs) and `webhook-test.body.json` (a delivered body).
 */
// The list is the domain's (the port's WebhookEventType is derived from it); re-exported for readers here.
export { WEBHOOK_EVENT_TYPES };

const IsoTimestamp = z.iso.datetime();

/** JSON-safe data: amounts travel as decimal strings, so numbers beyond 2^53 never appear. */
const JsonData = z.record(z.string(), z.unknown()).refine(
  (d) => {
    try {
      return JSON.stringify(d).length <= 64 * 1024;
    } catch {
      return false;
    }
  },
  { message: 'data must be JSON-serializable and at most 64 KiB' },
);

export const WebhookEventSchema = z.strictObject({
  id: z.string().regex(EVENT_ID_PATTERN, 'event ids are 1-200 of A-Z a-z 0-9 : . _ @ # -'),
  type: z.enum(WEBHOOK_EVENT_TYPES),
  partnerId: z.string().min(1),
  occurredAt: IsoTimestamp,
  data: JsonData,
}) satisfies z.ZodType<WebhookEvent>;

/** The body partners receive. */
export const WebhookBody = z.object({
  id: z.string(),
  type: z.enum(WEBHOOK_EVENT_TYPES),
  occurredAt: IsoTimestamp,
  data: z.record(z.string(), z.unknown()),
});
export type WebhookBody = z.infer<typeof WebhookBody>;

/** The exact bytes sent on every attempt of an event (stored once, so retries are byte-identical). */
export function webhookBody(event: WebhookEvent): string {
  const body: WebhookBody = {
    id: event.id,
    type: event.type,
    occurredAt: event.occurredAt,
    data: { ...event.data },
  };
  return JSON.stringify(body);
}

/** Data of WEBHOOK_TEST (POST /v1/webhooks/test). */
export const WebhookTestData = z.object({ message: z.string(), requestedBy: z.string() });

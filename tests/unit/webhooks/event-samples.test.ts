import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { WebhookEventSchema } from '../../../events/webhook-event/schema';
import { Withdrawal } from '../../../shared/api/withdrawal-api-schemas';

const sample = (name: string): unknown =>
  JSON.parse(readFileSync(join(process.cwd(), 'events/webhook-event', name), 'utf8')) as unknown;

describe('webhook event samples (fixtures and documentation)', () => {
  it.each(['deposit-confirmed.json', 'deposit-failed.json', 'withdrawal-confirmed.json'])(
    '%s is a valid publish input',
    (name) => {
      expect(() => WebhookEventSchema.parse(sample(name))).not.toThrow();
    },
  );

  it('carries a withdrawal in the documented API shape', () => {
    const event = WebhookEventSchema.parse(sample('withdrawal-confirmed.json'));
    expect(Withdrawal.strict().safeParse(event.data['withdrawal']).success).toBe(true);
  });
});

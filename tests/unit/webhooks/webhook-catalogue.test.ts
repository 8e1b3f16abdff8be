import { buildOpenApiDocument } from '../../../shared/api/openapi';

/** What partners read about webhooks in the OpenAPI document: the Standard Webhooks contract and every event. */
describe('webhook contract in the OpenAPI document', () => {
  const doc = buildOpenApiDocument({ serverUrl: 'https://api.gateway.example' });
  const json = JSON.stringify(doc);

  it('lists DEPOSIT_FAILED among the event types the settings and the delivery log report', () => {
    type Schema = { properties: Record<string, { items?: { enum?: string[] } }> };
    const settings = doc.components.schemas['WebhookSettingsResponse'] as unknown as Schema | undefined;
    expect(settings?.properties['eventTypes']?.items?.enum).toEqual(
      expect.arrayContaining(['DEPOSIT_DETECTED', 'DEPOSIT_CONFIRMED', 'DEPOSIT_FAILED', 'LARGE_DEPOSIT']),
    );
  });

  it('describes Standard Webhooks signing, the deprecated headers and DEPOSIT_FAILED with its reason', () => {
    const description = doc.info.description;
    for (const text of [
      'Standard Webhooks',
      '`webhook-id`',
      '`webhook-timestamp`',
      '`webhook-signature`',
      'v1,',
      'standardwebhooks',
    ]) {
      expect(description).toContain(text);
    }
    expect(description).toMatch(/Deprecated headers.*X-Webhook-Signature/s);
    expect(description).toMatch(/`DEPOSIT_FAILED`.*failureReason/);
    expect(json).not.toContain('X-Webhook-Id:');
  });
});

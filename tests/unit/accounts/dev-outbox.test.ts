import { renderOutboxHtml, serveDevOutbox } from '../../../scripts/local/static/dev-outbox';
import type { EmailOutbox, OutboxMessage } from '../../../shared/ports/email';

const message: OutboxMessage = {
  id: '01',
  from: 'no-reply@gateway.localhost',
  sentAt: '2026-11-20T12:00:00.000Z',
  to: 'owner@shop.example',
  kind: 'INVITATION',
  subject: 'You are invited to <script>alert(1)</script>',
  text: 'Accept here: http://localhost:3000/console/#/accept-invitation?token=tk_x.y\n<img src=x onerror=alert(1)>',
};
const outbox: EmailOutbox = { list: async () => [message] };

describe('local outbox pages', () => {
  it('escapes everything a workspace owner could put in a message and links the URLs', () => {
    const html = renderOutboxHtml([message]);
    expect(html).not.toContain('<script>alert');
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('&lt;script&gt;');
    expect(html).toContain('<a href="http://localhost:3000/console/#/accept-invitation?token=tk_x.y">');
  });

  it('serves HTML with a script-free CSP and JSON, and nothing else', async () => {
    const page = await serveDevOutbox({ method: 'GET', path: '/dev/outbox' }, outbox);
    expect(page?.headers['Content-Security-Policy']).toContain("default-src 'none'");
    const json = await serveDevOutbox({ method: 'GET', path: '/dev/outbox.json' }, outbox);
    expect(JSON.parse(json!.body)).toEqual({ messages: [message] });
    expect((await serveDevOutbox({ method: 'POST', path: '/dev/outbox' }, outbox))?.status).toBe(405);
    expect(await serveDevOutbox({ method: 'GET', path: '/dev/other' }, outbox)).toBeUndefined();
  });
});

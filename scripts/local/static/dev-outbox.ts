import type { EmailOutbox, OutboxMessage } from '../../../shared/ports/email';

/**
 * The local stack's mailbox: every email the gateway "sends" locally (password resets, invitations,
 * verification links, security notices), newest first, at /dev/outbox (HTML) and /dev/outbox.json.
 * Local only; on AWS mail goes out through SES.
 */
export interface DevResponse {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: string;
}

const escapeHtml = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
  );

/** Escapes the text and turns http(s) links into anchors (for clicking through reset/invite links). */
function linkify(text: string): string {
  return escapeHtml(text).replace(/https?:\/\/[^\s<]+/g, (url) => `<a href="${url}">${url}</a>`);
}

const CSP =
  "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

export function renderOutboxHtml(messages: readonly OutboxMessage[]): string {
  const items = messages
    .map(
      (m) => `<article>
  <header><strong>${escapeHtml(m.subject)}</strong><br><small>${escapeHtml(m.sentAt)} · to ${escapeHtml(m.to)} · ${escapeHtml(m.kind)}</small></header>
  <pre>${linkify(m.text)}</pre>
</article>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Local outbox · Stablecoin Gateway</title>
<style>body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1b2733}article{border:1px solid #d5dde5;border-radius:8px;padding:1rem;margin:1rem 0}pre{white-space:pre-wrap;font-size:.9rem}small{color:#5b6b7b}</style>
</head><body>
<h1>Local outbox</h1>
<p>Email the local stack would have sent (newest first; also printed in the <code>npm start</code> terminal). JSON: <a href="/dev/outbox.json">/dev/outbox.json</a>.</p>
${items || '<p>No messages yet.</p>'}
</body></html>
`;
}

export async function serveDevOutbox(
  req: { method: string; path: string },
  outbox: EmailOutbox,
): Promise<DevResponse | undefined> {
  const pathname = req.path.split('?')[0];
  if (pathname !== '/dev/outbox' && pathname !== '/dev/outbox.json') return undefined;
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    return {
      status: 405,
      headers: { 'Content-Type': 'text/plain; charset=utf-8', Allow: 'GET, HEAD' },
      body: 'Method not allowed\n',
    };
  }
  const messages = await outbox.list({ limit: 100 });
  if (pathname === '/dev/outbox.json') {
    return {
      status: 200,
      headers: { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' },
      body: JSON.stringify({ messages }, null, 2),
    };
  }
  return {
    status: 200,
    headers: {
      'Content-Type': 'text/html; charset=utf-8',
      'Cache-Control': 'no-store',
      'Content-Security-Policy': CSP,
      'X-Content-Type-Options': 'nosniff',
    },
    body: renderOutboxHtml(messages),
  };
}

/** Prints messages as they arrive (the terminal of `npm start`). Returns a stop function. */
export function watchOutbox(
  outbox: EmailOutbox,
  print: (text: string) => void,
  intervalMs = 1000,
): () => void {
  let seen: string | undefined;
  let busy = false;
  const tick = async () => {
    if (busy) return;
    busy = true;
    try {
      const fresh = (await outbox.list({ limit: 20 }))
        .filter((m) => seen === undefined || m.id > seen)
        .reverse();
      for (const m of fresh) {
        print(`\n  ✉  ${m.kind} to ${m.to}: ${m.subject}\n${m.text.replace(/^/gm, '     ')}\n`);
        seen = m.id;
      }
    } catch {
      // DynamoDB Local shutting down: the next tick (or none) will tell.
    } finally {
      busy = false;
    }
  };
  // Start after the messages already there: only new mail is printed.
  void outbox
    .list({ limit: 1 })
    .then((m) => (seen = m[0]?.id ?? ''))
    .catch(() => (seen = ''));
  const timer = setInterval(() => void (seen !== undefined && tick()), intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}

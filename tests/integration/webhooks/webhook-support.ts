import { Webhook } from 'standardwebhooks';
import { createServer } from 'node:http';
import type { IncomingHttpHeaders, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the receiver got. */
export interface Received {
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

export type Behaviour = 'ok' | 'fail' | 'hang';

/**
 * A real HTTP webhook receiver on a free port. Each path answers with the next behaviour queued for it
 * (then with its default): 200, 500, or no answer at all (the sender's timeout must fire).
 */
export async function startReceiver() {
  const received: Received[] = [];
  const queued = new Map<string, Behaviour[]>();
  const defaults = new Map<string, Behaviour>();
  const hanging = new Set<ServerResponse>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = req.url ?? '/';
      received.push({ path, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      const behaviour = queued.get(path)?.shift() ?? defaults.get(path) ?? 'ok';
      if (behaviour === 'hang') {
        hanging.add(res);
        res.on('close', () => hanging.delete(res));
        return;
      }
      res.writeHead(behaviour === 'ok' ? 200 : 500, { 'content-type': 'text/plain' });
      res.end(behaviour === 'ok' ? 'thanks' : 'boom');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as AddressInfo).port;
  return {
    url: (path: string) => `http://127.0.0.1:${port}${path}`,
    received,
    at: (path: string) => received.filter((r) => r.path === path),
    queue: (path: string, ...behaviours: Behaviour[]) =>
      queued.set(path, [...(queued.get(path) ?? []), ...behaviours]),
    setDefault: (path: string, behaviour: Behaviour) => defaults.set(path, behaviour),
    close: async () => {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    },
  };
}

/** A clock that never runs behind real time (other writers use the system clock) and jumps ahead on demand. */
export function jumpingClock() {
  let offsetMs = 0;
  return {
    now: () => new Date(Date.now() + offsetMs),
    advance: (ms: number) => {
      offsetMs += ms;
    },
    /** Moves to `iso` if it is ahead (never backwards). */
    advanceTo: (iso: string) => {
      offsetMs = Math.max(offsetMs, Date.parse(iso) - Date.now());
    },
  };
}

/** Header values as the `standardwebhooks` package takes them (one string per name). */
export function singleValued(headers: IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers))
    if (value !== undefined) out[name] = Array.isArray(value) ? value.join(', ') : value;
  return out;
}

/**
 * Verifies a received request with the `standardwebhooks` npm package exactly as a partner's receiver
 * would, whose clock reads `nowMs` (the package checks webhook-timestamp against Date.now(); the tests
 * move the gateway's clock, so the receiver's clock is set to the same instant). Throws when it refuses.
 */
export function verifyWithStandardWebhooks(
  secret: string,
  request: Received,
  nowMs: number,
  options?: { format: 'raw' },
): unknown {
  const now = jest.spyOn(Date, 'now').mockReturnValue(nowMs);
  try {
    return new Webhook(secret, options).verify(request.body, singleValued(request.headers));
  } finally {
    now.mockRestore();
  }
}

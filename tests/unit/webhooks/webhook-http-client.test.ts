import { createServer } from 'node:http';
import type { IncomingHttpHeaders, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { NodeWebhookHttpClient } from '../../../shared/adapters/http/webhook-http-client';

describe('webhook HTTP client', () => {
  let server: Server;
  let port: number;
  const seen: { url: string; headers: IncomingHttpHeaders; body: string }[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        seen.push({ url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString() });
        if (req.url === '/ok') res.writeHead(204).end();
        else if (req.url === '/redirect')
          res.writeHead(302, { location: 'http://169.254.169.254/latest' }).end();
        else if (req.url === '/big') res.writeHead(200).end(Buffer.alloc(1024 * 1024, 'x'));
        else if (req.url === '/slow') setTimeout(() => res.writeHead(200).end(), 2_000).unref();
        else res.writeHead(500).end('nope');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });

  const local = new NodeWebhookHttpClient({ allowPrivateAddresses: true });
  const strict = new NodeWebhookHttpClient({ allowPrivateAddresses: false });
  const post = (client: NodeWebhookHttpClient, url: string, timeoutMs = 1_000) =>
    client.post({
      url,
      headers: { 'content-type': 'application/json', 'x-webhook-id': 'E1' },
      body: '{"id":"E1"}',
      timeoutMs,
    });

  it('POSTs the exact body and headers and reports the status and latency', async () => {
    const result = await post(local, `http://127.0.0.1:${port}/ok`);
    expect(result).toEqual({ statusCode: 204, latencyMs: expect.any(Number) });
    expect(seen.at(-1)).toMatchObject({
      url: '/ok',
      body: '{"id":"E1"}',
      headers: { 'x-webhook-id': 'E1', 'content-length': '11' },
    });
  });

  it('reports non-2xx answers and never follows redirects', async () => {
    expect((await post(local, `http://127.0.0.1:${port}/fail`)).statusCode).toBe(500);
    const before = seen.length;
    expect((await post(local, `http://127.0.0.1:${port}/redirect`)).statusCode).toBe(302);
    expect(seen.length).toBe(before + 1);
  });

  it('gives up after the timeout, and names refused connections', async () => {
    expect(await post(local, `http://127.0.0.1:${port}/slow`, 200)).toEqual({
      latencyMs: expect.any(Number),
      error: 'TIMEOUT',
    });
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', () => r()));
    const freePort = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    expect((await post(local, `http://127.0.0.1:${freePort}/`)).error).toBe('CONNECTION_REFUSED');
    expect((await post(local, 'http://no-such-host.invalid/')).error).toBe('DNS_FAILURE');
  });

  it('reads a large response only up to its cap', async () => {
    const small = new NodeWebhookHttpClient({ allowPrivateAddresses: true, maxResponseBytes: 1024 });
    expect((await post(small, `http://127.0.0.1:${port}/big`)).statusCode).toBe(200);
  });

  it('outside the local stack refuses private targets, by address and by what a name resolves to, without connecting', async () => {
    const before = seen.length;
    expect(await post(strict, `http://127.0.0.1:${port}/ok`)).toEqual({
      latencyMs: 0,
      error: 'ADDRESS_NOT_ALLOWED',
    });
    expect(await post(strict, `http://[::1]:${port}/ok`)).toEqual({
      latencyMs: 0,
      error: 'ADDRESS_NOT_ALLOWED',
    });
    expect((await post(strict, `http://localhost:${port}/ok`)).error).toBe('ADDRESS_NOT_ALLOWED');
    expect(seen.length).toBe(before);
  });
});

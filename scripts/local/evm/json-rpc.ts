import http from 'node:http';

/**
 * A minimal JSON-RPC client for node-management calls (readiness polling, `anvil_*` methods).
 * It uses node:http without keep-alive so no pooled socket outlives the call and keeps Jest or a
 * stopping process alive.
 */
export async function jsonRpc<T>(
  rpcUrl: string,
  method: string,
  params: readonly unknown[] = [],
): Promise<T> {
  const body = JSON.stringify({ jsonrpc: '2.0', id: 1, method, params });
  const text = await postJson(rpcUrl, body);
  const reply = JSON.parse(text) as { result?: T; error?: { code: number; message: string } };
  if (reply.error) throw new Error(`${method} failed: ${reply.error.message} (code ${reply.error.code})`);
  return reply.result as T;
}

function postJson(url: string, body: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      url,
      {
        method: 'POST',
        agent: false,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
        timeout: 10_000,
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
        response.on('error', reject);
      },
    );
    request.on('timeout', () => request.destroy(new Error(`JSON-RPC request to ${url} timed out`)));
    request.on('error', reject);
    request.end(body);
  });
}

import { lookup as dnsLookup } from 'node:dns';
import type { LookupAddress, LookupOptions } from 'node:dns';
import { request as httpRequest } from 'node:http';
import type { ClientRequest, IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import { performance } from 'node:perf_hooks';
import { isPublicAddress } from '../../domain/webhooks/webhook-url';
import type { WebhookHttpRequest, WebhookHttpResult, WebhookHttpSender } from '../../ports/webhook-delivery';

export interface WebhookHttpClientOptions {
  /**
   * The local stack delivers to receivers on localhost and private networks; everywhere else every
   * address a host name resolves to is checked, so a public name re-pointed at 169.254.169.254 or
   * 10.0.0.1 (DNS rebinding) is refused at connection time.
   */
  readonly allowPrivateAddresses: boolean;
  /** Response bytes read before the connection is dropped (the body is not used). */
  readonly maxResponseBytes?: number;
}

type LookupCallback = (
  err: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void;

const addressNotAllowed = (): NodeJS.ErrnoException =>
  Object.assign(new Error('The webhook host resolves to a non-public address'), {
    code: 'ADDRESS_NOT_ALLOWED',
  });

/** A `lookup` for http.request that only yields public addresses. */
function publicOnlyLookup(hostname: string, options: LookupOptions, callback: LookupCallback): void {
  dnsLookup(hostname, { ...options, all: true }, (err, addresses) => {
    if (err) return callback(err, []);
    const allowed = addresses.filter((a) => isPublicAddress(a.address));
    if (allowed.length === 0) return callback(addressNotAllowed(), []);
    if (options.all) return callback(null, allowed);
    const first = allowed[0] as LookupAddress;
    return callback(null, first.address, first.family);
  });
}

const TLS_CODES =
  /^(ERR_TLS_|ERR_SSL_|CERT_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT)/;

/** Stable, short reasons for the delivery log (never the raw message, which can carry internals). */
export function classifyNetworkError(e: NodeJS.ErrnoException): string {
  const code = e.code ?? '';
  if (code === 'WEBHOOK_TIMEOUT') return 'TIMEOUT';
  if (code === 'ADDRESS_NOT_ALLOWED') return 'ADDRESS_NOT_ALLOWED';
  if (code === 'ECONNREFUSED') return 'CONNECTION_REFUSED';
  if (code === 'ECONNRESET' || code === 'EPIPE') return 'CONNECTION_RESET';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_NODATA') return 'DNS_FAILURE';
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH') return 'HOST_UNREACHABLE';
  if (TLS_CODES.test(code)) return 'TLS_ERROR';
  return 'NETWORK_ERROR';
}

/**
 * POSTs webhook bodies with node:http(s): one fresh connection per attempt, no redirects followed (a
 * 3xx is a failed attempt), a whole-request timeout, the response body read up to a cap and dropped.
 */
export class NodeWebhookHttpClient implements WebhookHttpSender {
  private readonly maxResponseBytes: number;

  constructor(private readonly options: WebhookHttpClientOptions) {
    this.maxResponseBytes = options.maxResponseBytes ?? 64 * 1024;
  }

  post(request: WebhookHttpRequest): Promise<WebhookHttpResult> {
    const started = performance.now();
    const elapsed = () => Math.max(0, Math.round(performance.now() - started));
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      return Promise.resolve({ latencyMs: 0, error: 'INVALID_URL' });
    }
    const literal = url.hostname.replace(/^\[|\]$/g, '');
    if (!this.options.allowPrivateAddresses && isIP(literal) !== 0 && !isPublicAddress(literal)) {
      return Promise.resolve({ latencyMs: 0, error: 'ADDRESS_NOT_ALLOWED' });
    }

    return new Promise<WebhookHttpResult>((resolve) => {
      let settled = false;
      const settle = (result: WebhookHttpResult) => {
        if (settled) return;
        settled = true;
        resolve(result);
      };
      const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
      let req: ClientRequest;
      try {
        req = send(url, {
          method: 'POST',
          headers: { ...request.headers, 'content-length': String(Buffer.byteLength(request.body, 'utf8')) },
          agent: false,
          ...(this.options.allowPrivateAddresses ? {} : { lookup: publicOnlyLookup as never }),
        });
      } catch (e) {
        settle({ latencyMs: elapsed(), error: classifyNetworkError(e as NodeJS.ErrnoException) });
        return;
      }
      const timer = setTimeout(() => {
        req.destroy(
          Object.assign(new Error(`No response within ${request.timeoutMs} ms`), { code: 'WEBHOOK_TIMEOUT' }),
        );
      }, request.timeoutMs);
      req.on('response', (res: IncomingMessage) => {
        let received = 0;
        res.on('data', (chunk: Buffer) => {
          received += chunk.length;
          if (received > this.maxResponseBytes) res.destroy();
        });
        res.on('error', () => undefined);
        res.on('close', () => {
          clearTimeout(timer);
          settle({ statusCode: res.statusCode, latencyMs: elapsed() });
        });
      });
      req.on('error', (e: NodeJS.ErrnoException) => {
        clearTimeout(timer);
        settle({ latencyMs: elapsed(), error: classifyNetworkError(e) });
      });
      req.end(request.body);
    });
  }
}

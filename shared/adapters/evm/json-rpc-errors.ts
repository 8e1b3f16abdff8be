/**
 * Reading JSON-RPC errors as they reach us through ethers: a JSON-RPC error object on the ethers error
 * (`error` for UNKNOWN_ERROR, `info.error` for UNSUPPORTED_OPERATION), or an HTTP error whose body
 * carries one (some providers answer 400/413/503 with a JSON-RPC error body).
 *
 * Providers word their limits differently; the patterns below cover the ones seen in the wild:
 * geth/erigon ("query returned more than 10000 results", "query timeout exceeded"), Infura (-32005),
 * Alchemy ("Log response size exceeded … this block range should work: [0x…, 0x…]"), QuickNode
 * ("eth_getLogs is limited to a 10,000 range"), BSC nodes ("exceed maximum block range: 5000"), Ankr
 * and Polygon nodes ("block range is too wide").
 */
export interface RpcErrorInfo {
  readonly code: number | undefined;
  readonly message: string;
  readonly httpStatus: number | undefined;
}

export type RpcErrorKind = 'method-unavailable' | 'rate-limited' | 'range-limit' | 'other';

/** JSON-RPC "limit exceeded" (EIP-1474), used for both result/range limits and, by some, rate limits. */
export const LIMIT_EXCEEDED = -32005;
export const METHOD_NOT_FOUND = -32601;

const METHOD_UNAVAILABLE = [
  /method not found/i,
  /the method .* does not exist/i,
  /method .* (is )?not (available|supported|allowed|enabled)/i,
  /unsupported method/i,
  /unauthorized method/i,
  /not whitelisted/i,
  /(is |been )disabled/i,
];
const RATE_LIMITED = [
  /rate limit/i,
  /too many requests/i,
  /request rate/i,
  /exceeded maximum retry limit/i,
  /capacity (limit )?exceeded/i,
  /daily request count/i,
  /compute units/i,
];
const RANGE_LIMIT = [
  /too many (results|logs|blocks)/i,
  /query returned more than/i,
  /range (is )?too (large|wide|big|long)/i,
  /(block|query) range (exceeds|exceeded|limit)/i,
  /exceed(s|ed)? (the )?max(imum)? (block )?range/i,
  /max(imum)? (block )?range/i,
  /response size (exceeded|too (large|big))/i,
  /log response size/i,
  /is limited to/i,
  /limit exceeded/i,
  /query timeout/i,
  /more than \d[\d,]* (results|logs)/i,
];

export function rpcErrorInfo(e: unknown): RpcErrorInfo {
  const err = (e ?? {}) as {
    error?: { code?: unknown; message?: unknown };
    info?: { error?: { code?: unknown; message?: unknown } };
    response?: { statusCode?: unknown; bodyText?: unknown };
    shortMessage?: unknown;
    message?: unknown;
  };
  const rpc = err.error ?? err.info?.error;
  let code = typeof rpc?.code === 'number' ? rpc.code : undefined;
  const messages: string[] = [];
  if (typeof rpc?.message === 'string') messages.push(rpc.message);
  const httpStatus = typeof err.response?.statusCode === 'number' ? err.response.statusCode : undefined;
  const body = httpBody(err.response);
  if (body) {
    code ??= body.code;
    if (body.message) messages.push(body.message);
  }
  if (typeof err.shortMessage === 'string') messages.push(err.shortMessage);
  else if (typeof err.message === 'string') messages.push(err.message);
  return { code, message: messages.join(' | ') || String(e), httpStatus };
}

export function classifyRpcError(e: unknown): RpcErrorKind {
  const { code, message, httpStatus } = rpcErrorInfo(e);
  if (code === METHOD_NOT_FOUND || METHOD_UNAVAILABLE.some((p) => p.test(message)))
    return 'method-unavailable';
  if (httpStatus === 429 || RATE_LIMITED.some((p) => p.test(message))) return 'rate-limited';
  if (code === LIMIT_EXCEEDED || RANGE_LIMIT.some((p) => p.test(message))) return 'range-limit';
  return 'other';
}

/**
 * A block count the provider says it accepts, when its message names one: a suggested range
 * `[0xfrom, 0xto]` (Alchemy), "limited to a 10,000 range", "maximum block range: 5000".
 */
export function suggestedBlockRange(e: unknown): number | undefined {
  const { message } = rpcErrorInfo(e);
  const pair = /\[\s*(0x[0-9a-f]+)\s*,\s*(0x[0-9a-f]+)\s*\]/i.exec(message);
  if (pair) {
    const size = Number.parseInt(pair[2]!, 16) - Number.parseInt(pair[1]!, 16) + 1;
    return size >= 1 ? size : undefined;
  }
  const count =
    /limited to (?:a )?([\d,]+)(?: block)? range/i.exec(message) ??
    /max(?:imum)? block range:?\s*([\d,]+)/i.exec(message) ??
    /range (?:is )?(?:limited|capped) (?:to|at) ([\d,]+)/i.exec(message);
  if (!count) return undefined;
  const size = Number(count[1]!.replace(/,/g, ''));
  return Number.isSafeInteger(size) && size >= 1 ? size : undefined;
}

function httpBody(
  response: { bodyText?: unknown } | undefined,
): { code?: number; message?: string } | undefined {
  if (!response) return undefined;
  let text: unknown;
  try {
    // ethers' bodyText getter throws when the body is not UTF-8.
    text = response.bodyText;
  } catch {
    return undefined;
  }
  if (typeof text !== 'string' || text.length === 0) return undefined;
  try {
    const parsed = JSON.parse(text) as
      { error?: { code?: unknown; message?: unknown } } | { error?: { code?: unknown; message?: unknown } }[];
    const error = (Array.isArray(parsed) ? parsed[0] : parsed)?.error;
    if (!error) return undefined;
    return {
      code: typeof error.code === 'number' ? error.code : undefined,
      message: typeof error.message === 'string' ? error.message : undefined,
    };
  } catch {
    return { message: text.slice(0, 300) };
  }
}

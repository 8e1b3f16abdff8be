/**
 * The console's only way to the API: same-origin calls under /api/console/, cookies sent by the
 * browser (httpOnly session cookies), the CSRF double-submit header on every state-changing call, and
 * one refresh at a time when the 10-minute access token runs out (a refresh token used twice ends
 * the session, so concurrent 401s wait for the same refresh).
 */
export { ApiError } from './api-error';
import type { FieldIssue } from './api-error';
export type { FieldIssue };
import { ApiError } from './api-error';

export const API_BASE = '/api';
const CSRF_COOKIE = 'gw_csrf';
const CSRF_HEADER = 'X-CSRF-Token';
const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** Fired when the session is gone for good (refresh refused): the app shows the sign-in page. */
export const SIGNED_OUT_EVENT = 'console:signed-out';
/** Fired when the server refuses everything until a temporary password is changed (owner reset by the parent partner). */
export const PASSWORD_CHANGE_EVENT = 'console:password-change-required';

function readCookie(name: string): string | undefined {
  for (const part of document.cookie.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return decodeURIComponent(v.join('='));
  }
  return undefined;
}

async function ensureCsrf(): Promise<string> {
  const existing = readCookie(CSRF_COOKIE);
  if (existing) return existing;
  const res = await fetch(`${API_BASE}/console/auth/csrf`, { credentials: 'same-origin' });
  const body = (await res.json()) as { csrfToken: string };
  return readCookie(CSRF_COOKIE) ?? body.csrfToken;
}

let refreshing: Promise<boolean> | null = null;

/** One refresh in flight at a time; every caller waiting on a 401 shares it. */
export function refreshSession(): Promise<boolean> {
  refreshing ??= (async () => {
    try {
      const res = await fetch(`${API_BASE}/console/auth/refresh`, {
        method: 'POST',
        credentials: 'same-origin',
        headers: { [CSRF_HEADER]: await ensureCsrf() },
      });
      return res.ok;
    } catch {
      return false;
    } finally {
      setTimeout(() => (refreshing = null), 0);
    }
  })();
  return refreshing;
}

async function toError(res: Response): Promise<ApiError> {
  let body: {
    error?: {
      code?: string;
      message?: string;
      fields?: FieldIssue[];
      details?: Record<string, unknown>;
      requestId?: string;
    };
  } = {};
  try {
    body = (await res.json()) as typeof body;
  } catch {
    // not JSON (a proxy error page): keep the status
  }
  const e = body.error ?? {};
  return new ApiError(
    res.status,
    e.code ?? `HTTP_${res.status}`,
    e.message ?? res.statusText,
    e.fields ?? [],
    e.details ?? {},
    e.requestId,
  );
}

export interface RequestOptions {
  readonly headers?: Record<string, string>;
  readonly signal?: AbortSignal;
}

export async function request<T>(
  method: string,
  path: string,
  body?: unknown,
  options: RequestOptions = {},
  retried = false,
): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json', ...options.headers };
  if (STATE_CHANGING.has(method)) headers[CSRF_HEADER] = await ensureCsrf();
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(`${API_BASE}${path}`, {
    method,
    headers,
    credentials: 'same-origin',
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  if (res.status === 401 && !retried && !path.startsWith('/console/auth/')) {
    if (await refreshSession()) return request<T>(method, path, body, options, true);
    window.dispatchEvent(new Event(SIGNED_OUT_EVENT));
  }
  if (!res.ok) {
    const error = await toError(res);
    if (error.code === 'PASSWORD_CHANGE_REQUIRED') window.dispatchEvent(new Event(PASSWORD_CHANGE_EVENT));
    throw error;
  }
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

export const api = {
  get: <T>(path: string, options?: RequestOptions) => request<T>('GET', path, undefined, options),
  post: <T>(path: string, body: unknown = {}, options?: RequestOptions) =>
    request<T>('POST', path, body, options),
  put: <T>(path: string, body: unknown, options?: RequestOptions) => request<T>('PUT', path, body, options),
  patch: <T>(path: string, body: unknown, options?: RequestOptions) =>
    request<T>('PATCH', path, body, options),
  del: <T>(path: string, options?: RequestOptions) => request<T>('DELETE', path, undefined, options),
};

/** `?a=1&b=2` from the defined, non-empty values. */
export function qs(params: Readonly<Record<string, string | number | undefined | null>>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params))
    if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}

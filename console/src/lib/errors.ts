import type { TFunction } from 'i18next';
import { ApiError } from '../api/client';
import { formatDateTime } from './format';

/** Times in refusal details (`unlockAt`) read as local date and time. */
function readable(details: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(details).map(([k, v]) => [
      k,
      typeof v === 'string' && /At$/.test(k) && !Number.isNaN(Date.parse(v)) ? formatDateTime(v) : v,
    ]),
  );
}

/** A refusal as a readable sentence in the user's language; the server's message when we have no better one. */
export function errorMessage(e: unknown, t: TFunction): string {
  if (e instanceof ApiError) {
    const key = `errors.${e.code}`;
    const params = { ...readable(e.details), requestId: e.requestId ?? '—' };
    if (e.code === 'VALIDATION_FAILED' && e.fields.length) {
      return `${t(key)} ${e.fields.map((f) => (f.path ? `${f.path}: ${f.message}` : f.message)).join('; ')}`;
    }
    if (e.code === 'INTERNAL') return t('errors.generic', params);
    const translated = t(key, { ...params, defaultValue: '' });
    return translated || e.message;
  }
  if (e instanceof TypeError) return t('errors.network');
  return e instanceof Error ? e.message : String(e);
}

/** Field errors of a VALIDATION_FAILED answer by field path, for form inputs. */
export function fieldErrors(e: unknown): Record<string, string> {
  if (!(e instanceof ApiError)) return {};
  return Object.fromEntries(e.fields.map((f) => [f.path, f.message]));
}

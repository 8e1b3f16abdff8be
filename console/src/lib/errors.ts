import i18next from 'i18next';
import type { TFunction } from 'i18next';
import { ApiError } from '../api/api-error';
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

/** The console's language (i18next's one instance; English before it starts). */
const currentLanguage = (): string => i18next.language || 'en';

/** `ipAllowlist.2` → `ipAllowlist`, `fees.depositFeeRate` → `depositFeeRate`: the key of a field's label. */
export function fieldKey(path: string): string {
  const parts = path.split('.').filter((p) => !/^\d+$/.test(p));
  return parts.at(-1) ?? path;
}

/**
 * A field error in the user's language: the field's label (`fields.<name>`, else the path) and, in
 * English, the server's own precise message; in other languages a translated "not valid" sentence,
 * never the server's English.
 */
export function fieldMessage(
  field: { readonly path: string; readonly message: string },
  t: TFunction,
  language: string,
): { label: string; message: string } {
  const label = field.path ? t(`fields.${fieldKey(field.path)}`, { defaultValue: field.path }) : '';
  const message = language.startsWith('en') ? field.message : t('errors.fieldInvalid');
  return { label, message };
}

/** A refusal as a readable sentence in the user's language; the server's message when we have no better one. */
export function errorMessage(e: unknown, t: TFunction, language = currentLanguage()): string {
  if (e instanceof ApiError) {
    const key = `errors.${e.code}`;
    const params = { ...readable(e.details), requestId: e.requestId ?? '—' };
    if (e.code === 'VALIDATION_FAILED' && e.fields.length) {
      const parts = e.fields.map((f) => {
        const { label, message } = fieldMessage(f, t, language);
        return label ? `${label}: ${message}` : message;
      });
      return `${t(key)} ${parts.join('; ')}`;
    }
    if (e.code === 'INTERNAL') return t('errors.generic', params);
    const translated = t(key, { ...params, defaultValue: '' });
    // An unknown code: the server's words in English, a generic sentence otherwise.
    return translated || (language.startsWith('en') ? e.message : t('errors.generic', params));
  }
  if (e instanceof TypeError) return t('errors.network');
  return e instanceof Error ? e.message : String(e);
}

/** Field errors of a VALIDATION_FAILED answer by field path, for form inputs, in the user's language. */
export function fieldErrors(e: unknown, t: TFunction, language = currentLanguage()): Record<string, string> {
  if (!(e instanceof ApiError)) return {};
  return Object.fromEntries(e.fields.map((f) => [f.path, fieldMessage(f, t, language).message]));
}

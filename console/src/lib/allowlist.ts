import type { TFunction } from 'i18next';

/** The parts of an ApiError this reads (structural, so the rule stays free of the browser client). */
interface Refusal {
  readonly code: string;
  readonly fields: readonly { readonly path: string }[];
}

function isRefusal(e: unknown): e is Refusal {
  return typeof e === 'object' && e !== null && 'code' in e && 'fields' in e && Array.isArray(e.fields);
}

/** An API key's IP allowlist as typed: one entry per line or separated by commas or spaces. */
export function allowlistEntries(text: string): string[] {
  return text.split(/[\s,]+/).filter(Boolean);
}

/**
 * The server's field errors on an allowlist (`ipAllowlist.3`, `ipAllowlist`) as sentences in the user's
 * language naming the entry that is wrong; null when the refusal is not about the list.
 */
export function allowlistFieldError(e: unknown, entries: readonly string[], t: TFunction): string | null {
  if (!isRefusal(e) || e.code !== 'VALIDATION_FAILED') return null;
  const lines = e.fields
    .filter((f) => f.path === 'ipAllowlist' || f.path.startsWith('ipAllowlist.'))
    .map((f) => {
      const index = Number(f.path.split('.')[1]);
      return Number.isInteger(index)
        ? t('screens.apiKeys.notAnIp', { value: entries[index] ?? '' })
        : t('screens.apiKeys.tooMany');
    });
  return lines.length ? [...new Set(lines)].join(' ') : null;
}

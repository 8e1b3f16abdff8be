import { useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from './errors';

/**
 * A form sent by hand (no query cache involved): busy while it runs, the refusal as a readable sentence.
 * `handle(action, onError)` makes a form's submit handler; `onError` runs after a refusal (clear a code).
 */
export function useSubmit(initialError: string | null = null) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(initialError);
  const run = async (action: () => Promise<void>, onError?: () => void) => {
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (err) {
      setError(errorMessage(err, t));
      onError?.();
    } finally {
      setBusy(false);
    }
  };
  const handle = (action: () => Promise<void>, onError?: () => void) => (e: FormEvent) => {
    e.preventDefault();
    void run(action, onError);
  };
  return { busy, error, setError, handle };
}

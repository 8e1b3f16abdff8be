import { Alert, Anchor, Button, PasswordInput, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { api } from '../api/client';
import { errorMessage } from '../lib/errors';
import { PublicFrame } from './PublicFrame';

/** The page the reset email links to: /console/#/reset-password?token=… */
export default function ResetPassword() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const [password, setPassword] = useState('');
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(token ? null : t('reset.missingToken'));
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api.post('/console/auth/password/reset', { token, newPassword: password });
      setDone(true);
    } catch (err) {
      setError(errorMessage(err, t));
    } finally {
      setBusy(false);
    }
  };
  return (
    <PublicFrame title={t('reset.title')}>
      <form onSubmit={(e) => void submit(e)}>
        <Stack>
          {done ? (
            <Alert color="teal" role="status">
              {t('reset.done')}
            </Alert>
          ) : null}
          {error ? (
            <Alert color="red" role="alert">
              {error}
            </Alert>
          ) : null}
          <PasswordInput
            label={t('reset.newPassword')}
            autoComplete="new-password"
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
            required
            disabled={done}
          />
          <Text size="xs" c="dimmed">
            {t('account.passwordRule')}
          </Text>
          <Button type="submit" loading={busy} disabled={!token || !password || done}>
            {t('reset.submit')}
          </Button>
          <Anchor component={Link} to="/sign-in" size="sm" ta="center">
            {t('signIn.back')}
          </Anchor>
        </Stack>
      </form>
    </PublicFrame>
  );
}

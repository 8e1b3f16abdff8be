import { Alert, Anchor, Button, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../api/client';
import { errorMessage } from '../lib/errors';
import { PublicFrame } from './PublicFrame';

export default function ForgotPassword() {
  const { t } = useTranslation();
  const [email, setEmail] = useState('');
  const [sent, setSent] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api.post('/console/auth/password/forgot', { email });
      setSent(true);
    } catch (err) {
      setError(errorMessage(err, t));
    } finally {
      setBusy(false);
    }
  };
  return (
    <PublicFrame title={t('forgot.title')}>
      <form onSubmit={(e) => void submit(e)}>
        <Stack>
          <Text size="sm" c="dimmed">
            {t('forgot.help')}
          </Text>
          {sent ? (
            <Alert color="teal" role="status">
              {t('forgot.sent')}
            </Alert>
          ) : null}
          {error ? (
            <Alert color="red" role="alert">
              {error}
            </Alert>
          ) : null}
          <TextInput
            label={t('signIn.email')}
            type="email"
            autoComplete="username"
            value={email}
            onChange={(e) => setEmail(e.currentTarget.value)}
            required
            autoFocus
          />
          <Button type="submit" loading={busy} disabled={!email}>
            {t('forgot.submit')}
          </Button>
          <Anchor component={Link} to="/sign-in" size="sm" ta="center">
            {t('signIn.back')}
          </Anchor>
        </Stack>
      </form>
    </PublicFrame>
  );
}

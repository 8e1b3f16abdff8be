import { Alert, Anchor, Button, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { api } from '../api/client';
import { ErrorAlert, Loading } from '../components/ui';
import { errorMessage } from '../lib/errors';
import { PublicFrame } from './PublicFrame';

/** The page the invitation email links to: /console/#/accept-invitation?token=… */
export default function AcceptInvitation() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const invitation = useQuery({
    queryKey: ['invitation', token],
    queryFn: () =>
      api.post<{ workspace: string; role: string; email: string; expiresAt: string }>(
        '/console/invitations/inspect',
        { token },
      ),
    enabled: !!token,
    retry: false,
  });
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api.post('/console/invitations/accept', { token, name, password });
      setDone(true);
    } catch (err) {
      setError(errorMessage(err, t));
    } finally {
      setBusy(false);
    }
  };
  return (
    <PublicFrame title={t('invitation.title')}>
      {!token ? (
        <Alert color="red">{t('reset.missingToken')}</Alert>
      ) : invitation.isPending ? (
        <Loading />
      ) : invitation.isError ? (
        <ErrorAlert error={invitation.error} />
      ) : (
        <form onSubmit={(e) => void submit(e)}>
          <Stack>
            <Text size="sm">
              {t('invitation.intro', { workspace: invitation.data.workspace, role: invitation.data.role })}
            </Text>
            <Text size="sm" c="dimmed">
              {invitation.data.email}
            </Text>
            {done ? (
              <Alert color="teal" role="status">
                {t('invitation.done')}
              </Alert>
            ) : null}
            {error ? (
              <Alert color="red" role="alert">
                {error}
              </Alert>
            ) : null}
            <TextInput
              label={t('invitation.name')}
              value={name}
              onChange={(e) => setName(e.currentTarget.value)}
              required
              autoComplete="name"
              disabled={done}
            />
            <PasswordInput
              label={t('invitation.password')}
              value={password}
              onChange={(e) => setPassword(e.currentTarget.value)}
              required
              autoComplete="new-password"
              disabled={done}
            />
            <Text size="xs" c="dimmed">
              {t('account.passwordRule')}
            </Text>
            <Button type="submit" loading={busy} disabled={!name || !password || done}>
              {t('invitation.submit')}
            </Button>
            <Anchor component={Link} to="/sign-in" size="sm" ta="center">
              {t('signIn.back')}
            </Anchor>
          </Stack>
        </form>
      )}
    </PublicFrame>
  );
}

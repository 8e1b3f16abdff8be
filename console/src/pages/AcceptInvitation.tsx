import { Alert, Button, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { api } from '../api/client';
import { FormError, SuccessAlert } from '../components/notices';
import { ErrorAlert, Loading } from '../components/ui';
import { useSubmit } from '../lib/useSubmit';
import { BackToSignIn, PasswordRule, PublicFrame } from './PublicFrame';

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
  const { busy, error, handle } = useSubmit();
  const submit = handle(async () => {
    await api.post('/console/invitations/accept', { token, name, password });
    setDone(true);
  });
  return (
    <PublicFrame title={t('invitation.title')}>
      {!token ? (
        <Alert color="red">{t('reset.missingToken')}</Alert>
      ) : invitation.isPending ? (
        <Loading />
      ) : invitation.isError ? (
        <ErrorAlert error={invitation.error} />
      ) : (
        <form onSubmit={submit}>
          <Stack>
            <Text size="sm">
              {t('invitation.intro', { workspace: invitation.data.workspace, role: invitation.data.role })}
            </Text>
            <Text size="sm" c="dimmed">
              {invitation.data.email}
            </Text>
            {done ? <SuccessAlert>{t('invitation.done')}</SuccessAlert> : null}
            <FormError error={error} />
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
            <PasswordRule />
            <Button type="submit" loading={busy} disabled={!name || !password || done}>
              {t('invitation.submit')}
            </Button>
            <BackToSignIn />
          </Stack>
        </form>
      )}
    </PublicFrame>
  );
}

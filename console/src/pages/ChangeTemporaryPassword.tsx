import { Button, PasswordInput, Stack, Text } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api } from '../api/client';
import { FormError } from '../components/notices';
import { useSubmit } from '../lib/useSubmit';
import { BackToSignIn, PublicFrame } from './PublicFrame';

/**
 * After the parent partner reset this owner's password, the session reaches nothing but this change
 * (the server answers PASSWORD_CHANGE_REQUIRED elsewhere): the temporary password, a new one, then the
 * console.
 */
export default function ChangeTemporaryPassword() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const { busy, error, handle } = useSubmit();
  const submit = handle(async () => {
    await api.post('/console/me/password', { currentPassword: current, newPassword: next });
    queryClient.clear();
    await navigate('/', { replace: true });
  });
  return (
    <PublicFrame title={t('subPartners.passwordChange.title')}>
      <form onSubmit={submit} noValidate>
        <Stack>
          <Text size="sm" c="dimmed">
            {t('subPartners.passwordChange.help')}
          </Text>
          <FormError error={error} />
          <PasswordInput
            label={t('subPartners.passwordChange.current')}
            name="currentPassword"
            autoComplete="current-password"
            value={current}
            onChange={(e) => setCurrent(e.currentTarget.value)}
            required
            autoFocus
          />
          <PasswordInput
            label={t('subPartners.passwordChange.next')}
            name="newPassword"
            autoComplete="new-password"
            description={t('subPartners.passwordChange.nextHelp')}
            value={next}
            onChange={(e) => setNext(e.currentTarget.value)}
            required
          />
          <Button type="submit" loading={busy} disabled={!current || next.length < 8}>
            {t('subPartners.passwordChange.submit')}
          </Button>
          <BackToSignIn />
        </Stack>
      </form>
    </PublicFrame>
  );
}

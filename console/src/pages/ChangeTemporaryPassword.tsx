import { Button, PasswordInput, Stack, Text } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api } from '../api/client';
import { FormError } from '../components/notices';
import { OtpInput } from '../components/ui';
import { useMe } from '../lib/session';
import { useSubmit } from '../lib/useSubmit';
import { BackToSignIn, PublicFrame } from './PublicFrame';

/**
 * After the parent partner reset this owner's password, the session reaches nothing but this change
 * (the server answers PASSWORD_CHANGE_REQUIRED elsewhere): the temporary password, a new one, the 2FA
 * code when the member has 2FA on, then the console.
 */
export default function ChangeTemporaryPassword() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [otp, setOtp] = useState('');
  // A member with 2FA on confirms the change with a code (without 2FA the server lets this one change pass).
  const me = useMe();
  const askOtp = me.data?.user.twoFactorEnabled ?? false;
  const { busy, error, handle } = useSubmit();
  const submit = handle(
    async () => {
      await api.post('/console/me/password', {
        currentPassword: current,
        newPassword: next,
        ...(askOtp ? { otp } : {}),
      });
      queryClient.clear();
      await navigate('/', { replace: true });
    },
    () => setOtp(''),
  );
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
          {askOtp ? <OtpInput value={otp} onChange={setOtp} /> : null}
          <Button
            type="submit"
            loading={busy}
            disabled={!current || next.length < 8 || (askOtp && !/^\d{6}$/.test(otp))}
          >
            {t('subPartners.passwordChange.submit')}
          </Button>
          <BackToSignIn />
        </Stack>
      </form>
    </PublicFrame>
  );
}

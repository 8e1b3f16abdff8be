import { Button, PasswordInput, Stack } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { api } from '../api/client';
import { FormError, SuccessAlert } from '../components/notices';
import { useSubmit } from '../lib/useSubmit';
import { BackToSignIn, PasswordRule, PublicFrame } from './PublicFrame';

/** The page the reset email links to: /console/#/reset-password?token=… */
export default function ResetPassword() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const [password, setPassword] = useState('');
  const [done, setDone] = useState(false);
  const { busy, error, handle } = useSubmit(token ? null : t('reset.missingToken'));
  const submit = handle(async () => {
    await api.post('/console/auth/password/reset', { token, newPassword: password });
    setDone(true);
  });
  return (
    <PublicFrame title={t('reset.title')}>
      <form onSubmit={submit}>
        <Stack>
          {done ? <SuccessAlert>{t('reset.done')}</SuccessAlert> : null}
          <FormError error={error} />
          <PasswordInput
            label={t('reset.newPassword')}
            autoComplete="new-password"
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
            required
            disabled={done}
          />
          <PasswordRule />
          <Button type="submit" loading={busy} disabled={!token || !password || done}>
            {t('reset.submit')}
          </Button>
          <BackToSignIn />
        </Stack>
      </form>
    </PublicFrame>
  );
}

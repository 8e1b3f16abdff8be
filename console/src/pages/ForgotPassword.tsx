import { Button, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import { FormError, SuccessAlert } from '../components/notices';
import { useSubmit } from '../lib/useSubmit';
import { BackToSignIn, EmailInput, PublicFrame } from './PublicFrame';

export default function ForgotPassword() {
  const { t } = useTranslation();
  const [email, setEmail] = useState('');
  const [sent, setSent] = useState(false);
  const { busy, error, handle } = useSubmit();
  const submit = handle(async () => {
    await api.post('/console/auth/password/forgot', { email });
    setSent(true);
  });
  return (
    <PublicFrame title={t('forgot.title')}>
      <form onSubmit={submit}>
        <Stack>
          <Text size="sm" c="dimmed">
            {t('forgot.help')}
          </Text>
          {sent ? <SuccessAlert>{t('forgot.sent')}</SuccessAlert> : null}
          <FormError error={error} />
          <EmailInput value={email} onChange={setEmail} />
          <Button type="submit" loading={busy} disabled={!email}>
            {t('forgot.submit')}
          </Button>
          <BackToSignIn />
        </Stack>
      </form>
    </PublicFrame>
  );
}

import { Anchor, Button, Checkbox, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate } from 'react-router';
import { api } from '../api/client';
import { FormError } from '../components/notices';
import { useSubmit } from '../lib/useSubmit';
import { EmailInput, PublicFrame, PublicLink } from './PublicFrame';

type SignInAnswer =
  | { status: 'SIGNED_IN' | 'PASSWORD_CHANGE_REQUIRED' }
  | { status: 'OTP_REQUIRED'; challengeToken: string; expiresAt: string };

/** Sign in: email and password, "keep me signed in", then the 6-digit code when 2FA is on. */
export default function SignIn() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const location = useLocation();
  const queryClient = useQueryClient();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [rememberMe, setRememberMe] = useState(false);
  const [challenge, setChallenge] = useState<string | null>(null);
  const [code, setCode] = useState('');
  const { busy, error, setError, handle } = useSubmit();
  const otpField = useRef<HTMLInputElement>(null);
  // The code step replaces the form the focus was in: put the focus on the code field, for keyboards
  // and screen readers (autoFocus alone loses it when the old form unmounts).
  useEffect(() => {
    if (challenge) otpField.current?.focus();
  }, [challenge]);

  const done = async (answer?: { status: string }) => {
    queryClient.clear();
    // A temporary password (owner reset by the parent partner) is changed before anything else.
    if (answer?.status === 'PASSWORD_CHANGE_REQUIRED') return void (await navigate('/change-password'));
    const from = (location.state as { from?: string } | null)?.from;
    await navigate(from && from !== '/sign-in' ? from : '/', { replace: true });
  };

  const submit = handle(async () => {
    const answer = await api.post<SignInAnswer>('/console/auth/sign-in', { email, password, rememberMe });
    if (answer.status === 'OTP_REQUIRED') setChallenge(answer.challengeToken);
    else await done(answer);
  });

  const verify = handle(
    async () => {
      await done(
        await api.post<SignInAnswer>('/console/auth/sign-in/otp', {
          challengeToken: challenge,
          code: code.trim(),
        }),
      );
    },
    () => setCode(''),
  );

  if (challenge) {
    return (
      <PublicFrame title={t('signIn.otpTitle')}>
        <form onSubmit={verify} noValidate>
          <Stack>
            <Text size="sm" c="dimmed">
              {t('signIn.otpHelp')}
            </Text>
            <FormError error={error} />
            <TextInput
              label={t('signIn.otp')}
              value={code}
              onChange={(e) => setCode(e.currentTarget.value.replace(/\s/g, ''))}
              inputMode="numeric"
              autoComplete="one-time-code"
              maxLength={20}
              required
              ref={otpField}
              name="otp"
            />
            <Button type="submit" loading={busy} disabled={code.length < 6}>
              {t('signIn.verify')}
            </Button>
            <Anchor
              component="button"
              type="button"
              size="sm"
              onClick={() => {
                setChallenge(null);
                setCode('');
                setError(null);
              }}
            >
              {t('signIn.back')}
            </Anchor>
          </Stack>
        </form>
      </PublicFrame>
    );
  }

  return (
    <PublicFrame title={t('signIn.title')}>
      <form onSubmit={submit} noValidate>
        <Stack>
          <Text size="sm" c="dimmed">
            {t('signIn.subtitle')}
          </Text>
          <FormError error={error} />
          <EmailInput value={email} onChange={setEmail} name="email" />
          <PasswordInput
            label={t('signIn.password')}
            name="password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
            required
          />
          <Checkbox
            label={t('signIn.remember')}
            checked={rememberMe}
            onChange={(e) => setRememberMe(e.currentTarget.checked)}
            name="rememberMe"
          />
          <Button type="submit" loading={busy} disabled={!email || !password}>
            {t('signIn.submit')}
          </Button>
          <PublicLink to="/forgot-password">{t('signIn.forgot')}</PublicLink>
        </Stack>
      </form>
    </PublicFrame>
  );
}

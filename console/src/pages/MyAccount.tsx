import {
  Alert,
  Badge,
  Button,
  Code,
  Group,
  Image,
  Paper,
  PasswordInput,
  SimpleGrid,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import type { Me } from '../api/types';
import { CopyValue, DetailTable, OtpInput, PageTitle, QueryView } from '../components/ui';
import { errorMessage } from '../lib/errors';
import { formatDateTime } from '../lib/format';
import { useMe } from '../lib/session';
import { Sessions } from './account/Sessions';
import { SentTokens } from './account/SentTokens';

function ChangePassword({ me }: { me: Me }) {
  const { t } = useTranslation();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [otp, setOtp] = useState('');
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setMessage(null);
    try {
      await api.post('/console/me/password', {
        currentPassword: current,
        newPassword: next,
        ...(otp ? { otp } : {}),
      });
      setMessage({ ok: true, text: t('account.passwordChanged') });
      setCurrent('');
      setNext('');
    } catch (err) {
      setMessage({ ok: false, text: errorMessage(err, t) });
    } finally {
      setOtp('');
      setBusy(false);
    }
  };
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="password-title">
      <Title order={2} size="h4" mb="sm" id="password-title">
        {t('account.password')}
      </Title>
      <form onSubmit={(e) => void submit(e)}>
        <Stack>
          <PasswordInput
            label={t('account.currentPassword')}
            value={current}
            onChange={(e) => setCurrent(e.currentTarget.value)}
            autoComplete="current-password"
            required
          />
          <PasswordInput
            label={t('account.newPassword')}
            description={t('account.passwordRule')}
            value={next}
            onChange={(e) => setNext(e.currentTarget.value)}
            autoComplete="new-password"
            required
          />
          {me.user.twoFactorEnabled ? <OtpInput value={otp} onChange={setOtp} /> : null}
          {message ? (
            <Alert color={message.ok ? 'teal' : 'red'} role={message.ok ? 'status' : 'alert'}>
              {message.text}
            </Alert>
          ) : null}
          <Group justify="flex-end">
            <Button
              type="submit"
              loading={busy}
              disabled={!current || !next || (me.user.twoFactorEnabled && otp.length !== 6)}
            >
              {t('account.password')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}

interface Setup {
  otpauthUri: string;
  qrCodeDataUrl: string;
  secret: string;
}

function TwoFactor({ me }: { me: Me }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [setup, setSetup] = useState<Setup | null>(null);
  const [code, setCode] = useState('');
  const [recovery, setRecovery] = useState<string[] | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = async (fn: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await fn();
    } catch (err) {
      setError(errorMessage(err, t));
    } finally {
      setCode('');
      setBusy(false);
    }
  };
  const begin = () => run(async () => setSetup(await api.post<Setup>('/console/me/2fa/setup')));
  const enable = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      const r = await api.post<{ recoveryCodes: string[] }>('/console/me/2fa/enable', { code });
      setRecovery(r.recoveryCodes);
      setSetup(null);
      await queryClient.invalidateQueries({ queryKey: ['me'] });
    });
  };
  const disable = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      await api.post('/console/me/2fa/disable', { code });
      await queryClient.invalidateQueries({ queryKey: ['me'] });
    });
  };
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="tfa-title">
      <Group justify="space-between" mb="sm">
        <Title order={2} size="h4" id="tfa-title">
          {t('account.twoFactor')}
        </Title>
        <Badge color={me.user.twoFactorEnabled ? 'teal' : 'orange'} data-testid="two-factor-state">
          {me.user.twoFactorEnabled ? t('account.enabled') : t('account.disabled')}
        </Badge>
      </Group>
      <Stack>
        {error ? (
          <Alert color="red" role="alert">
            {error}
          </Alert>
        ) : null}
        {recovery ? (
          <Alert color="teal" role="status" title={t('account.twoFactorOn')}>
            <Text size="sm" mb="xs">
              {t('account.recoveryCodes')}
            </Text>
            <Code block data-testid="recovery-codes">
              {recovery.join('\n')}
            </Code>
          </Alert>
        ) : null}
        {me.user.twoFactorEnabled ? (
          <form onSubmit={disable}>
            <Stack>
              <OtpInput value={code} onChange={setCode} />
              <Group justify="flex-end">
                <Button type="submit" color="red" variant="light" loading={busy} disabled={code.length !== 6}>
                  {t('account.disable')}
                </Button>
              </Group>
            </Stack>
          </form>
        ) : setup ? (
          <form onSubmit={enable}>
            <Stack>
              <Text size="sm">{t('account.scan')}</Text>
              <Image
                src={setup.qrCodeDataUrl}
                alt={t('account.qrAlt')}
                w={200}
                h={200}
                className="qr-code"
                data-testid="two-factor-qr"
              />
              <Group gap={4}>
                <Text size="sm" c="dimmed">
                  {t('account.manualKey')}:
                </Text>
                <Code data-testid="two-factor-secret">{setup.secret}</Code>
                <CopyValue value={setup.secret} label="secret" />
              </Group>
              <OtpInput value={code} onChange={setCode} autoFocus />
              <Group justify="flex-end">
                <Button type="submit" loading={busy} disabled={code.length !== 6}>
                  {t('account.enable')}
                </Button>
              </Group>
            </Stack>
          </form>
        ) : (
          <Group>
            <Button onClick={() => void begin()} loading={busy}>
              {t('account.setUp')}
            </Button>
          </Group>
        )}
      </Stack>
    </Paper>
  );
}

/** My account: who I am and where, password change, 2FA set-up with a QR code, my sessions and sent links. */
export default function MyAccount() {
  const { t } = useTranslation();
  const me = useMe();
  return (
    <>
      <PageTitle title={t('account.title')} />
      <QueryView query={me}>
        {(m) => (
          <Stack gap="lg">
            <Paper withBorder p="md" component="section" aria-labelledby="info-title">
              <Title order={2} size="h4" mb="sm" id="info-title">
                {t('account.info')}
              </Title>
              <SimpleGrid cols={{ base: 1, md: 2 }}>
                <DetailTable
                  rows={[
                    [t('account.partnerCode'), m.partner.code],
                    [t('account.partnerType'), m.partner.type],
                    [t('account.partnerName'), m.partner.name],
                    [t('account.partnerStatus'), m.partner.status],
                  ]}
                />
                <DetailTable
                  rows={[
                    [t('account.email'), m.user.email],
                    [t('account.name'), m.user.name],
                    [t('account.role'), m.user.role],
                    [t('settings.lastSignIn'), formatDateTime(m.user.lastSignInAt)],
                  ]}
                />
              </SimpleGrid>
            </Paper>
            <SimpleGrid cols={{ base: 1, lg: 2 }}>
              <TwoFactor me={m} />
              <ChangePassword me={m} />
            </SimpleGrid>
            <Sessions />
            <SentTokens />
          </Stack>
        )}
      </QueryView>
    </>
  );
}

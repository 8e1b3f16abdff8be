import { Anchor, Center, Group, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { LanguageSelect } from '../layout/ConsoleLayout';

/** The frame of the pages before sign-in: product mark, language, one card. */
export function PublicFrame({ title, children }: { title: string; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <Center mih="100vh" p="md" bg="gray.0">
      <Stack w={420} maw="100%" gap="md">
        <Group justify="space-between">
          <Group gap={8}>
            <img src="/console/favicon.svg" alt="" width={28} height={28} />
            <div>
              <Text fw={700}>{t('app.product')}</Text>
              <Text size="xs" c="dimmed">
                {t('app.name')}
              </Text>
            </div>
          </Group>
          <LanguageSelect />
        </Group>
        <Paper withBorder shadow="sm" p="xl" radius="md" component="main">
          <Title order={1} size="h3" mb="md">
            {title}
          </Title>
          {children}
        </Paper>
      </Stack>
    </Center>
  );
}

/** A link under a public page's form (back to sign-in, forgot password). */
export function PublicLink({ to, children }: { to: string; children: ReactNode }) {
  return (
    <Anchor component={Link} to={to} size="sm" ta="center">
      {children}
    </Anchor>
  );
}

/** Back to the sign-in page. */
export function BackToSignIn() {
  const { t } = useTranslation();
  return <PublicLink to="/sign-in">{t('signIn.back')}</PublicLink>;
}

/** The password rule under a new-password field. */
export function PasswordRule() {
  const { t } = useTranslation();
  return (
    <Text size="xs" c="dimmed">
      {t('account.passwordRule')}
    </Text>
  );
}

/** The sign-in email field (the browser's saved username), focused on arrival. */
export function EmailInput({
  value,
  onChange,
  name,
}: {
  value: string;
  onChange: (email: string) => void;
  name?: string;
}) {
  const { t } = useTranslation();
  return (
    <TextInput
      label={t('signIn.email')}
      type="email"
      name={name}
      autoComplete="username"
      value={value}
      onChange={(e) => onChange(e.currentTarget.value)}
      required
      autoFocus
    />
  );
}

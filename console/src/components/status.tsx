import { Alert, Button, Center, Group, Loader, Stack, Text } from '@mantine/core';
import { IconAlertCircle, IconInbox } from '@tabler/icons-react';
import type { UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../lib/errors';

/** Loading, error and empty states: small and free of popover code, so the first page load stays light. */
export function ErrorAlert({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useTranslation();
  return (
    <Alert
      color="red"
      icon={<IconAlertCircle size={18} />}
      role="alert"
      title={t('errors.generic', { requestId: '—' }).split('.')[0]}
    >
      <Stack gap="xs">
        <Text size="sm">{errorMessage(error, t)}</Text>
        {onRetry ? (
          <Group>
            <Button size="xs" variant="light" color="red" onClick={onRetry}>
              {t('app.retry')}
            </Button>
          </Group>
        ) : null}
      </Stack>
    </Alert>
  );
}

export function Loading() {
  const { t } = useTranslation();
  return (
    <Center py="xl" role="status" aria-live="polite" data-loading>
      <Group gap="sm">
        <Loader size="sm" />
        <Text c="dimmed">{t('app.loading')}</Text>
      </Group>
    </Center>
  );
}

export function Empty({ message }: { message: string }) {
  return (
    <Center py="xl">
      <Stack align="center" gap={4}>
        <IconInbox size={28} stroke={1.5} color="var(--mantine-color-gray-5)" aria-hidden />
        <Text c="dimmed" size="sm">
          {message}
        </Text>
      </Stack>
    </Center>
  );
}

/** Loading, error (with retry) and empty states around a query's data. */
export function QueryView<T>({
  query,
  isEmpty,
  empty,
  children,
}: {
  query: UseQueryResult<T>;
  isEmpty?: (data: T) => boolean;
  empty?: string;
  children: (data: T) => ReactNode;
}) {
  if (query.isPending) return <Loading />;
  if (query.isError) return <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />;
  if (isEmpty?.(query.data) && empty) return <Empty message={empty} />;
  return <>{children(query.data)}</>;
}

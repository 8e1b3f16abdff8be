import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import type { ButtonProps } from '@mantine/core';
import { useState } from 'react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { RowButton } from './DataTable';

/**
 * A row's destructive action that asks first: the dialog names what will happen ("deposits to it are no
 * longer matched to bob"), the confirm button repeats the action, and the row's button shows progress.
 */
export function ConfirmMutationButton<V>({
  mutation,
  item,
  title,
  message,
  confirmLabel,
  ...button
}: {
  mutation: { mutate: (v: V) => void; isPending: boolean; variables: V | undefined };
  item: V;
  title: string;
  message: string;
  confirmLabel: string;
} & ButtonProps & { children: ReactNode }) {
  const { t } = useTranslation();
  const [asking, setAsking] = useState(false);
  return (
    <>
      <RowButton
        {...button}
        onClick={() => setAsking(true)}
        loading={mutation.isPending && mutation.variables === item}
      />
      <Modal opened={asking} onClose={() => setAsking(false)} title={title} centered>
        <Stack>
          <Text size="sm">{message}</Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setAsking(false)} data-autofocus>
              {t('app.cancel')}
            </Button>
            <Button
              color="red"
              onClick={() => {
                setAsking(false);
                mutation.mutate(item);
              }}
            >
              {confirmLabel}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}

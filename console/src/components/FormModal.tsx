import { Button, Group, Modal, Stack } from '@mantine/core';
import type { ReactNode } from 'react';
import { ErrorAlert } from './status';

/**
 * A small create form in a modal, sent by a mutation: the fields, the mutation's refusal, an optional
 * notice (what was created), and the submit button (after a close button when `closeLabel` is given).
 */
export function FormModal({
  opened,
  onClose,
  title,
  onSubmit,
  mutation,
  submitLabel,
  canSubmit,
  notice,
  closeLabel,
  children,
}: {
  opened: boolean;
  onClose: () => void;
  title: string;
  onSubmit: () => void;
  mutation: { isError: boolean; error: unknown; isPending: boolean };
  submitLabel: string;
  canSubmit: boolean;
  notice?: ReactNode;
  closeLabel?: string;
  children: ReactNode;
}) {
  return (
    <Modal opened={opened} onClose={onClose} title={title} centered>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          onSubmit();
        }}
      >
        <Stack>
          {children}
          {mutation.isError ? <ErrorAlert error={mutation.error} /> : null}
          {notice}
          <Group justify="flex-end">
            {closeLabel ? (
              <Button variant="default" onClick={onClose}>
                {closeLabel}
              </Button>
            ) : null}
            <Button type="submit" loading={mutation.isPending} disabled={!canSubmit}>
              {submitLabel}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

import { Button, Group, Modal, Select, Stack, TextInput } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from './status';

/** Form pieces shared by the pages: the network and address fields, the create-form modal. */

/** The network of a new wallet, reservation or address (BSC when cleared). */
export function NetworkSelect({
  networks,
  value,
  onChange,
}: {
  networks: string[];
  value: string;
  onChange: (network: string) => void;
}) {
  const { t } = useTranslation();
  return (
    <Select
      label={t('deposits.network')}
      data={networks}
      value={value}
      onChange={(v) => onChange(v ?? 'BSC')}
      allowDeselect={false}
    />
  );
}

/** An on-chain address field: monospace, spaces trimmed as typed. */
export function AddressInput({
  label,
  value,
  onChange,
  name,
}: {
  label?: string;
  value: string;
  onChange: (address: string) => void;
  name?: string;
}) {
  const { t } = useTranslation();
  return (
    <TextInput
      label={label ?? t('wallets.address')}
      value={value}
      onChange={(e) => onChange(e.currentTarget.value.trim())}
      required
      ff="monospace"
      name={name}
    />
  );
}

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

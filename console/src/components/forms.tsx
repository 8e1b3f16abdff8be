import { Alert, Button, Group, Modal, Select, Stack, TextInput } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api, qs } from '../api/client';
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

/** What GET /console/withdrawal-address-check says about a destination. */
interface DestinationCheck {
  address: string;
  contract: boolean | null;
  refused?: { reason: string; message: string };
}

/** A complete-looking address for the network (the server checks it properly). */
function looksComplete(network: string, address: string): boolean {
  return network === 'TRON'
    ? /^T[1-9A-HJ-NP-Za-km-z]{33}$/.test(address)
    : /^0x[0-9a-fA-F]{40}$/.test(address);
}

/**
 * A withdrawal destination: the address field, then what the server says about it once it looks
 * complete: refused (it burns money: zero address, token contract, gas tank…) in red, or a contract
 * (EVM, eth_getCode) as a warning: some contracts cannot move tokens sent to them.
 */
export function DestinationAddressInput({
  network,
  label,
  value,
  onChange,
  name,
}: {
  network: string;
  label?: string;
  value: string;
  onChange: (address: string) => void;
  name?: string;
}) {
  const { t } = useTranslation();
  const complete = looksComplete(network, value);
  const check = useQuery({
    queryKey: ['destination-check', network, value],
    queryFn: () =>
      api.get<{ check: DestinationCheck }>(
        `/console/withdrawal-address-check${qs({ network, address: value })}`,
      ),
    enabled: complete,
    retry: false,
    staleTime: 60_000,
  });
  const result = complete ? check.data?.check : undefined;
  const invalid = complete && check.error instanceof ApiError ? check.error.message : undefined;
  return (
    <>
      <TextInput
        label={label ?? t('wallets.address')}
        value={value}
        onChange={(e) => onChange(e.currentTarget.value.trim())}
        required
        ff="monospace"
        name={name}
        error={
          result?.refused ? t('withdrawals.destinationRefused', { message: result.refused.message }) : invalid
        }
      />
      {result && !result.refused && result.contract ? (
        <Alert color="yellow" data-testid="destination-contract-warning">
          {t('withdrawals.destinationIsContract')}
        </Alert>
      ) : null}
    </>
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

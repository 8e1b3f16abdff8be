import { Select, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';

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

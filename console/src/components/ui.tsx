import {
  ActionIcon,
  Anchor,
  Badge,
  Button,
  CopyButton,
  Group,
  Table,
  Text,
  TextInput,
  Title,
  Tooltip,
} from '@mantine/core';
import { IconCheck, IconCopy, IconExternalLink } from '@tabler/icons-react';
import type { KeyboardEvent, ReactNode } from 'react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { shortHash } from '../lib/format';
import { formatToken, formatTokenExact, tokenDecimals } from '../lib/money';

export { Empty, ErrorAlert, Loading, QueryView } from './status';

const STATUS_COLORS: Record<string, string> = {
  DETECTED: 'gray',
  CONFIRMING: 'yellow',
  CONFIRMED: 'blue',
  COLLECTING: 'cyan',
  COLLECTED: 'teal',
  SETTLED: 'green',
  FAILED: 'red',
  REQUESTED: 'gray',
  PENDING_APPROVAL: 'orange',
  APPROVED: 'blue',
  PROCESSING: 'cyan',
  BROADCASTING: 'indigo',
  REJECTED: 'red',
  CANCELLED: 'dark',
  ACTIVE: 'green',
  RELEASED: 'gray',
  REVOKED: 'gray',
  DEACTIVATED: 'gray',
  PENDING: 'yellow',
  DELIVERED: 'green',
  SUCCESS: 'green',
  DENIED: 'red',
  EXPIRED: 'gray',
  ACCEPTED: 'green',
  NONE: 'gray',
};

/** A status with its display name from the status flow, colour-coded; the code stays readable to tests and tooltips. */
export function StatusBadge({ status }: { status: string }) {
  const { t } = useTranslation();
  return (
    <Badge
      color={STATUS_COLORS[status] ?? 'gray'}
      variant="light"
      data-status={status}
      title={status}
      style={{ minWidth: 'max-content' }}
    >
      {t(`status.${status}`, { defaultValue: status })}
    </Badge>
  );
}

/** The page's heading with its buttons (`children`), and a line of help under it when given. */
export function PageTitle({ title, help, children }: { title: string; help?: string; children?: ReactNode }) {
  const heading = (
    <Group justify="space-between" mb="md" wrap="wrap">
      <Title order={1} size="h2">
        {title}
      </Title>
      {children ? <Group gap="xs">{children}</Group> : null}
    </Group>
  );
  if (!help) return heading;
  return (
    <>
      {heading}
      <Text size="sm" c="dimmed" mb="md">
        {help}
      </Text>
    </>
  );
}

export function CopyValue({ value, label }: { value: string; label?: string }) {
  const { t } = useTranslation();
  return (
    <CopyButton value={value} timeout={1500}>
      {({ copied, copy }) => (
        <Tooltip label={copied ? t('app.copied') : t('app.copy')} withArrow>
          <ActionIcon
            variant="subtle"
            color={copied ? 'teal' : 'gray'}
            onClick={copy}
            aria-label={`${t('app.copy')} ${label ?? ''}`.trim()}
            size="sm"
          >
            {copied ? <IconCheck size={14} /> : <IconCopy size={14} />}
          </ActionIcon>
        </Tooltip>
      )}
    </CopyButton>
  );
}

/** A transaction hash: linked to the network's explorer when there is one, shown (and copyable) either way. */
export function TxHash({
  hash,
  url,
  full,
}: {
  hash: string | null | undefined;
  url?: string | null;
  full?: boolean;
}) {
  if (!hash)
    return (
      <Text span c="dimmed">
        —
      </Text>
    );
  const text = full ? hash : shortHash(hash);
  return (
    <Group gap={4} wrap="nowrap" data-tx-hash={hash}>
      {url ? (
        <Anchor
          href={url}
          target="_blank"
          rel="noopener noreferrer"
          ff="monospace"
          size="sm"
          onClick={(e) => e.stopPropagation()}
        >
          {text} <IconExternalLink size={12} aria-hidden />
        </Anchor>
      ) : (
        <Text span ff="monospace" size="sm" title={hash} style={{ wordBreak: 'break-all' }}>
          {text}
        </Text>
      )}
      <CopyValue value={hash} label="hash" />
    </Group>
  );
}

export function Mono({ children }: { children: ReactNode }) {
  return (
    <Text span ff="monospace" size="sm" style={{ wordBreak: 'break-all' }}>
      {children}
    </Text>
  );
}

/** An amount with its token, at the token's precision. */
export function TokenAmount({
  amount,
  token,
  network,
  decimals,
}: {
  amount: string | null | undefined;
  token: string;
  network?: string;
  decimals?: number;
}) {
  const d = decimals ?? (network ? tokenDecimals(network, token) : 6);
  // The exact amount on hover and for screen readers; copying the text copies what is shown.
  const exact = `${formatTokenExact(amount, d)} ${token}`;
  return (
    <Text span size="sm" ff="monospace" style={{ whiteSpace: 'nowrap' }} title={exact} data-exact={exact}>
      {formatToken(amount, d)} {token}
    </Text>
  );
}

/** Label / value rows for detail panels. */
export function DetailTable({ rows }: { rows: readonly (readonly [string, ReactNode])[] }) {
  return (
    <Table withRowBorders={false} verticalSpacing={6} layout="fixed">
      <Table.Tbody>
        {rows.map(([label, value]) => (
          <Table.Tr key={label}>
            <Table.Th w="38%" fw={500} c="dimmed" style={{ verticalAlign: 'top' }}>
              {label}
            </Table.Th>
            <Table.Td style={{ wordBreak: 'break-word' }}>{value}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

/** The 6-digit OTP input: numeric keyboard, one-time-code autofill. */
export function OtpInput({
  value,
  onChange,
  label,
  error,
  autoFocus,
}: {
  value: string;
  onChange: (v: string) => void;
  label?: string;
  error?: string | undefined;
  autoFocus?: boolean;
}) {
  const { t } = useTranslation();
  return (
    <TextInput
      label={label ?? t('withdrawals.otp')}
      value={value}
      onChange={(e) => onChange(e.currentTarget.value.replace(/\s/g, ''))}
      inputMode="numeric"
      autoComplete="one-time-code"
      maxLength={6}
      pattern="[0-9]{6}"
      placeholder="123456"
      required
      error={error}
      autoFocus={autoFocus}
      // Mantine's modals move the focus to the element marked data-autofocus when they open.
      data-autofocus={autoFocus ? true : undefined}
      name="otp"
    />
  );
}

/** Cursor pagination: a stack of the cursors that led to each page. */
export function useCursorPager() {
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const page = cursors.length;
  return {
    cursor: cursors[cursors.length - 1],
    page,
    next: (cursor: string) => setCursors((c) => [...c, cursor]),
    prev: () => setCursors((c) => (c.length > 1 ? c.slice(0, -1) : c)),
    reset: () => setCursors([undefined]),
  };
}

export function Pager({
  page,
  nextCursor,
  onNext,
  onPrev,
}: {
  page: number;
  nextCursor?: string | undefined;
  onNext: (cursor: string) => void;
  onPrev: () => void;
}) {
  const { t } = useTranslation();
  return (
    <Group justify="flex-end" mt="sm" gap="xs" aria-label="pagination" role="navigation">
      <Button variant="default" size="xs" disabled={page <= 1} onClick={onPrev}>
        {t('app.previous')}
      </Button>
      <Text size="sm" c="dimmed">
        {t('app.page', { page })}
      </Text>
      <Button
        variant="default"
        size="xs"
        disabled={!nextCursor}
        onClick={() => nextCursor && onNext(nextCursor)}
      >
        {t('app.next')}
      </Button>
    </Group>
  );
}

/** Table rows that open a detail panel: clickable and reachable with the keyboard (Enter / Space). */
export function rowProps(onOpen: () => void, label: string) {
  return {
    tabIndex: 0,
    role: 'button',
    'aria-label': label,
    style: { cursor: 'pointer' },
    onClick: onOpen,
    onKeyDown: (e: KeyboardEvent) => {
      if (e.key === 'Enter' || e.key === ' ') {
        e.preventDefault();
        onOpen();
      }
    },
  };
}

import { Button, Drawer, Group, Paper, Text, TextInput } from '@mantine/core';
import type { TFunction } from 'i18next';
import type { ChangeEvent, FormEvent, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Paged, PagedQuery } from '../lib/queries';
import { Pager, QueryView } from './ui';

/** A paginated list's page: loading, error and empty states, the rows (`children`), and the pager below. */
export function PagedList<D extends Paged>({
  paged,
  isEmpty,
  empty,
  children,
}: {
  paged: PagedQuery<D>;
  isEmpty: (data: D) => boolean;
  empty: string;
  children: (data: D) => ReactNode;
}) {
  const { pager } = paged;
  // A filtered page may come back short or empty with a cursor (the server bounds its reads): only a
  // page without a cursor is the end, so an empty one with a cursor keeps its pager.
  return (
    <QueryView query={paged.query} isEmpty={(d) => isEmpty(d) && !d.nextCursor} empty={empty}>
      {(d) => (
        <>
          {children(d)}
          <Pager page={pager.page} nextCursor={d.nextCursor} onNext={pager.next} onPrev={pager.prev} />
        </>
      )}
    </QueryView>
  );
}

/** The filter form above a history list: the filter fields, then Search and Reset. */
export function FilterBar({
  onSubmit,
  onReset,
  label,
  children,
}: {
  onSubmit: (e: FormEvent) => void;
  onReset: () => void;
  label?: string;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <Paper withBorder p="sm" mb="md" component="form" onSubmit={onSubmit} aria-label={label}>
      <Group align="flex-end" gap="sm" wrap="wrap">
        {children}
        <Button type="submit">{t('app.search')}</Button>
        <Button variant="default" onClick={onReset}>
          {t('app.reset')}
        </Button>
      </Group>
    </Paper>
  );
}

/** The From / To date fields of a filter bar. */
export function DateRangeFields({
  from,
  to,
}: {
  from: { value: string; onChange: (e: ChangeEvent<HTMLInputElement>) => void };
  to: { value: string; onChange: (e: ChangeEvent<HTMLInputElement>) => void };
}) {
  const { t } = useTranslation();
  return (
    <>
      <TextInput type="date" label={t('deposits.from')} {...from} />
      <TextInput type="date" label={t('deposits.to')} {...to} />
    </>
  );
}

/** A filter's choices: "All" (no filter), then each value with its translated name (`<prefix>.<value>`). */
export function allOptions(t: TFunction, values: readonly string[], prefix: string) {
  return [
    { value: '', label: t('app.all') },
    ...values.map((v) => ({ value: v, label: t(`${prefix}.${v}`) })),
  ];
}

/** The detail panel of a list's row, from the right. */
export function DetailDrawer({
  opened,
  onClose,
  title,
  children,
}: {
  opened: boolean;
  onClose: () => void;
  title: string;
  children: ReactNode;
}) {
  return (
    <Drawer
      opened={opened}
      onClose={onClose}
      position="right"
      size="lg"
      title={<Text fw={700}>{title}</Text>}
    >
      {children}
    </Drawer>
  );
}

import { Button, ScrollArea, Table, Title, Group } from '@mantine/core';
import type { ButtonProps, TableProps } from '@mantine/core';
import type { ComponentPropsWithoutRef, ReactNode } from 'react';

/** One column of a {@link DataTable}: its header, its cell per row, right-aligned (amounts) or unwrapped (times). */
export interface Column<T> {
  /** Absent for an actions column (an empty header cell). */
  readonly header?: ReactNode;
  readonly cell: (row: T) => ReactNode;
  readonly right?: boolean;
  readonly nowrap?: boolean;
}

type RowAttributes = ComponentPropsWithoutRef<'tr'> & { readonly [data: `data-${string}`]: string };

/**
 * A striped table of rows by column. With a minimum width (`miw`) it scrolls sideways inside a ScrollArea
 * on narrow screens; `rowAttrs` adds test ids and the clickable-row props ({@link rowProps}) to each row.
 */
export function DataTable<T>({
  rows,
  columns,
  rowKey,
  rowAttrs,
  ...table
}: {
  rows: readonly T[];
  columns: readonly Column<T>[];
  rowKey: (row: T) => string;
  rowAttrs?: (row: T) => RowAttributes;
} & TableProps & { 'data-testid'?: string }) {
  const content = (
    <Table striped {...table}>
      <Table.Thead>
        <Table.Tr>
          {columns.map((c, i) => (
            <Table.Th key={i} ta={c.right ? 'right' : undefined}>
              {c.header}
            </Table.Th>
          ))}
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {rows.map((row) => (
          <Table.Tr key={rowKey(row)} {...rowAttrs?.(row)}>
            {columns.map((c, i) => (
              <Table.Td
                key={i}
                ta={c.right ? 'right' : undefined}
                style={c.nowrap ? { whiteSpace: 'nowrap' } : undefined}
              >
                {c.cell(row)}
              </Table.Td>
            ))}
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
  return table.miw !== undefined ? <ScrollArea>{content}</ScrollArea> : content;
}

/** The small light button of a table row's action (release, remove, revoke, resend…). */
export function RowButton(props: ButtonProps & { onClick: () => void; children: ReactNode }) {
  return <Button size="xs" variant="light" {...props} />;
}

/** A row's action that runs a mutation on that row, showing its progress on that row's button only. */
export function MutationButton<V>({
  mutation,
  item,
  ...button
}: {
  mutation: { mutate: (v: V) => void; isPending: boolean; variables: V | undefined };
  item: V;
} & ButtonProps & { children: ReactNode }) {
  return (
    <RowButton
      {...button}
      onClick={() => mutation.mutate(item)}
      loading={mutation.isPending && mutation.variables === item}
    />
  );
}

/**
 * A section heading inside a page (settings tabs). A section with `actions` (even `null`, when the member
 * may not use them) keeps a row for them on the right.
 */
export function SectionTitle({ title, actions }: { title: string; actions?: ReactNode }) {
  const heading = (
    <Title order={2} size="h4">
      {title}
    </Title>
  );
  if (actions === undefined) return heading;
  return (
    <Group justify="space-between">
      {heading}
      {actions}
    </Group>
  );
}

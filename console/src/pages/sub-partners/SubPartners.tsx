import {
  ActionIcon,
  Anchor,
  Button,
  Group,
  Paper,
  SegmentedControl,
  Select,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { IconChevronDown, IconChevronRight, IconPlus } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate, useSearchParams } from 'react-router';
import { api, qs } from '../../api/client';
import type { SubPartnerTreeNode, SubPartnerView } from '../../api/types';
import { DataTable } from '../../components/DataTable';
import { FilterBar, PagedList, allOptions } from '../../components/PagedList';
import { SuccessAlert } from '../../components/notices';
import { Mono, PageTitle, QueryView, rowProps } from '../../components/ui';
import { formatDate } from '../../lib/format';
import { formatRate } from '../../lib/fees';
import { useFilteredPagedQuery } from '../../lib/queries';
import { can, useMe } from '../../lib/session';
import {
  PartnerStatus,
  SUB_PARTNER_STATUSES,
  SUB_PARTNER_TYPES,
  SubPartnersGate,
  TypeBadge,
  detailPath,
} from './common';
import { RegisterSubPartnerModal } from './RegisterSubPartner';
import type { Registered } from './RegisterSubPartner';

type Filters = { status: string; type: string; q: string };
const NO_FILTERS: Filters = { status: '', type: '', q: '' };

/** Direct sub-partners, filtered, a page at a time; a row opens the detail page. */
function SubPartnerList() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const list = useFilteredPagedQuery<Filters, { items: SubPartnerView[]; nextCursor?: string }>(
    'sub-partners',
    NO_FILTERS,
    (f, cursor) =>
      `/console/sub-partners${qs({ status: f.status, type: f.type, q: f.q.trim(), cursor, limit: 20 })}`,
  );
  const filtered = !!(list.select('status').value || list.select('type').value || list.text('q').value);
  return (
    <>
      <FilterBar {...list.filterBar} label={t('app.search')}>
        <Select
          label={t('subPartners.filters.status')}
          data={allOptions(t, SUB_PARTNER_STATUSES, 'status')}
          {...list.select('status')}
          w={150}
        />
        <Select
          label={t('subPartners.filters.type')}
          data={allOptions(t, SUB_PARTNER_TYPES, 'subPartners.type')}
          {...list.select('type')}
          w={150}
        />
        <TextInput label={t('subPartners.filters.q')} {...list.text('q')} w={220} />
      </FilterBar>
      <PagedList
        paged={list}
        isEmpty={(d) => d.items.length === 0}
        empty={t(filtered ? 'subPartners.emptyFiltered' : 'subPartners.empty')}
      >
        {(d) => (
          <DataTable
            highlightOnHover
            miw={1000}
            data-testid="sub-partners-table"
            rows={d.items}
            rowKey={(p) => p.code}
            rowAttrs={(p) => ({
              'data-code': p.code,
              ...rowProps(() => void navigate(detailPath(p.code)), t('subPartners.open', { code: p.code })),
            })}
            columns={[
              { header: t('subPartners.col.code'), cell: (p) => <Mono>{p.code}</Mono> },
              { header: t('subPartners.col.name'), cell: (p) => p.name },
              { header: t('subPartners.col.type'), cell: (p) => <TypeBadge type={p.type} /> },
              {
                header: t('subPartners.col.status'),
                cell: (p) => <PartnerStatus status={p.status} accessSuspended={p.accessSuspended} />,
              },
              {
                header: t('subPartners.col.depositFeeRate'),
                cell: (p) => formatRate(p.fees.depositFeeRate),
                right: true,
                nowrap: true,
              },
              {
                header: t('subPartners.col.parentFeeRate'),
                cell: (p) => formatRate(p.fees.parentFeeRate),
                right: true,
                nowrap: true,
              },
              {
                header: t('subPartners.col.maxFeeCap'),
                cell: (p) => formatRate(p.fees.maxFeeCap),
                right: true,
                nowrap: true,
              },
              {
                header: t('subPartners.col.minFeeRate'),
                cell: (p) => formatRate(p.fees.minFeeRate),
                right: true,
                nowrap: true,
              },
              { header: t('subPartners.col.children'), cell: (p) => String(p.childCount), right: true },
              { header: t('subPartners.col.created'), cell: (p) => formatDate(p.createdAt), nowrap: true },
            ]}
          />
        )}
      </PagedList>
    </>
  );
}

/** One node of the tree and, when expanded, its children (the first two levels open at first). */
function TreeNode({ node, level, isRoot }: { node: SubPartnerTreeNode; level: number; isRoot?: boolean }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(level < 2);
  const hasChildren = node.children.length > 0;
  return (
    <li
      role="treeitem"
      aria-expanded={hasChildren ? open : undefined}
      aria-level={level + 1}
      data-code={node.code}
    >
      <Group gap={6} wrap="nowrap" py={4} align="flex-start">
        {hasChildren ? (
          <ActionIcon
            variant="subtle"
            color="gray"
            size="sm"
            onClick={() => setOpen((o) => !o)}
            aria-label={t(open ? 'subPartners.tree.collapse' : 'subPartners.tree.expand', {
              code: node.code,
            })}
          >
            {open ? <IconChevronDown size={14} /> : <IconChevronRight size={14} />}
          </ActionIcon>
        ) : (
          <span style={{ width: 22, flex: 'none' }} />
        )}
        <Group gap={6} wrap="wrap" style={{ minWidth: 0 }}>
          {isRoot ? (
            <Text fw={600}>
              {node.name} · {t('subPartners.tree.you')}
            </Text>
          ) : (
            <Anchor component={Link} to={detailPath(node.code)} fw={500}>
              {node.name}
            </Anchor>
          )}
          <Text span size="sm" ff="monospace" c="dimmed">
            {node.code}
          </Text>
          {isRoot ? null : <TypeBadge type={node.type} />}
          {isRoot ? null : <PartnerStatus status={node.status} accessSuspended={node.accessSuspended} />}
          {node.type !== 'MERCHANT' ? (
            <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
              {t('subPartners.tree.counts', { children: node.childCount, descendants: node.descendantCount })}
            </Text>
          ) : null}
        </Group>
      </Group>
      {hasChildren && open ? (
        <ul role="group" style={{ listStyle: 'none', margin: 0, paddingLeft: 22 }}>
          {node.children.map((c) => (
            <TreeNode key={c.code} node={c} level={level + 1} />
          ))}
        </ul>
      ) : null}
    </li>
  );
}

/** The caller's whole subtree (≤ 5 distributor levels), expandable, with counts and status badges. */
function SubPartnerTree() {
  const { t } = useTranslation();
  const tree = useQuery({
    queryKey: ['sub-partner-tree'],
    queryFn: () => api.get<{ tree: SubPartnerTreeNode; truncated?: boolean }>('/console/sub-partners/tree'),
  });
  return (
    <QueryView query={tree}>
      {(d) => (
        <Paper withBorder p="md" style={{ overflowX: 'auto' }}>
          <ul
            role="tree"
            aria-label={t('subPartners.view.tree')}
            style={{ listStyle: 'none', margin: 0, padding: 0 }}
            data-testid="sub-partner-tree"
          >
            <TreeNode node={d.tree} level={0} isRoot />
          </ul>
          {d.truncated ? (
            <Text c="dimmed" size="sm" mt="sm">
              {t('subPartners.tree.truncated')}
            </Text>
          ) : null}
          {d.tree.children.length === 0 ? (
            <Text c="dimmed" size="sm" mt="sm">
              {t('subPartners.tree.empty')}
            </Text>
          ) : null}
        </Paper>
      )}
    </QueryView>
  );
}

/** Sub-partners (seed 000 §7.2): list or tree, and the register form for members who may manage. */
export default function SubPartners() {
  const { t } = useTranslation();
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const view = params.get('view') === 'tree' ? 'tree' : 'list';
  const [registering, setRegistering] = useState(false);
  const [registered, setRegistered] = useState<Registered | null>(null);
  // The detail page comes back here after a delete, naming what it deleted.
  const deleted = (useLocation().state as { deleted?: string } | null)?.deleted;
  const manage = can(me.data, 'subpartner:manage');
  return (
    <SubPartnersGate title={t('subPartners.title')}>
      <PageTitle title={t('subPartners.title')} help={t('subPartners.help')}>
        <SegmentedControl
          aria-label={`${t('subPartners.view.list')} / ${t('subPartners.view.tree')}`}
          value={view}
          onChange={(v) => setParams(v === 'tree' ? { view: 'tree' } : {})}
          data={[
            { value: 'list', label: t('subPartners.view.list') },
            { value: 'tree', label: t('subPartners.view.tree') },
          ]}
        />
        {manage ? (
          <Button
            leftSection={<IconPlus size={16} />}
            onClick={() => setRegistering(true)}
            data-testid="register-sub-partner-button"
          >
            {t('subPartners.register.button')}
          </Button>
        ) : null}
      </PageTitle>
      <Stack gap="md">
        {registered ? (
          <SuccessAlert data-testid="sub-partner-created" withCloseButton onClose={() => setRegistered(null)}>
            <Group gap="xs" wrap="wrap">
              <Text size="sm">
                {t('subPartners.register.created', {
                  code: registered.subPartner.code,
                  name: registered.subPartner.name,
                  email: registered.owner.email,
                })}
              </Text>
              <Anchor component={Link} to={detailPath(registered.subPartner.code)} size="sm">
                {t('subPartners.register.openDetail', { code: registered.subPartner.code })}
              </Anchor>
            </Group>
          </SuccessAlert>
        ) : null}
        {deleted ? (
          <SuccessAlert data-testid="sub-partner-deleted">
            {t('subPartners.actions.deleted', { code: deleted })}
          </SuccessAlert>
        ) : null}
        {view === 'tree' ? <SubPartnerTree /> : <SubPartnerList />}
      </Stack>
      {manage ? (
        <RegisterSubPartnerModal
          opened={registering}
          onClose={() => setRegistering(false)}
          onRegistered={(r) => setRegistered(r)}
        />
      ) : null}
    </SubPartnersGate>
  );
}

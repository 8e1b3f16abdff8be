import { Alert, AppShell, Burger, Button, Group, NativeSelect, NavLink, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import {
  IconAlertTriangle,
  IconArrowsExchange,
  IconCoin,
  IconGasStation,
  IconLayoutDashboard,
  IconLock,
  IconLogout,
  IconReceipt,
  IconSitemap,
  IconSettings,
  IconUser,
  IconWallet,
} from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, NavLink as RouterNavLink, useLocation, useNavigate } from 'react-router';
import { api } from '../api/client';
import type { Me } from '../api/types';
import { LANGUAGES } from '../i18n';
import { formatDateTime } from '../lib/format';
import { can, seesSubPartners } from '../lib/session';

interface NavItem {
  readonly to: string;
  readonly label: string;
}

function NavGroup({ label, icon, items }: { label: string; icon: ReactNode; items: readonly NavItem[] }) {
  const location = useLocation();
  const active = items.some(
    (i) => location.pathname === i.to || (i.to !== '/' && location.pathname.startsWith(`${i.to}/`)),
  );
  return (
    <NavLink label={label} leftSection={icon} defaultOpened={active} childrenOffset={28}>
      {items.map((i) => (
        <NavLink
          key={i.to}
          component={RouterNavLink}
          to={i.to}
          end
          label={i.label}
          active={location.pathname === i.to}
        />
      ))}
    </NavLink>
  );
}

export function LanguageSelect() {
  const { t, i18n } = useTranslation();
  return (
    // A native select: keyboard and screen-reader behaviour for free, and no popover code on the first load.
    <NativeSelect
      aria-label={t('app.language')}
      data={LANGUAGES.map((l) => ({ value: l.value, label: l.label }))}
      value={i18n.language.startsWith('ko') ? 'ko' : 'en'}
      onChange={(e) => void i18n.changeLanguage(e.currentTarget.value)}
      w={120}
      size="xs"
    />
  );
}

/** The signed-in shell: navigation by the guide's sections, language, account menu, and the security banners. */
export function ConsoleLayout({ me, children }: { me: Me; children: ReactNode }) {
  const { t } = useTranslation();
  const [opened, { toggle, close }] = useDisclosure();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const location = useLocation();

  const signOut = async () => {
    try {
      await api.post('/console/auth/sign-out');
    } finally {
      queryClient.clear();
      void navigate('/sign-in', { replace: true });
    }
  };

  return (
    <AppShell
      header={{ height: 56 }}
      navbar={{ width: 250, breakpoint: 'sm', collapsed: { mobile: !opened } }}
      padding="md"
    >
      <a
        className="skip-link"
        href={`#${location.pathname}`}
        onClick={(e) => {
          e.preventDefault();
          document.getElementById('main')?.focus();
        }}
      >
        {t('app.skip')}
      </a>
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label="Navigation" />
            <Link
              to="/"
              style={{
                display: 'flex',
                alignItems: 'center',
                gap: 8,
                textDecoration: 'none',
                color: 'inherit',
              }}
            >
              <img src="/console/favicon.svg" alt="" width={26} height={26} />
              <Text fw={700}>{t('app.product')}</Text>
              <Text c="dimmed" size="sm" visibleFrom="sm">
                {t('app.name')}
              </Text>
            </Link>
          </Group>
          <Group gap="sm" wrap="nowrap">
            <LanguageSelect />
            <Group gap={6} wrap="nowrap" data-testid="user-menu">
              <IconUser size={18} aria-hidden />
              <Text
                size="sm"
                visibleFrom="xs"
                component={Link}
                to="/account"
                c="inherit"
                td="none"
                aria-label={`${t('app.myAccount')}: ${me.user.email}`}
              >
                {me.user.email}
              </Text>
              <Text size="xs" c="dimmed" visibleFrom="sm">
                {me.partner.code} · {me.user.role}
              </Text>
            </Group>
            <Button
              variant="subtle"
              size="xs"
              color="gray"
              leftSection={<IconLogout size={16} />}
              onClick={() => void signOut()}
            >
              {t('app.signOut')}
            </Button>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label="Main">
        <AppShell.Section grow component="div" onClick={close} style={{ overflowY: 'auto' }}>
          <NavLink
            component={RouterNavLink}
            to="/"
            end
            label={t('nav.dashboard')}
            leftSection={<IconLayoutDashboard size={18} />}
          />
          <NavGroup
            label={t('nav.deposits')}
            icon={<IconCoin size={18} />}
            items={[
              { to: '/deposits', label: t('nav.depositHistory') },
              { to: '/deposits/reservations', label: t('nav.reservations') },
            ]}
          />
          <NavGroup
            label={t('nav.withdrawals')}
            icon={<IconArrowsExchange size={18} />}
            items={[
              { to: '/withdrawals', label: t('nav.withdrawalHistory') },
              { to: '/withdrawals/whitelist', label: t('nav.whitelist') },
            ]}
          />
          <NavGroup
            label={t('nav.wallets')}
            icon={<IconWallet size={18} />}
            items={[
              { to: '/wallets', label: t('nav.walletList') },
              { to: '/wallets/external', label: t('nav.externalWallets') },
              { to: '/transactions', label: t('nav.transactions') },
            ]}
          />
          {can(me, 'finance:read') ? (
            <NavGroup
              label={t('gas.nav.group')}
              icon={<IconGasStation size={18} />}
              items={[
                { to: '/gas/records', label: t('gas.nav.records') },
                { to: '/gas/invoices', label: t('gas.nav.invoices') },
              ]}
            />
          ) : null}
          {seesSubPartners(me) ? (
            <NavGroup
              label={t('subPartners.nav.group')}
              icon={<IconSitemap size={18} />}
              items={[
                { to: '/sub-partners', label: t('subPartners.nav.list') },
                { to: '/sub-partners/activity', label: t('subPartners.nav.activity') },
                { to: '/sub-partners/revenue', label: t('subPartners.nav.revenue') },
              ]}
            />
          ) : null}
          <NavGroup
            label={t('finance.nav.group')}
            icon={<IconReceipt size={18} />}
            items={[{ to: '/finance/exports', label: t('finance.nav.exports') }]}
          />
          <NavLink
            component={RouterNavLink}
            to="/settings"
            label={t('nav.settings')}
            leftSection={<IconSettings size={18} />}
          />
          <NavLink
            component={RouterNavLink}
            to="/account"
            label={t('nav.account')}
            leftSection={<IconUser size={18} />}
          />
        </AppShell.Section>
      </AppShell.Navbar>
      <AppShell.Main id="main" tabIndex={-1} style={{ outline: 'none' }}>
        {!me.user.twoFactorEnabled ? (
          <Alert
            color="orange"
            icon={<IconAlertTriangle size={18} />}
            mb="md"
            role="alert"
            data-testid="two-factor-banner"
          >
            <Group justify="space-between" wrap="wrap" gap="xs">
              <Text size="sm">{t('banner.twoFactorOff')}</Text>
              <Button size="xs" color="orange" component={Link} to="/account">
                {t('banner.setUp2fa')}
              </Button>
            </Group>
          </Alert>
        ) : null}
        {me.withdrawalLockedUntil ? (
          <Alert color="yellow" icon={<IconLock size={18} />} mb="md" role="status">
            <Text size="sm">
              {t('banner.withdrawalsLocked', { time: formatDateTime(me.withdrawalLockedUntil) })}
            </Text>
          </Alert>
        ) : null}
        {children}
      </AppShell.Main>
    </AppShell>
  );
}

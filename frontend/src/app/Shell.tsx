import {
  ActionIcon,
  AppShell,
  Burger,
  Group,
  Menu,
  NavLink,
  Stack,
  Text,
  Tooltip,
  UnstyledButton,
  useComputedColorScheme,
  useMantineColorScheme,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import {
  IconActivity,
  IconBuildingSkyscraper,
  IconChevronDown,
  IconKey,
  IconListCheck,
  IconLogout,
  IconMoon,
  IconPlugConnected,
  IconRocket,
  IconShieldCheck,
  IconShieldSearch,
  IconSun,
  IconUsers,
} from '@tabler/icons-react';
import { Suspense } from 'react';
import { Link, NavLink as RouterNavLink, Outlet, useLocation } from 'react-router';
import type { Action } from '../api/schemas';
import { StatusPanel } from '../components/StatusPanel';
import { AddTenantMenu } from '../features/add-tenant/AddTenantMenu';
import { useCan, useSession, useSignOut } from '../features/auth/session';
import { ROLE_LABELS } from '../features/members/labels';
import { useScanAvailability } from '../features/scans/hooks';

interface NavItem {
  to: string;
  label: string;
  icon: typeof IconUsers;
  action: Action;
  /** Petra Scan: shown when the organization has it, or to an admin (it is available on request). */
  scan?: true;
}

const MAIN_NAV: NavItem[] = [
  { to: '/portal', label: 'Managed tenants', icon: IconBuildingSkyscraper, action: 'tenants.read' },
  { to: '/onboarding', label: 'Onboarding', icon: IconRocket, action: 'partner_center.connect' },
  { to: '/gdap-requests', label: 'GDAP requests', icon: IconShieldCheck, action: 'tenants.read' },
  { to: '/scans', label: 'Petra Scan', icon: IconShieldSearch, action: 'tenants.read', scan: true },
  { to: '/operations', label: 'Operations', icon: IconActivity, action: 'operations.read' },
];

const SETTINGS_NAV: NavItem[] = [
  { to: '/settings/partner-center', label: 'Partner Center', icon: IconPlugConnected, action: 'partner_center.read' },
  { to: '/settings/members', label: 'Members and roles', icon: IconUsers, action: 'members.read' },
  { to: '/settings/api-keys', label: 'API keys', icon: IconKey, action: 'api_keys.read' },
  { to: '/settings/audit', label: 'Audit log', icon: IconListCheck, action: 'audit.read' },
];

function ColorSchemeToggle() {
  const { setColorScheme } = useMantineColorScheme();
  const computed = useComputedColorScheme('light');
  const next = computed === 'dark' ? 'light' : 'dark';
  return (
    <Tooltip label={`Switch to the ${next} theme`}>
      <ActionIcon variant="default" size="lg" aria-label={`Switch to the ${next} theme`} onClick={() => setColorScheme(next)}>
        {computed === 'dark' ? <IconSun size={18} /> : <IconMoon size={18} />}
      </ActionIcon>
    </Tooltip>
  );
}

function AccountMenu() {
  const me = useSession();
  const signOut = useSignOut();
  return (
    <Menu position="bottom-end" width={240} shadow="md">
      <Menu.Target>
        <UnstyledButton aria-label={`Account: ${me.email ?? 'signed in'}`}>
          <Group gap={4} wrap="nowrap">
            <Text size="sm" fw={500} visibleFrom="sm" truncate="end" maw={200}>
              {me.display_name || me.email}
            </Text>
            <IconChevronDown size={14} aria-hidden />
          </Group>
        </UnstyledButton>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>
          {me.email}
          <br />
          {me.organization.name}
          {me.role && ` · ${ROLE_LABELS[me.role]}`}
        </Menu.Label>
        <Menu.Item leftSection={<IconLogout size={14} />} onClick={() => signOut.mutate()}>
          Sign out
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}

function NavItems({ items, onNavigate }: { items: NavItem[]; onNavigate: () => void }) {
  const can = useCan();
  const location = useLocation();
  const me = useSession();
  const availability = useScanAvailability(can('tenants.read'));
  const scan = availability.data?.scan === true || me.role === 'admin';
  return items
    .filter((item) => can(item.action) && (!item.scan || scan))
    .map((item) => (
      <NavLink
        key={item.to}
        component={RouterNavLink}
        to={item.to}
        label={item.label}
        leftSection={<item.icon size={16} aria-hidden />}
        active={location.pathname === item.to || location.pathname.startsWith(`${item.to}/`)}
        onClick={onNavigate}
      />
    ));
}

/** The frame of every signed-in page: brand, Add Tenant, navigation, theme and account. */
export function Shell() {
  const [opened, { toggle, close }] = useDisclosure(false);
  const can = useCan();
  const me = useSession();
  const settings = SETTINGS_NAV.filter((item) => can(item.action));
  return (
    <AppShell
      header={{ height: 52 }}
      navbar={{ width: 220, breakpoint: 'sm', collapsed: { mobile: !opened } }}
      padding="md"
    >
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label="Toggle navigation" />
            <Text component={Link} to="/portal" fw={700} size="lg" style={{ textDecoration: 'none', color: 'inherit', whiteSpace: 'nowrap' }}>
              Petra Portal
            </Text>
            <Text size="sm" c="dimmed" visibleFrom="md" truncate="end" maw={240}>
              {me.organization.name}
            </Text>
          </Group>
          <Group gap="xs" wrap="nowrap">
            {can('tenants.manage') && <AddTenantMenu />}
            <ColorSchemeToggle />
            <AccountMenu />
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label="Main">
        <Stack gap={2}>
          <NavItems items={MAIN_NAV} onNavigate={close} />
          {settings.length > 0 && (
            <Text size="xs" c="dimmed" fw={700} tt="uppercase" mt="md" mb={4} px="sm">
              Settings
            </Text>
          )}
          <NavItems items={SETTINGS_NAV} onNavigate={close} />
        </Stack>
      </AppShell.Navbar>
      <AppShell.Main>
        <Suspense fallback={<StatusPanel kind="loading" title="Loading…" />}>
          <Outlet />
        </Suspense>
      </AppShell.Main>
    </AppShell>
  );
}

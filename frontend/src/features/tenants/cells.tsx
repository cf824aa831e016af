import { Anchor, Badge, Button, Checkbox, Group, Stack, Text } from '@mantine/core';
import { Link } from 'react-router';
import type { TenantOut } from '../../api/schemas';
import { CopyId } from '../../components/CopyId';
import { daysUntil, formatDate, formatRelative, plural } from '../../lib/dates';
import { RenewGdapButton, RequestGdapButton } from '../gdap/RowActions';
import { FixEmail, RowOnboarding } from './OnboardControls';
import {
  EMAIL_PERMISSION_HINTS,
  EMAIL_PERMISSION_LABELS,
  GDAP_COLORS,
  GDAP_LABELS,
  GDAP_WARNING_DAYS,
  PETRA_STATUS_COLORS,
  PETRA_STATUS_LABELS,
  USER_SOURCE_HINTS,
} from './labels';

export function TenantCell({ tenant }: { tenant: TenantOut }) {
  return (
    <Stack gap={0}>
      <Group gap={6} wrap="nowrap">
        <Anchor component={Link} to={`/tenants/${tenant.tenant_id}`} fw={600} size="sm" lineClamp={1}>
          {tenant.display_name || tenant.default_domain || tenant.tenant_id}
        </Anchor>
        {tenant.added_individually && <AddedIndividuallyBadge />}
      </Group>
      <Group gap={6} wrap="nowrap">
        {tenant.default_domain && (
          <Text size="xs" c="dimmed" truncate="end" maw={220}>
            {tenant.default_domain}
          </Text>
        )}
        <CopyId id={tenant.tenant_id} />
      </Group>
    </Stack>
  );
}

/** When the first role ends, and which roles end then. */
export function gdapExpiry(tenant: TenantOut, now: number = Date.now()): { text: string; warn: boolean } | null {
  const days = daysUntil(tenant.gdap_earliest_end_at, now);
  if (days === null) return null;
  const ending = tenant.gdap_ending_roles;
  const all = ending.length === 0 || tenant.gdap_roles.every((role) => ending.includes(role));
  const what = all ? 'All roles' : ending.join(', ');
  const verb = all || ending.length > 1 ? 'end' : 'ends';
  const when = days < 0 ? 'ended' : days === 0 ? `${verb} today` : `${verb} in ${plural(days, 'day')}`;
  const extend = tenant.gdap_auto_extend ? ' (auto-extends)' : '';
  return { text: `${what} ${when}${extend}`, warn: days <= GDAP_WARNING_DAYS && !tenant.gdap_auto_extend };
}

/** A tenant its own Global Administrator added by consenting to Petra's app, without GDAP. */
export function AddedIndividuallyBadge() {
  return (
    <Badge size="xs" variant="outline" color="grape" title="Added through its Global Administrator's consent, without GDAP">
      Added individually
    </Badge>
  );
}

export function GdapCell({ tenant }: { tenant: TenantOut }) {
  if (tenant.gdap_state === 'not_applicable') {
    return (
      <Stack gap={2}>
        <Badge color={GDAP_COLORS.not_applicable} variant="light">
          {GDAP_LABELS.not_applicable}
        </Badge>
        <Text size="xs" c="dimmed">
          Added individually: Petra reaches it through its admin&apos;s consent.
        </Text>
      </Stack>
    );
  }
  if (tenant.gdap_state === 'none' || !tenant.active) {
    return (
      <Stack gap={2}>
        <Badge color={GDAP_COLORS.none} variant="light">
          {GDAP_LABELS.none}
        </Badge>
        <Text size="xs" c="dimmed">
          No active GDAP relationship
          {tenant.last_seen_active_at ? ` since ${formatDate(tenant.last_seen_active_at)}` : ''}. Request a new one.
        </Text>
      </Stack>
    );
  }
  const expiry = gdapExpiry(tenant);
  return (
    <Stack gap={2}>
      <Badge color={GDAP_COLORS[tenant.gdap_state]} variant="light">
        {GDAP_LABELS[tenant.gdap_state]}
      </Badge>
      {tenant.gdap_state !== 'ready' && tenant.gdap_missing_reason && (
        <Text size="xs" c="var(--mantine-color-orange-light-color)">
          {tenant.gdap_missing_reason}
        </Text>
      )}
      {tenant.gdap_state === 'ready' && tenant.gdap_roles.length > 0 && (
        <Text size="xs" c="dimmed" lineClamp={2}>
          {tenant.gdap_roles.join(', ')}
        </Text>
      )}
      {expiry && (
        <Text size="xs" c={expiry.warn ? 'var(--mantine-color-orange-light-color)' : 'dimmed'}>
          {expiry.text}
        </Text>
      )}
    </Stack>
  );
}

export function GdapEndCell({ tenant }: { tenant: TenantOut }) {
  if (!tenant.gdap_earliest_end_at) return <Text size="sm">—</Text>;
  const days = daysUntil(tenant.gdap_earliest_end_at);
  const warn = days !== null && days <= GDAP_WARNING_DAYS && !tenant.gdap_auto_extend;
  return (
    <Stack gap={0}>
      <Text size="sm" c={warn ? 'var(--mantine-color-orange-light-color)' : undefined}>
        {formatDate(tenant.gdap_earliest_end_at)}
      </Text>
      {tenant.gdap_auto_extend && (
        <Text size="xs" c="dimmed">
          auto-extends
        </Text>
      )}
    </Stack>
  );
}

export function UsersCell({ tenant }: { tenant: TenantOut }) {
  return (
    <Stack gap={0} align="flex-end">
      <Text size="sm" ta="right" title={USER_SOURCE_HINTS[tenant.users_source]}>
        {tenant.users === null ? '—' : tenant.users.toLocaleString()}
      </Text>
      {tenant.users === null && tenant.users_note && (
        <Text size="xs" c="dimmed" ta="right">
          {tenant.users_note}
        </Text>
      )}
    </Stack>
  );
}

export function StatusCell({ tenant }: { tenant: TenantOut }) {
  const badge = (
    <Badge color={PETRA_STATUS_COLORS[tenant.status]} variant="light">
      {PETRA_STATUS_LABELS[tenant.status]}
    </Badge>
  );
  if (tenant.status !== 'access_lost' || !tenant.access_lost_reason) return badge;
  // Why Petra lost the tenant is written in the cell, not only on hover.
  return (
    <Stack gap={2}>
      {badge}
      <Text size="xs" c="dimmed" lineClamp={3}>
        {tenant.access_lost_reason}
      </Text>
    </Stack>
  );
}

export function EmailCell({ tenant, note, readOnly = false }: { tenant: TenantOut; note?: string | null; readOnly?: boolean }) {
  if (!readOnly && tenant.email_permissions === 'needs_fix' && tenant.actions.includes('fix_email')) {
    return <FixEmail tenant={tenant} note={note} />;
  }
  return (
    <Text size="sm" c={tenant.email_permissions === 'ok' ? 'var(--mantine-color-green-light-color)' : 'dimmed'} title={note ?? EMAIL_PERMISSION_HINTS[tenant.email_permissions]}>
      {EMAIL_PERMISSION_LABELS[tenant.email_permissions]}
    </Text>
  );
}

interface ExcludeCellProps {
  tenant: TenantOut;
  pending: boolean;
  onChange: (excluded: boolean) => void;
}

export function ExcludeCell({ tenant, pending, onChange }: ExcludeCellProps) {
  const allowed = tenant.actions.includes('exclude');
  const who = tenant.excluded && tenant.excluded_by ? `Excluded by ${tenant.excluded_by} on ${formatDate(tenant.excluded_at)}` : undefined;
  return (
    <Checkbox
      size="xs"
      checked={tenant.excluded}
      disabled={!allowed || pending}
      title={who}
      aria-label={`Exclude ${tenant.display_name} from batch work`}
      onChange={(event) => onChange(event.currentTarget.checked)}
    />
  );
}

export function LastSyncCell({ tenant }: { tenant: TenantOut }) {
  const error = tenant.last_error;
  return (
    <Stack gap={2}>
      <Text size="sm" title={tenant.last_synced_at ?? undefined}>
        {formatRelative(tenant.last_synced_at)}
      </Text>
      {error && (
        <Text size="xs" c="var(--mantine-color-red-light-color)">
          {error.message ?? error.code ?? 'The last sync failed for this tenant.'}
          {error.action && ` ${error.action}`}
        </Text>
      )}
    </Stack>
  );
}

export function ActionsCell({ tenant }: { tenant: TenantOut }) {
  return (
    <Group gap={4} wrap="wrap" align="flex-start">
      <Button
        size="compact-xs"
        variant="light"
        component={Link}
        to={`/tenants/${tenant.tenant_id}`}
        aria-label={`View ${tenant.display_name}`}
      >
        View
      </Button>
      {tenant.actions.includes('request_gdap') && <RequestGdapButton tenant={tenant} />}
      {tenant.gdap_state === 'ready' && <RenewGdapButton tenant={tenant} />}
      <RowOnboarding tenant={tenant} />
    </Group>
  );
}

import { Alert, Anchor, Group, Paper, SimpleGrid, Stack, Switch, Text, Title } from '@mantine/core';
import { Link, useParams } from 'react-router';
import { toApiError } from '../../api/client';
import type { ProductName } from '../../api/schemas';
import { CopyId } from '../../components/CopyId';
import { QueryError, StatusPanel } from '../../components/StatusPanel';
import { formatDate, formatDateTime, formatRelative } from '../../lib/dates';
import { useAuditEvents } from '../audit/hooks';
import { AuditTable } from '../audit/AuditTable';
import { useCan } from '../auth/session';
import { AddedIndividuallyBadge, EmailCell, GdapCell, StatusCell } from './cells';
import { useSetExcluded, useTenant } from './hooks';
import { USER_SOURCE_HINTS } from './labels';
import { OnboardingSection } from './OnboardingSection';
import { PRODUCT_TITLES } from './onboardingLabels';
import { RelationshipsSection } from './RelationshipsSection';
import { TenantScans } from '../scans/TenantScans';
import { TenantOperations } from './TenantOperations';

function Fact({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="sm" component="div">
        {children}
      </Text>
    </div>
  );
}

function TenantAudit({ tenantId }: { tenantId: string }) {
  const events = useAuditEvents({ target_type: 'tenant', target_id: tenantId }, 20);
  const rows = events.data?.pages.flatMap((page) => page.items) ?? [];
  if (events.isPending) return <StatusPanel kind="loading" title="Loading the tenant's audit events…" />;
  if (events.isError) return <QueryError error={events.error} title="The audit events could not be loaded" />;
  if (rows.length === 0) return <Text size="sm" c="dimmed">Nobody has changed this tenant in Petra yet.</Text>;
  return <AuditTable events={rows} compact />;
}

/** /tenants/:id: one tenant's access, relationships and history. */
export function TenantDetailPage() {
  const { tenantId = '' } = useParams();
  const tenant = useTenant(tenantId);
  const can = useCan();
  const exclude = useSetExcluded();
  if (tenant.isPending) return <StatusPanel kind="loading" title="Loading the tenant…" />;
  if (tenant.isError) {
    return <QueryError error={tenant.error} title="This tenant could not be loaded" onRetry={() => void tenant.refetch()} />;
  }
  const t = tenant.data;
  const error = t.last_error;
  return (
    <Stack>
      <Anchor component={Link} to="/portal" size="sm">
        ← Managed tenants
      </Anchor>
      <Group justify="space-between" align="flex-start">
        <Stack gap={2}>
          <Title order={1} size="h2">
            {t.display_name || t.default_domain || t.tenant_id}
          </Title>
          <Group gap="xs">
            {t.added_individually && <AddedIndividuallyBadge />}
            {t.default_domain && <Text size="sm" c="dimmed">{t.default_domain}</Text>}
            <CopyId id={t.tenant_id} size="sm" />
          </Group>
        </Stack>
        {t.actions.includes('exclude') && (
          <Switch
            label="Exclude from batch work"
            checked={t.excluded}
            disabled={exclude.isPending}
            onChange={(event) => exclude.mutate({ tenantIds: [t.tenant_id], excluded: event.currentTarget.checked })}
          />
        )}
      </Group>
      {exclude.error && <Alert color="red" role="alert">{toApiError(exclude.error).detail}</Alert>}
      {error && (
        <Alert color="red" title="The last sync failed for this tenant">
          <Text size="sm">{error.message ?? error.code}</Text>
          {error.action && <Text size="sm" mt={4}>{error.action}</Text>}
          {error.at && <Text size="xs" c="dimmed" mt={4}>{formatDateTime(error.at)}{error.root_cause && ` · ${error.root_cause}`}</Text>}
        </Alert>
      )}
      <Paper withBorder p="md" radius="md">
        <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }} spacing="md">
          <Fact label="GDAP Permissions">
            <GdapCell tenant={t} />
          </Fact>
          <Fact label="Petra Status">
            <StatusCell tenant={t} />
          </Fact>
          <Fact label="Email Perms">
            <EmailCell tenant={t} note={t.email_permissions_note} readOnly />
          </Fact>
          <Fact label="Users">
            {t.users === null ? t.users_note ?? '—' : t.users.toLocaleString()}
            <Text size="xs" c="dimmed">
              {USER_SOURCE_HINTS[t.users_source]}
              {t.users_counted_at && `, ${formatRelative(t.users_counted_at)}`}
            </Text>
          </Fact>
          <Fact label="Last sync">{formatDateTime(t.last_synced_at)}</Fact>
          <Fact label="Relationship last seen active">{formatDateTime(t.last_seen_active_at)}</Fact>
          <Fact label="Excluded">
            {t.excluded ? `Yes${t.excluded_by ? `, by ${t.excluded_by}` : ''}${t.excluded_at ? ` on ${formatDate(t.excluded_at)}` : ''}` : 'No'}
          </Fact>
          <Fact label="Product">{t.product ? PRODUCT_TITLES[t.product as ProductName] ?? t.product : '—'}</Fact>
        </SimpleGrid>
      </Paper>
      <Title order={2} size="h4">
        Onboarding
      </Title>
      <OnboardingSection tenant={t} />
      <TenantScans tenantId={t.tenant_id} />
      <Title order={2} size="h4">
        GDAP relationships
      </Title>
      <RelationshipsSection tenant={t} />
      {can('operations.read') && (
        <>
          <Title order={2} size="h4">
            Recent operations
          </Title>
          <TenantOperations tenantId={t.tenant_id} />
        </>
      )}
      {can('audit.read') && (
        <>
          <Title order={2} size="h4">
            Changes in Petra
          </Title>
          <TenantAudit tenantId={t.tenant_id} />
        </>
      )}
    </Stack>
  );
}

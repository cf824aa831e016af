import { Alert, Anchor, Badge, Group, Paper, SimpleGrid, Stack, Switch, Table, Text, Title } from '@mantine/core';
import { Link, useParams } from 'react-router';
import { toApiError } from '../../api/client';
import type { TenantDetail } from '../../api/schemas';
import { CopyId } from '../../components/CopyId';
import { QueryError, StatusPanel } from '../../components/StatusPanel';
import { daysUntil, formatDate, formatDateTime, formatRelative } from '../../lib/dates';
import { useAuditEvents } from '../audit/hooks';
import { AuditTable } from '../audit/AuditTable';
import { useCan } from '../auth/session';
import { EmailCell, GdapCell, StatusCell } from './cells';
import { useSetExcluded, useTenant } from './hooks';
import { GDAP_WARNING_DAYS, USER_SOURCE_HINTS } from './labels';

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

function Relationships({ tenant }: { tenant: TenantDetail }) {
  if (tenant.relationships.length === 0) {
    return <StatusPanel kind="empty" title="No active GDAP relationship">Ask the client's admin to approve a new GDAP relationship.</StatusPanel>;
  }
  return (
    <Table.ScrollContainer minWidth={720}>
      <Table verticalSpacing={6} striped>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Relationship</Table.Th>
            <Table.Th scope="col">Status</Table.Th>
            <Table.Th scope="col">Roles</Table.Th>
            <Table.Th scope="col">Active since</Table.Th>
            <Table.Th scope="col">Ends</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {tenant.relationships.map((rel) => {
            const days = daysUntil(rel.end_at);
            const extends_ = rel.auto_extends;
            return (
              <Table.Tr key={rel.id}>
                <Table.Td>
                  <Text size="sm" fw={500}>
                    {rel.display_name}
                  </Text>
                  <CopyId id={rel.id} label="relationship id" />
                </Table.Td>
                <Table.Td>
                  <Badge variant="light" color={rel.status === 'active' ? 'green' : 'gray'}>
                    {rel.status}
                  </Badge>
                </Table.Td>
                <Table.Td>
                  <Text size="xs">{rel.roles.join(', ') || '—'}</Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{formatDate(rel.activated_at)}</Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm" c={days !== null && days <= GDAP_WARNING_DAYS && !extends_ ? 'var(--mantine-color-orange-light-color)' : undefined}>
                    {formatDate(rel.end_at)}
                  </Text>
                  {extends_ && (
                    <Text size="xs" c="dimmed">
                      auto-extends {rel.auto_extend_duration === 'P180D' ? 'by 180 days' : `(${rel.auto_extend_duration})`}
                    </Text>
                  )}
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
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
            {t.display_name}
          </Title>
          <Group gap="xs">
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
            <EmailCell tenant={t} />
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
          <Fact label="Product">{t.product ?? '—'}</Fact>
        </SimpleGrid>
      </Paper>
      <Title order={2} size="h4">
        GDAP relationships
      </Title>
      <Relationships tenant={t} />
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

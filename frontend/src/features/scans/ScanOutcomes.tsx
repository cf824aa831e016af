import { Anchor, Badge, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { Link } from 'react-router';
import { keys } from '../../api/keys';
import { QueryError, StatusPanel } from '../../components/StatusPanel';
import { formatDateTime } from '../../lib/dates';
import { isActive, useOperation, useOperationItems } from '../operations/hooks';
import { ITEM_STATE_COLORS, ITEM_STATE_LABELS } from '../operations/labels';
import { useOperationScans } from './hooks';
import { ScanSummary } from './ScanSummary';

/** Every tenant of a scan operation: its state in the operation and, once scanned, its findings. */
export function ScanOutcomes({ operationId }: { operationId: string }) {
  const operation = useOperation(operationId);
  const running = operation.data ? isActive(operation.data.state) : false;
  const scans = useOperationScans(operationId, running);
  const items = useOperationItems(operationId, null);
  // The item list follows the progress events the operation's stream writes into the cache.
  const progress = operation.data ? `${operation.data.state}:${JSON.stringify(operation.data.progress)}` : '';
  const client = useQueryClient();
  useEffect(() => {
    if (!progress) return;
    void client.invalidateQueries({ queryKey: ['operations', 'items', operationId] });
    void client.invalidateQueries({ queryKey: keys.operationScans(operationId) });
    void client.invalidateQueries({ queryKey: keys.scanOverview });
  }, [client, operationId, progress]);
  const rows = items.data?.pages.flatMap((page) => page.items) ?? [];
  const byTenant = new Map((scans.data?.items ?? []).map((scan) => [scan.tenant_id, scan]));
  if (items.isPending) return <StatusPanel kind="loading" title="Loading the tenants…" />;
  if (items.isError) return <QueryError error={items.error} title="The tenants could not be loaded" onRetry={() => void items.refetch()} />;
  return (
    <Stack gap="xs">
      <Group justify="space-between">
        <Title order={2} size="h4">
          Per-tenant outcomes
        </Title>
        <Anchor href={`/api/v1/scans/export.csv?operation_id=${operationId}`} download size="sm">
          Export findings CSV
        </Anchor>
      </Group>
      <Table.ScrollContainer minWidth={720}>
        <Table verticalSpacing={6} striped aria-label="Per-tenant outcomes">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Tenant</Table.Th>
              <Table.Th scope="col">State</Table.Th>
              <Table.Th scope="col">Findings</Table.Th>
              <Table.Th scope="col">Updated</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((item) => {
              const scan = byTenant.get(item.tenant_id);
              return (
                <Table.Tr key={item.tenant_id} data-tenant-id={item.tenant_id}>
                  <Table.Td>
                    <Anchor component={Link} to={`/tenants/${item.tenant_id}`} size="sm">
                      {item.display_name}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>
                    <Badge color={ITEM_STATE_COLORS[item.state]} variant="light">
                      {ITEM_STATE_LABELS[item.state]}
                    </Badge>
                    {item.message && item.state !== 'succeeded' && (
                      <Text size="xs" c={item.state === 'failed' ? 'var(--mantine-color-red-light-color)' : 'dimmed'}>
                        {item.message}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    {scan ? (
                      <Stack gap={2}>
                        <ScanSummary scan={scan} />
                        <Anchor component={Link} to={`/scans/${scan.id}`} size="sm" aria-label={`Findings of ${item.display_name}`}>
                          Findings
                        </Anchor>
                      </Stack>
                    ) : (
                      <Text size="sm" c="dimmed">
                        —
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{formatDateTime(item.finished_at ?? item.updated_at)}</Text>
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Stack>
  );
}

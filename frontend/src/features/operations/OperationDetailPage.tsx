import { Anchor, Badge, Button, Group, SegmentedControl, Stack, Table, Text } from '@mantine/core';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { itemStateValues } from '../../api/generated/schema';
import type { ItemState } from '../../api/schemas';
import { PageHeader } from '../../components/PageHeader';
import { QueryError, StatusPanel } from '../../components/StatusPanel';
import { formatDateTime, formatRelative } from '../../lib/dates';
import { useOperation, useOperationItems } from './hooks';
import { ITEM_STATE_COLORS, ITEM_STATE_LABELS, OPERATION_KIND_LABELS } from './labels';
import { OperationProgress } from './OperationProgress';
import { ScanOutcomes } from '../scans/ScanOutcomes';

const ALL = 'all';

function OperationItems({ operationId }: { operationId: string }) {
  const [state, setState] = useState<ItemState | null>(null);
  const items = useOperationItems(operationId, state);
  const rows = items.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <Stack gap="xs">
      <Group justify="space-between">
        <Text fw={600} component="h2" size="md">
          Tenants in this operation
        </Text>
        <SegmentedControl
          size="xs"
          aria-label="Show tenants by state"
          value={state ?? ALL}
          onChange={(value) => setState(itemStateValues.find((v) => v === value) ?? null)}
          data={[{ value: ALL, label: 'All' }, ...itemStateValues.map((v) => ({ value: v, label: ITEM_STATE_LABELS[v] }))]}
        />
      </Group>
      {items.isPending ? (
        <StatusPanel kind="loading" title="Loading tenants…" />
      ) : items.isError ? (
        <QueryError error={items.error} title="The tenants could not be loaded" onRetry={() => void items.refetch()} />
      ) : rows.length === 0 ? (
        <StatusPanel kind="empty" title={state ? `No ${ITEM_STATE_LABELS[state].toLowerCase()} tenants` : 'No tenants in this operation'} />
      ) : (
        <Table.ScrollContainer minWidth={720}>
          <Table verticalSpacing={6} striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Tenant</Table.Th>
                <Table.Th scope="col">State</Table.Th>
                <Table.Th scope="col">Outcome</Table.Th>
                <Table.Th scope="col">Attempts</Table.Th>
                <Table.Th scope="col">Updated</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((item) => (
                <Table.Tr key={item.tenant_id}>
                  <Table.Td>
                    <Anchor component={Link} to={`/tenants/${item.tenant_id}`} size="sm">
                      {item.display_name}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>
                    <Badge color={ITEM_STATE_COLORS[item.state]} variant="light">
                      {ITEM_STATE_LABELS[item.state]}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" c={item.state === 'failed' ? 'var(--mantine-color-red-light-color)' : undefined}>
                      {item.message ?? '—'}
                    </Text>
                    {item.next_attempt_at && item.state === 'pending' && (
                      <Text size="xs" c="var(--mantine-color-yellow-light-color)">
                        Waiting on Microsoft, next try {formatRelative(item.next_attempt_at)}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>{item.attempts}</Table.Td>
                  <Table.Td>
                    <Text size="sm">{formatDateTime(item.finished_at ?? item.updated_at)}</Text>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {items.hasNextPage && (
        <Button variant="default" onClick={() => void items.fetchNextPage()} loading={items.isFetchingNextPage}>
          Show more tenants
        </Button>
      )}
    </Stack>
  );
}

/** /operations/:id: one operation, followed live, with every tenant's part. */
export function OperationDetailPage() {
  const { operationId = '' } = useParams();
  const operation = useOperation(operationId);
  if (operation.isPending) return <StatusPanel kind="loading" title="Loading the operation…" />;
  if (operation.isError) {
    return <QueryError error={operation.error} title="This operation could not be loaded" onRetry={() => void operation.refetch()} />;
  }
  return (
    <Stack>
      <PageHeader
        title={OPERATION_KIND_LABELS[operation.data.kind]}
        description={<Anchor component={Link} to="/operations" size="sm">All operations</Anchor>}
      />
      <OperationProgress operationId={operationId} showDetailsLink={false} />
      {operation.data.kind === 'scan' ? <ScanOutcomes operationId={operationId} /> : <OperationItems operationId={operationId} />}
    </Stack>
  );
}

import { Anchor, Badge, Button, Progress, Stack, Table, Text } from '@mantine/core';
import { Link } from 'react-router';
import type { OperationOut } from '../../api/schemas';
import { PageHeader } from '../../components/PageHeader';
import { QueryError, StatusPanel } from '../../components/StatusPanel';
import { formatDateTime } from '../../lib/dates';
import { useOperations } from './hooks';
import { OPERATION_KIND_LABELS, OPERATION_STATE_COLORS, OPERATION_STATE_LABELS } from './labels';
import { progressSummary } from './OperationProgress';

function done(operation: OperationOut): number {
  const p = operation.progress;
  if (p.total === 0) return operation.finished_at ? 100 : 0;
  return (((p.succeeded ?? 0) + (p.failed ?? 0) + (p.cancelled ?? 0)) / p.total) * 100;
}

/** /operations: recent background work, newest first. */
export function OperationsPage() {
  const operations = useOperations();
  const rows = operations.data?.pages.flatMap((page) => page.items) ?? [];

  let body;
  if (operations.isPending) body = <StatusPanel kind="loading" title="Loading operations…" />;
  else if (operations.isError) {
    body = <QueryError error={operations.error} title="The operations could not be loaded" onRetry={() => void operations.refetch()} />;
  } else if (rows.length === 0) {
    body = (
      <StatusPanel kind="empty" title="No operations yet">
        Syncs and other background work appear here with their progress and per-tenant outcomes.
      </StatusPanel>
    );
  } else {
    body = (
      <Table.ScrollContainer minWidth={720}>
        <Table striped highlightOnHover verticalSpacing="xs">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Operation</Table.Th>
              <Table.Th scope="col">State</Table.Th>
              <Table.Th scope="col">Progress</Table.Th>
              <Table.Th scope="col">Started</Table.Th>
              <Table.Th scope="col">By</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((operation) => (
              <Table.Tr key={operation.id}>
                <Table.Td>
                  <Anchor component={Link} to={`/operations/${operation.id}`} size="sm" fw={600}>
                    {OPERATION_KIND_LABELS[operation.kind]}
                  </Anchor>
                  {operation.subject && (
                    <Text size="xs" c="dimmed">
                      {operation.subject}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  <Badge color={OPERATION_STATE_COLORS[operation.state]} variant="light">
                    {OPERATION_STATE_LABELS[operation.state]}
                  </Badge>
                </Table.Td>
                <Table.Td>
                  <Progress value={done(operation)} size="sm" aria-label={`${OPERATION_KIND_LABELS[operation.kind]} progress`} />
                  <Text size="xs" c="dimmed">
                    {progressSummary(operation)}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{formatDateTime(operation.started_at ?? operation.created_at)}</Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{operation.created_by ?? '—'}</Text>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    );
  }

  return (
    <Stack>
      <PageHeader title="Operations" description="Background work on your tenants: syncs and, later, onboarding and scans." />
      {body}
      {operations.hasNextPage && (
        <Button variant="default" onClick={() => void operations.fetchNextPage()} loading={operations.isFetchingNextPage}>
          Show older operations
        </Button>
      )}
    </Stack>
  );
}

import { Anchor, Badge, Table, Text } from '@mantine/core';
import { Link } from 'react-router';
import { QueryError, StatusPanel } from '../../components/StatusPanel';
import { formatDateTime } from '../../lib/dates';
import { ITEM_STATE_COLORS, ITEM_STATE_LABELS, OPERATION_KIND_LABELS } from '../operations/labels';
import { useTenantOperations } from './hooks';

/** The operations whose items touched this tenant: what ran, when, and how it went here. */
export function TenantOperations({ tenantId }: { tenantId: string }) {
  const operations = useTenantOperations(tenantId);
  if (operations.isPending) return <StatusPanel kind="loading" title="Loading the tenant's operations…" />;
  if (operations.isError) return <QueryError error={operations.error} title="The tenant's operations could not be loaded" />;
  const rows = operations.data.items;
  if (rows.length === 0) return <Text size="sm" c="dimmed">No operation has touched this tenant yet.</Text>;
  return (
    <Table.ScrollContainer minWidth={640}>
      <Table verticalSpacing={6} striped aria-label="Recent operations">
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Operation</Table.Th>
            <Table.Th scope="col">When</Table.Th>
            <Table.Th scope="col">Outcome here</Table.Th>
            <Table.Th scope="col">Details</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((row) => (
            <Table.Tr key={row.operation_id}>
              <Table.Td>
                <Anchor component={Link} to={`/operations/${row.operation_id}`} size="sm">
                  {OPERATION_KIND_LABELS[row.kind]}
                </Anchor>
                {row.created_by && (
                  <Text size="xs" c="dimmed">
                    by {row.created_by}
                  </Text>
                )}
              </Table.Td>
              <Table.Td>
                <Text size="sm">{formatDateTime(row.created_at)}</Text>
              </Table.Td>
              <Table.Td>
                <Badge variant="light" color={ITEM_STATE_COLORS[row.state]}>
                  {ITEM_STATE_LABELS[row.state]}
                </Badge>
              </Table.Td>
              <Table.Td>
                <Text size="xs">{row.message ?? '—'}</Text>
                {row.root_cause && (
                  <Text size="xs" c="dimmed">
                    Root cause: {row.root_cause}
                    {row.error_code && row.error_code !== row.root_cause ? ` (${row.error_code})` : ''}
                  </Text>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

import { Badge, Code, Table, Text } from '@mantine/core';
import type { AuditEventOut } from '../../api/schemas';
import { formatDateTime } from '../../lib/dates';

function details(event: AuditEventOut): string {
  const entries = Object.entries(event.details ?? {});
  return entries.map(([key, value]) => `${key}: ${typeof value === 'string' ? value : JSON.stringify(value)}`).join(', ');
}

export function AuditTable({ events, compact = false }: { events: AuditEventOut[]; compact?: boolean }) {
  return (
    <Table.ScrollContainer minWidth={compact ? 560 : 900}>
      <Table verticalSpacing={6} striped>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">When</Table.Th>
            <Table.Th scope="col">Who</Table.Th>
            <Table.Th scope="col">Action</Table.Th>
            <Table.Th scope="col">Outcome</Table.Th>
            {!compact && <Table.Th scope="col">Target</Table.Th>}
            <Table.Th scope="col">Details</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {events.map((event) => (
            <Table.Tr key={event.id}>
              <Table.Td>
                <Text size="sm">{formatDateTime(event.created_at)}</Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm">{event.actor_label ?? event.actor_type}</Text>
              </Table.Td>
              <Table.Td>
                <Code>{event.action}</Code>
              </Table.Td>
              <Table.Td>
                <Badge color={event.outcome === 'success' ? 'green' : 'red'} variant="light">
                  {event.outcome === 'success' ? 'Success' : 'Failure'}
                </Badge>
                {event.error_code && (
                  <Text size="xs" c="dimmed">
                    {event.error_code}
                  </Text>
                )}
              </Table.Td>
              {!compact && (
                <Table.Td>
                  <Text size="xs">
                    {event.target_type ?? '—'}
                    {event.target_id && ` ${event.target_id}`}
                  </Text>
                </Table.Td>
              )}
              <Table.Td>
                <Text size="xs" c="dimmed" lineClamp={3}>
                  {details(event) || '—'}
                </Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

import { Badge, Progress, Stack, Table, Text } from '@mantine/core';
import type { CheckTallyOut } from '../../api/schemas';
import { QueryError, StatusPanel } from '../../components/StatusPanel';
import { plural } from '../../lib/dates';
import { useScanOverview } from './hooks';
import { SEVERITY_COLORS, SEVERITY_LABELS } from './labels';

/** The checks that fail somewhere, in the server's order: most tenants failing first, then severity. */
export function FailingChecksTable({ checks }: { checks: CheckTallyOut[] }) {
  const rows = checks.filter((check) => check.failing > 0);
  if (rows.length === 0) {
    return <StatusPanel kind="empty" title="No check fails in any scanned tenant" />;
  }
  return (
    <Table.ScrollContainer minWidth={560}>
      <Table verticalSpacing={6} aria-label="Checks failing most across tenants">
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Check</Table.Th>
            <Table.Th scope="col">Severity</Table.Th>
            <Table.Th scope="col">Tenants failing</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((row) => (
            <Table.Tr key={row.check_id}>
              <Table.Td>
                <Text size="sm">{row.title}</Text>
              </Table.Td>
              <Table.Td>
                <Badge color={SEVERITY_COLORS[row.severity]} variant="light">
                  {SEVERITY_LABELS[row.severity]}
                </Badge>
              </Table.Td>
              <Table.Td>
                <Stack gap={2}>
                  <Text size="sm">
                    {row.failing} of {plural(row.tenants, 'tenant')}
                    {row.errors > 0 && ` · ${row.errors} could not run`}
                  </Text>
                  <Progress
                    value={(row.failing / row.tenants) * 100}
                    color={SEVERITY_COLORS[row.severity]}
                    size="sm"
                    aria-label={`${row.title}: ${row.failing} of ${row.tenants} tenants failing`}
                  />
                </Stack>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/** The organization's overview: every tenant's latest scan, counted per check by the server. */
export function ScansOverview() {
  const overview = useScanOverview();
  if (overview.isPending) return <StatusPanel kind="loading" title="Reading the findings…" />;
  if (overview.isError) {
    return <QueryError error={overview.error} title="The overview could not be loaded" onRetry={() => void overview.refetch()} />;
  }
  if (overview.data.tenants === 0) return <StatusPanel kind="empty" title="No tenant has been scanned yet" />;
  return (
    <Stack gap="xs">
      <Text size="sm" c="dimmed">
        Across {plural(overview.data.tenants, 'scanned tenant')}, each with its latest scan.
      </Text>
      <FailingChecksTable checks={overview.data.checks} />
    </Stack>
  );
}

import { Anchor, Badge, Stack, Table, Text, Title } from '@mantine/core';
import { Link, useSearchParams } from 'react-router';
import { PageHeader } from '../../components/PageHeader';
import { QueryError, StatusPanel } from '../../components/StatusPanel';
import { formatDateTime } from '../../lib/dates';
import { OPERATION_STATE_COLORS, OPERATION_STATE_LABELS } from '../operations/labels';
import { OperationProgress } from '../operations/OperationProgress';
import { useScanAvailability, useScanOperations } from './hooks';
import { ScanOutcomes } from './ScanOutcomes';
import { ScansOverview } from './ScansOverview';

function RecentScans({ current }: { current: string | null }) {
  const operations = useScanOperations();
  if (operations.isPending) return <StatusPanel kind="loading" title="Loading the scans…" />;
  if (operations.isError) return <QueryError error={operations.error} title="The scans could not be loaded" />;
  const items = operations.data.items;
  if (items.length === 0) {
    return (
      <StatusPanel kind="empty" title="No scans yet">
        Start one from Managed tenants with Scan or Onboard &amp; Scan.
      </StatusPanel>
    );
  }
  return (
    <Table.ScrollContainer minWidth={560}>
      <Table verticalSpacing={6} striped aria-label="Recent scans">
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Started</Table.Th>
            <Table.Th scope="col">State</Table.Th>
            <Table.Th scope="col">Tenants</Table.Th>
            <Table.Th scope="col">By</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((operation) => (
            <Table.Tr key={operation.id} aria-current={operation.id === current ? 'true' : undefined}>
              <Table.Td>
                <Anchor component={Link} to={`/scans?operation=${operation.id}`} size="sm">
                  {formatDateTime(operation.started_at ?? operation.created_at)}
                </Anchor>
              </Table.Td>
              <Table.Td>
                <Badge color={OPERATION_STATE_COLORS[operation.state]} variant="light">
                  {OPERATION_STATE_LABELS[operation.state]}
                </Badge>
              </Table.Td>
              <Table.Td>{operation.progress.total.toLocaleString()}</Table.Td>
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

/** /scans: a scan followed live with per-tenant outcomes, the checks failing most, and recent scans. */
export function ScansPage() {
  const availability = useScanAvailability();
  const [params] = useSearchParams();
  const operations = useScanOperations(availability.data?.scan === true);
  if (availability.isPending) return <StatusPanel kind="loading" title="Loading Petra Scan…" />;
  if (availability.isError) return <QueryError error={availability.error} title="Petra Scan could not be loaded" />;
  if (!availability.data.scan) {
    return (
      <Stack>
        <PageHeader title="Petra Scan" />
        <StatusPanel kind="empty" title="Petra Scan is not enabled for your organization">
          {availability.data.note}
        </StatusPanel>
      </Stack>
    );
  }
  const latest = operations.data?.items[0]?.id ?? null;
  const operationId = params.get('operation') ?? latest;
  return (
    <Stack>
      <PageHeader
        title="Petra Scan"
        description="Read-only security checks of your client tenants: what fails, where, and how to fix it."
      />
      {operationId && (
        <>
          <OperationProgress operationId={operationId} />
          <ScanOutcomes operationId={operationId} />
        </>
      )}
      <Title order={2} size="h4">
        Checks failing most across tenants
      </Title>
      <ScansOverview />
      <Title order={2} size="h4">
        Recent scans
      </Title>
      <RecentScans current={operationId} />
    </Stack>
  );
}

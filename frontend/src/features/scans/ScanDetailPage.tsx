import { Anchor, Group, Stack, Title } from '@mantine/core';
import { Link, useParams } from 'react-router';
import { PageHeader } from '../../components/PageHeader';
import { QueryError, StatusPanel } from '../../components/StatusPanel';
import { useScan } from './hooks';
import { ScanView } from './TenantScans';

/** /scans/:scanId: one tenant's findings from one scan. */
export function ScanDetailPage() {
  const { scanId = '' } = useParams();
  const scan = useScan(scanId);
  if (scan.isPending) return <StatusPanel kind="loading" title="Loading the scan…" />;
  if (scan.isError) return <QueryError error={scan.error} title="This scan could not be loaded" onRetry={() => void scan.refetch()} />;
  const s = scan.data;
  return (
    <Stack>
      <PageHeader
        title={`Findings · ${s.display_name}`}
        description={
          <Group gap="md">
            <Anchor component={Link} to={s.operation_id ? `/scans?operation=${s.operation_id}` : '/scans'} size="sm">
              ← Scans
            </Anchor>
            <Anchor component={Link} to={`/tenants/${s.tenant_id}`} size="sm">
              Tenant page
            </Anchor>
          </Group>
        }
      />
      <Title order={2} size="h4">
        Findings by severity
      </Title>
      <ScanView scanId={scanId} />
    </Stack>
  );
}

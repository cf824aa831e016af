import { Badge, Group, NativeSelect, Paper, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { QueryError, StatusPanel } from '../../components/StatusPanel';
import { formatDateTime } from '../../lib/dates';
import { Findings } from './Findings';
import { useScan, useScanAvailability, useTenantScans } from './hooks';
import { ScanFiles } from './ScanFiles';
import { ScanSummary } from './ScanSummary';

/** One scan's findings with its summary, report and CSV. */
export function ScanView({ scanId }: { scanId: string }) {
  const scan = useScan(scanId);
  if (scan.isPending) return <StatusPanel kind="loading" title="Loading the findings…" />;
  if (scan.isError) return <QueryError error={scan.error} title="The findings could not be loaded" onRetry={() => void scan.refetch()} />;
  const s = scan.data;
  return (
    <Stack gap="sm">
      <Paper withBorder p="sm" radius="md">
        <Group justify="space-between" wrap="wrap" gap="xs">
          <Stack gap={2}>
            <Text size="sm">
              Scanned {formatDateTime(s.created_at)} · checks {s.catalog_version}
              {s.difference ? '' : ' · first scan'}
            </Text>
            <ScanSummary scan={s} />
          </Stack>
          <ScanFiles scanId={s.id} name={s.display_name} />
        </Group>
      </Paper>
      <Findings scan={s} />
    </Stack>
  );
}

/** The tenant page's Petra Scan section: its scans, newest first, and the chosen one's findings. */
export function TenantScans({ tenantId }: { tenantId: string }) {
  const availability = useScanAvailability();
  const enabled = availability.data?.scan === true;
  const scans = useTenantScans(tenantId, enabled);
  const [chosen, setChosen] = useState<string | null>(null);
  if (!enabled) return null;
  const heading = (
    <Title order={2} size="h4">
      Petra Scan
    </Title>
  );
  if (scans.isPending) return <>{heading}<StatusPanel kind="loading" title="Loading the scans…" /></>;
  if (scans.isError) {
    return <>{heading}<QueryError error={scans.error} title="The scans could not be loaded" onRetry={() => void scans.refetch()} /></>;
  }
  const items = scans.data.items;
  if (items.length === 0) {
    return (
      <>
        {heading}
        <Text size="sm" c="dimmed">
          This tenant has not been scanned yet. Scan it from Managed tenants with Scan or Onboard &amp; Scan.
        </Text>
      </>
    );
  }
  const scanId = chosen ?? items[0]?.id ?? null;
  return (
    <Stack gap="sm">
      {heading}
      {items.length > 1 && (
        <Group gap="xs">
          <NativeSelect
            size="xs"
            label="Scan"
            value={scanId ?? ''}
            onChange={(event) => setChosen(event.currentTarget.value)}
            data={items.map((item, index) => ({
              value: item.id,
              label: `${formatDateTime(item.created_at)}${index === 0 ? ' (latest)' : ''}`,
            }))}
          />
          <Badge variant="light" color="gray">
            {items.length} scans
          </Badge>
        </Group>
      )}
      {scanId && <ScanView scanId={scanId} />}
    </Stack>
  );
}

import { Badge, Progress, Stack, Table, Text } from '@mantine/core';
import type { ScanDetail, Severity } from '../../api/schemas';
import { StatusPanel } from '../../components/StatusPanel';
import { plural } from '../../lib/dates';
import { useOperationScans, useScans } from './hooks';
import { SEVERITIES, SEVERITY_COLORS, SEVERITY_LABELS } from './labels';

/** At most this many tenants' findings are read for the overview. */
export const OVERVIEW_LIMIT = 200;

export interface CheckFailures {
  checkId: string;
  title: string;
  severity: Severity;
  failed: number;
  scanned: number;
}

/** Which checks fail in the most tenants: by tenant count, then severity, then title. */
export function failingChecks(scans: ScanDetail[]): CheckFailures[] {
  const checks = new Map<string, CheckFailures>();
  for (const scan of scans) {
    for (const finding of scan.findings) {
      const row = checks.get(finding.check_id) ?? {
        checkId: finding.check_id,
        title: finding.title,
        severity: finding.severity,
        failed: 0,
        scanned: 0,
      };
      row.scanned += 1;
      if (finding.status === 'fail') row.failed += 1;
      checks.set(finding.check_id, row);
    }
  }
  return [...checks.values()]
    .filter((row) => row.failed > 0)
    .sort(
      (a, b) =>
        b.failed - a.failed || SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity) || a.title.localeCompare(b.title),
    );
}

export function FailingChecksTable({ rows }: { rows: CheckFailures[] }) {
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
            <Table.Tr key={row.checkId}>
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
                    {row.failed} of {plural(row.scanned, 'tenant')}
                  </Text>
                  <Progress
                    value={(row.failed / row.scanned) * 100}
                    color={SEVERITY_COLORS[row.severity]}
                    size="sm"
                    aria-label={`${row.title}: ${row.failed} of ${row.scanned} tenants failing`}
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

/**
 * The organization's overview from one scan operation: the API lists scans per operation with
 * counts only, so each tenant's findings are read (up to OVERVIEW_LIMIT tenants).
 */
export function ScansOverview({ operationId }: { operationId: string }) {
  const scans = useOperationScans(operationId);
  const ids = (scans.data?.items ?? []).slice(0, OVERVIEW_LIMIT).map((scan) => scan.id);
  const details = useScans(ids);
  if (scans.isPending || details.some((query) => query.isPending)) {
    return <StatusPanel kind="loading" title="Reading the findings…" />;
  }
  const loaded = details.flatMap((query) => (query.data ? [query.data] : []));
  if (loaded.length === 0) return <StatusPanel kind="empty" title="This scan has no results yet" />;
  const total = scans.data?.items.length ?? 0;
  return (
    <Stack gap="xs">
      <Text size="sm" c="dimmed">
        Across {plural(loaded.length, 'scanned tenant')}
        {total > loaded.length && ` (the first ${loaded.length} of ${total})`}.
      </Text>
      <FailingChecksTable rows={failingChecks(loaded)} />
    </Stack>
  );
}

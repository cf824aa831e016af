import { Badge, Group, Text } from '@mantine/core';
import type { ScanOut } from '../../api/schemas';
import { SEVERITIES, SEVERITY_COLORS, SEVERITY_LABELS } from './labels';

/** Failed checks by severity, errors, and what changed since the tenant's previous scan. */
export function ScanSummary({ scan }: { scan: ScanOut }) {
  const failed = SEVERITIES.filter((severity) => (scan.summary.failed_by_severity[severity] ?? 0) > 0);
  const errors = scan.summary.status.error ?? 0;
  const passed = scan.summary.status.pass ?? 0;
  return (
    <Group gap={4} wrap="wrap">
      {failed.length === 0 && errors === 0 && (
        <Badge color="green" variant="light">
          No failed checks
        </Badge>
      )}
      {failed.map((severity) => (
        <Badge key={severity} color={SEVERITY_COLORS[severity]} variant="light">
          {scan.summary.failed_by_severity[severity]} {SEVERITY_LABELS[severity].toLowerCase()}
        </Badge>
      ))}
      {errors > 0 && (
        <Badge color="orange" variant="light">
          {errors} could not run
        </Badge>
      )}
      {scan.difference && scan.difference.new.length > 0 && (
        <Badge color="red" variant="light">
          {scan.difference.new.length} new
        </Badge>
      )}
      {scan.difference && scan.difference.resolved.length > 0 && (
        <Badge color="green" variant="light">
          {scan.difference.resolved.length} resolved
        </Badge>
      )}
      <Text size="xs" c="dimmed">
        {passed} passed
      </Text>
    </Group>
  );
}

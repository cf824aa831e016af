import { Anchor, Group } from '@mantine/core';

/** The printable report (prints well to PDF) and the findings as CSV. */
export function ScanFiles({ scanId, name }: { scanId: string; name: string }) {
  return (
    <Group gap="md">
      <Anchor href={`/api/v1/scans/${scanId}/report`} target="_blank" rel="noreferrer" size="sm" aria-label={`Printable report for ${name}`}>
        Printable report
      </Anchor>
      <Anchor href={`/api/v1/scans/${scanId}/findings.csv`} download size="sm" aria-label={`Findings CSV of ${name}`}>
        Findings CSV
      </Anchor>
    </Group>
  );
}

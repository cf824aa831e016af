import { Accordion, Alert, Anchor, Badge, Group, Stack, Table, Text, Title } from '@mantine/core';
import type { FindingOut, ScanDetail, Severity } from '../../api/schemas';
import { plural } from '../../lib/dates';
import { FINDING_STATUS_COLORS, FINDING_STATUS_LABELS, SEVERITIES, SEVERITY_COLORS, SEVERITY_LABELS, STATUS_ORDER } from './labels';

function cell(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (Array.isArray(value)) return value.map(cell).join(', ');
  if (typeof value === 'object') return JSON.stringify(value);
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return '—';
}

function humanize(key: string): string {
  const text = key.replace(/_/g, ' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Counts, then up to 20 examples as a small table with the examples' own fields. */
function Evidence({ finding }: { finding: FindingOut }) {
  const counts = Object.entries(finding.evidence.counts);
  const examples = finding.evidence.examples;
  const columns = [...new Set(examples.flatMap((example) => Object.keys(example)))];
  if (counts.length === 0 && examples.length === 0) return null;
  return (
    <Stack gap={4}>
      {counts.length > 0 && (
        <Group gap="md">
          {counts.map(([key, value]) => (
            <Text size="sm" key={key}>
              <Text span c="dimmed" size="sm">
                {humanize(key)}:
              </Text>{' '}
              {value.toLocaleString()}
            </Text>
          ))}
        </Group>
      )}
      {examples.length > 0 && (
        <Table.ScrollContainer minWidth={360}>
          <Table withTableBorder verticalSpacing={2} fz="xs" aria-label={`Examples for ${finding.title}`}>
            <Table.Thead>
              <Table.Tr>
                {columns.map((column) => (
                  <Table.Th scope="col" key={column}>
                    {humanize(column)}
                  </Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {examples.map((example, index) => (
                <Table.Tr key={index}>
                  {columns.map((column) => (
                    <Table.Td key={column}>{cell(example[column])}</Table.Td>
                  ))}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}

function FindingItem({ finding, isNew }: { finding: FindingOut; isNew: boolean }) {
  return (
    <Accordion.Item value={finding.check_id}>
      <Accordion.Control>
        <Group gap="xs" wrap="nowrap">
          <Badge color={FINDING_STATUS_COLORS[finding.status]} variant="light" miw={64}>
            {FINDING_STATUS_LABELS[finding.status]}
          </Badge>
          <Text size="sm" fw={500}>
            {finding.title}
          </Text>
          {isNew && (
            <Badge color="red" variant="light" size="sm">
              New
            </Badge>
          )}
        </Group>
      </Accordion.Control>
      <Accordion.Panel>
        <Stack gap="xs">
          <Text size="sm">{finding.summary}</Text>
          <Evidence finding={finding} />
          {finding.status !== 'pass' && finding.status !== 'not_applicable' && (
            <div>
              <Text size="sm" fw={600}>
                Remediation
              </Text>
              <Text size="sm">{finding.remediation}</Text>
            </div>
          )}
          <Anchor href={finding.link} target="_blank" rel="noreferrer" size="sm">
            Microsoft’s guidance for {finding.title}
          </Anchor>
        </Stack>
      </Accordion.Panel>
    </Accordion.Item>
  );
}

/** One tenant's findings, grouped by severity, failures first in each group, the prominent ones on top. */
export function Findings({ scan }: { scan: ScanDetail }) {
  // A first scan has nothing to compare with (no difference): its failures are not "new".
  const fresh = new Set(scan.difference?.new ?? []);
  const resolved = scan.difference?.resolved ?? [];
  const prominent = scan.findings.filter((finding) => finding.prominent && finding.status !== 'pass');
  const bySeverity = (severity: Severity) =>
    scan.findings
      .filter((finding) => finding.severity === severity)
      .sort((a, b) => STATUS_ORDER[a.status] - STATUS_ORDER[b.status] || a.title.localeCompare(b.title));
  const failedOpen = scan.findings.filter((finding) => finding.status === 'fail' || finding.status === 'error').map((f) => f.check_id);
  return (
    <Stack gap="sm">
      {prominent.map((finding) => (
        <Alert key={finding.check_id} color="red" title={finding.title}>
          <Text size="sm">{finding.summary}</Text>
          <Text size="sm" mt={4}>
            {finding.remediation}{' '}
            <Anchor href={finding.link} target="_blank" rel="noreferrer" size="sm" c="inherit" underline="always">
              Microsoft’s guidance
            </Anchor>
          </Text>
        </Alert>
      ))}
      {resolved.length > 0 && (
        <Group gap={6}>
          <Text size="sm">Resolved since the previous scan:</Text>
          {resolved.map((checkId) => (
            <Badge key={checkId} color="green" variant="light" size="sm">
              {scan.findings.find((finding) => finding.check_id === checkId)?.title ?? checkId}
            </Badge>
          ))}
        </Group>
      )}
      {SEVERITIES.map((severity) => {
        const findings = bySeverity(severity);
        if (findings.length === 0) return null;
        const failed = findings.filter((finding) => finding.status === 'fail').length;
        return (
          <section key={severity} aria-labelledby={`severity-${scan.id}-${severity}`}>
            <Group gap="xs" mb={4}>
              <Title order={3} size="h5" id={`severity-${scan.id}-${severity}`}>
                {SEVERITY_LABELS[severity]}
              </Title>
              <Badge color={SEVERITY_COLORS[severity]} variant="light">
                {failed > 0 ? `${plural(failed, 'failed check')}` : 'no failures'}
              </Badge>
            </Group>
            <Accordion multiple variant="separated" defaultValue={failedOpen.slice(0, 3)}>
              {findings.map((finding) => (
                <FindingItem key={finding.check_id} finding={finding} isNew={fresh.has(finding.check_id)} />
              ))}
            </Accordion>
          </section>
        );
      })}
    </Stack>
  );
}

import { Badge, Group, List, Paper, Stack, Text, Tooltip } from '@mantine/core';
import type { AssignmentOut, RelationshipOut, TenantDetail } from '../../api/schemas';
import { CopyId } from '../../components/CopyId';
import { StatusPanel } from '../../components/StatusPanel';
import { daysUntil, formatDate } from '../../lib/dates';
import {
  ASSIGNMENT_STATUS_LABELS,
  GDAP_WARNING_DAYS,
  RELATIONSHIP_KIND_HINTS,
  RELATIONSHIP_KIND_LABELS,
  RELATIONSHIP_STATUS_LABELS,
  relationshipStatusColor,
} from './labels';

function autoExtendText(rel: RelationshipOut): string {
  if (rel.auto_extends) return 'Yes, by 180 days';
  return rel.auto_extend_duration && rel.auto_extend_duration !== 'PT0S' && rel.auto_extend_duration !== 'P0D'
    ? `No (${rel.auto_extend_duration})`
    : 'No';
}

function Assignments({ rel }: { rel: RelationshipOut }) {
  if (rel.assignments.length === 0) {
    return (
      <Text size="xs" c="dimmed">
        {rel.status === 'active' ? 'No security group is assigned any of its roles.' : 'No access assignments.'}
      </Text>
    );
  }
  return (
    <List size="xs" spacing={4} listStyleType="none" aria-label={`Access assignments of ${rel.display_name}`}>
      {rel.assignments.map((a: AssignmentOut) => (
        <List.Item key={`${a.group_id}-${a.status}`}>
          <Group gap={6} wrap="nowrap" align="flex-start">
            <Badge size="xs" variant="light" color={a.status === 'active' ? 'green' : 'gray'}>
              {ASSIGNMENT_STATUS_LABELS[a.status] ?? a.status}
            </Badge>
            <Text size="xs">
              <Text span fw={600} size="xs">
                {a.group_name ?? a.group_id}
              </Text>
              {' → '}
              {a.roles.join(', ') || 'no roles'}
            </Text>
          </Group>
        </List.Item>
      ))}
    </List>
  );
}

function Relationship({ rel }: { rel: RelationshipOut }) {
  const days = daysUntil(rel.end_at);
  const warn = rel.status === 'active' && days !== null && days <= GDAP_WARNING_DAYS && !rel.auto_extends;
  return (
    <Paper withBorder p="sm" radius="md" component="article" aria-label={rel.display_name}>
      <Stack gap={6}>
        <Group justify="space-between" align="flex-start" wrap="wrap">
          <Stack gap={0}>
            <Text size="sm" fw={600}>
              {rel.display_name}
            </Text>
            <CopyId id={rel.id} label="relationship id" />
          </Stack>
          <Group gap={6}>
            <Tooltip label={RELATIONSHIP_KIND_HINTS[rel.kind]} multiline w={260}>
              <Badge variant="outline" color="gray">
                {RELATIONSHIP_KIND_LABELS[rel.kind]}
              </Badge>
            </Tooltip>
            <Badge variant="light" color={relationshipStatusColor(rel.status)}>
              {RELATIONSHIP_STATUS_LABELS[rel.status] ?? rel.status}
            </Badge>
          </Group>
        </Group>
        <Text size="xs" c={rel.usable ? 'dimmed' : 'var(--mantine-color-orange-light-color)'}>
          {rel.usable
            ? 'Counts for GDAP Permissions.'
            : rel.kind === 'microsoft_led' && rel.status === 'active'
              ? 'Not counted for GDAP Permissions: Microsoft-led relationships never are.'
              : 'Not counted for GDAP Permissions: only active relationships are.'}
        </Text>
        <Text size="xs">
          <Text span c="dimmed" size="xs">
            Roles:{' '}
          </Text>
          {rel.roles.join(', ') || '—'}
        </Text>
        <Group gap="lg">
          <Text size="xs">
            <Text span c="dimmed" size="xs">
              Start:{' '}
            </Text>
            {formatDate(rel.activated_at)}
          </Text>
          <Text size="xs" c={warn ? 'var(--mantine-color-orange-light-color)' : undefined}>
            <Text span c="dimmed" size="xs">
              End:{' '}
            </Text>
            {formatDate(rel.end_at)}
          </Text>
          <Text size="xs">
            <Text span c="dimmed" size="xs">
              Auto-extend:{' '}
            </Text>
            {autoExtendText(rel)}
          </Text>
        </Group>
        <Assignments rel={rel} />
      </Stack>
    </Paper>
  );
}

/** Every GDAP relationship Microsoft lists for the tenant, with its type, status and access. */
export function RelationshipsSection({ tenant }: { tenant: TenantDetail }) {
  if (tenant.relationships.length === 0) {
    return (
      <StatusPanel kind="empty" title="No GDAP relationship">
        Ask the client's admin to approve a new GDAP relationship.
      </StatusPanel>
    );
  }
  return (
    <Stack gap="sm">
      {tenant.relationships.map((rel) => (
        <Relationship key={rel.id} rel={rel} />
      ))}
    </Stack>
  );
}

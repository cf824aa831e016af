import { Alert, Badge, Button, Group, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import { toApiError } from '../../api/client';
import type { OnboardingOut, RecordOut, TenantDetail } from '../../api/schemas';
import { QueryError, StatusPanel } from '../../components/StatusPanel';
import { formatDateTime } from '../../lib/dates';
import { useCan } from '../auth/session';
import { isActive, useOperation, useOperationStream } from '../operations/hooks';
import { FixEmail, OnboardPicker, StatusActions, StepsBar, stepProgress } from './OnboardControls';
import { EMAIL_PERMISSION_HINTS, EMAIL_PERMISSION_LABELS, PETRA_STATUS_COLORS, PETRA_STATUS_LABELS } from './labels';
import { runningRecord, useCheckEmail, useLiveOperation, useRecordCommand, useTenantOnboarding } from './onboarding';
import {
  stepCount,
  PRODUCT_TITLES,
  RECORD_KIND_LABELS,
  RECORD_STATE_COLORS,
  RECORD_STATE_LABELS,
  STEP_STATE_COLORS,
  STEP_STATE_LABELS,
  stepLabel,
} from './onboardingLabels';

function StepsTable({ record }: { record: RecordOut }) {
  if (record.steps.length === 0) return null;
  return (
    <Table.ScrollContainer minWidth={820}>
      <Table verticalSpacing={4} striped aria-label={`Steps of the ${RECORD_KIND_LABELS[record.kind].toLowerCase()} of ${formatDateTime(record.created_at)}`}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col" w={190}>
              Step
            </Table.Th>
            <Table.Th scope="col" w={170}>
              State
            </Table.Th>
            <Table.Th scope="col" w={80}>
              Attempts
            </Table.Th>
            <Table.Th scope="col">Message</Table.Th>
            <Table.Th scope="col" w={150}>
              Started
            </Table.Th>
            <Table.Th scope="col" w={150}>
              Finished
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {record.steps.map((step) => (
            <Table.Tr key={step.name}>
              <Table.Td>
                <Text size="sm">{stepLabel(step.name)}</Text>
              </Table.Td>
              <Table.Td>
                <Badge variant="light" color={STEP_STATE_COLORS[step.state]}>
                  {STEP_STATE_LABELS[step.state]}
                </Badge>
              </Table.Td>
              <Table.Td>
                <Text size="sm">{step.attempts}</Text>
              </Table.Td>
              <Table.Td>
                <Text size="xs">{step.message ?? '—'}</Text>
                {step.root_cause && (
                  <Text size="xs" c="dimmed">
                    Root cause: {step.root_cause}
                  </Text>
                )}
              </Table.Td>
              <Table.Td>
                <Text size="xs">{step.started_at ? formatDateTime(step.started_at) : '—'}</Text>
              </Table.Td>
              <Table.Td>
                <Text size="xs">{step.finished_at ? formatDateTime(step.finished_at) : '—'}</Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

interface RecordCardProps {
  tenantId: string;
  record: RecordOut;
  /** The newest onboarding record, the one Retry resumes. */
  latestOnboarding: boolean;
  monitoring: boolean;
}

function RecordCard({ tenantId, record, latestOnboarding, monitoring }: RecordCardProps) {
  const can = useCan();
  const command = useRecordCommand(tenantId);
  const title = `${RECORD_KIND_LABELS[record.kind]}${record.product ? ` · ${PRODUCT_TITLES[record.product]}` : ''}`;
  const headingId = `record-${record.id}`;
  const manage = can('operations.manage') && record.operation_id !== null;
  const retry = manage && latestOnboarding && !monitoring && (record.state === 'failed' || record.state === 'cancelled');
  const cancel = manage && record.state === 'running';
  const { done } = stepProgress(record);
  return (
    <Paper withBorder p="sm" radius="md" component="article" aria-labelledby={headingId}>
      <Stack gap="xs">
        <Group justify="space-between" wrap="wrap" gap="xs">
          <Group gap="xs">
            <Title order={3} size="h6" id={headingId}>
              {title}
            </Title>
            <Badge variant="light" color={RECORD_STATE_COLORS[record.state]}>
              {RECORD_STATE_LABELS[record.state]}
            </Badge>
          </Group>
          <Group gap="xs">
            {cancel && (
              <Button
                size="xs"
                variant="default"
                loading={command.isPending}
                onClick={() => command.mutate({ command: 'cancel', operationId: record.operation_id ?? '' })}
              >
                Cancel
              </Button>
            )}
            {retry && (
              <Button
                size="xs"
                loading={command.isPending}
                onClick={() => command.mutate({ command: 'retry', operationId: record.operation_id ?? '' })}
              >
                Retry
              </Button>
            )}
            {record.operation_id && can('operations.read') && (
              <Button size="xs" variant="subtle" component={Link} to={`/operations/${record.operation_id}`}>
                Operation
              </Button>
            )}
          </Group>
        </Group>
        {record.state === 'running' && record.kind === 'onboard' && (
          <StepsBar
            label={`${title} progress`}
            done={done}
            summary={`${done} of ${stepCount(record.steps)} steps done`}
            size="md"
            total={stepCount(record.steps)}
          />
        )}
        {record.message && (
          <Text size="sm" c={record.state === 'failed' ? 'var(--mantine-color-red-light-color)' : undefined}>
            {record.message}
          </Text>
        )}
        <Text size="xs" c="dimmed">
          {formatDateTime(record.created_at)}
          {record.actor && ` by ${record.actor}`}
          {record.finished_at && ` · finished ${formatDateTime(record.finished_at)}`}
          {record.catalog_version && ` · permissions catalog ${record.catalog_version}`}
        </Text>
        {retry && (
          <Text size="xs" c="dimmed">
            Retry resumes at the step that failed; steps already done are not run again.
          </Text>
        )}
        <StepsTable record={record} />
        {command.error && (
          <Alert color="red" role="alert">
            {toApiError(command.error).detail}
          </Alert>
        )}
      </Stack>
    </Paper>
  );
}

/** Follows the running record's operation on the event stream, so the page sees it end at once. */
function FollowOperation({ operationId }: { operationId: string }) {
  const { data: operation } = useOperation(operationId);
  useOperationStream(operationId, operation?.state);
  return null;
}

function Facts({ tenant, view }: { tenant: TenantDetail; view: OnboardingOut }) {
  const check = useCheckEmail(tenant.tenant_id);
  const can = useCan();
  const note = view.email_permissions_note ?? tenant.email_permissions_note ?? null;
  const emailTenant = { ...tenant, status: view.status, email_permissions: view.email_permissions };
  return (
    <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="md">
      <div>
        <Text size="xs" c="dimmed">
          Petra Status
        </Text>
        <Badge color={PETRA_STATUS_COLORS[view.status]} variant="light">
          {PETRA_STATUS_LABELS[view.status]}
        </Badge>
      </div>
      <div>
        <Text size="xs" c="dimmed">
          Product
        </Text>
        <Text size="sm">{view.product ? PRODUCT_TITLES[view.product] : '—'}</Text>
      </div>
      <div>
        <Text size="xs" c="dimmed">
          Email Perms
        </Text>
        <Group gap="xs" align="flex-start">
          {view.email_permissions === 'needs_fix' && tenant.actions.includes('fix_email') ? (
            <FixEmail tenant={emailTenant} note={note} size="sm" />
          ) : (
            <Text size="sm" fw={600} c={view.email_permissions === 'ok' ? 'var(--mantine-color-green-light-color)' : undefined}>
              {EMAIL_PERMISSION_LABELS[view.email_permissions]}
            </Text>
          )}
          {can('tenants.manage') && view.status !== 'not_protected' && view.status !== 'previously_deleted' && (
            <Button size="compact-xs" variant="subtle" loading={check.isPending} onClick={() => check.mutate()}>
              Check again
            </Button>
          )}
        </Group>
        <Text size="xs" c="dimmed">
          {note ?? EMAIL_PERMISSION_HINTS[view.email_permissions]}
        </Text>
        {check.error && (
          <Text size="xs" c="var(--mantine-color-red-light-color)" role="alert">
            {toApiError(check.error).detail}
          </Text>
        )}
      </div>
    </SimpleGrid>
  );
}

/** The tenant page's Onboarding section: status, product, Email Perms, actions and the history with its steps. */
export function OnboardingSection({ tenant }: { tenant: TenantDetail }) {
  const liveOnboarding = useLiveOperation(tenant.tenant_id, 'onboarding');
  const { data: started } = useOperation(liveOnboarding);
  // Just started here: read again until the history shows it running.
  const onboarding = useTenantOnboarding(tenant.tenant_id, { poll: started !== undefined && isActive(started.state) });
  if (onboarding.isPending) return <StatusPanel kind="loading" title="Loading the tenant's onboarding…" />;
  if (onboarding.isError) {
    return <QueryError error={onboarding.error} title="The onboarding could not be loaded" onRetry={() => void onboarding.refetch()} />;
  }
  const view = onboarding.data;
  const running = runningRecord(view);
  const current = { ...tenant, status: view.status };
  const latestOnboardingId = view.history.find((record) => record.kind === 'onboard')?.id;
  const busy = running !== null;
  return (
    <Stack gap="sm">
      {running?.operation_id && <FollowOperation operationId={running.operation_id} />}
      <Paper withBorder p="md" radius="md">
        <Stack gap="sm">
          <Facts tenant={tenant} view={view} />
          {!busy && (tenant.actions.includes('onboard') || tenant.actions.includes('reconsent')) && view.status !== 'monitoring' && view.status !== 'paused' && (
            <Group gap="xs" align="flex-end">
              <OnboardPicker tenant={current} size="sm" />
            </Group>
          )}
          {!busy && <StatusActions tenant={current} size="sm" />}
          {tenant.gdap_state !== 'ready' && view.status !== 'monitoring' && view.status !== 'paused' && (
            <Text size="sm" c="dimmed">
              Onboarding needs GDAP Permissions Ready.
            </Text>
          )}
        </Stack>
      </Paper>
      <Title order={3} size="h5">
        History
      </Title>
      {view.history.length === 0 ? (
        <Text size="sm" c="dimmed">
          This tenant has not been onboarded yet.
        </Text>
      ) : (
        view.history.map((record) => (
          <RecordCard
            key={record.id}
            tenantId={tenant.tenant_id}
            record={record}
            latestOnboarding={record.id === latestOnboardingId}
            monitoring={view.status === 'monitoring' || view.status === 'paused'}
          />
        ))
      )}
    </Stack>
  );
}

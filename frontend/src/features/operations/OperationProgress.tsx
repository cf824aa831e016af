import { Alert, Anchor, Badge, Button, Group, List, Paper, Progress, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import { toApiError } from '../../api/client';
import type { OperationItemOut, OperationOut } from '../../api/schemas';
import { formatDateTime, formatDuration, formatRelative, plural } from '../../lib/dates';
import { useCan } from '../auth/session';
import { isActive, useOperation, useOperationCommand, useOperationStream } from './hooks';
import { OPERATION_KIND_LABELS, OPERATION_STATE_COLORS, OPERATION_STATE_LABELS } from './labels';

/** The counts line under the bar: what is done, what failed, what waits on Microsoft. */
export function progressSummary(operation: OperationOut): string {
  const p = operation.progress;
  const done = (p.succeeded ?? 0) + (p.failed ?? 0) + (p.cancelled ?? 0);
  if (p.total === 0) {
    return isActive(operation.state) ? (operation.step ?? 'Starting…') : 'No tenants to process.';
  }
  const parts = [`${done.toLocaleString()} of ${plural(p.total, 'tenant')} done`];
  if (p.succeeded) parts.push(`${p.succeeded.toLocaleString()} succeeded`);
  if (p.failed) parts.push(`${p.failed.toLocaleString()} failed`);
  if (p.cancelled) parts.push(`${p.cancelled.toLocaleString()} cancelled`);
  if (p.running) parts.push(`${p.running.toLocaleString()} running`);
  return parts.join(' · ');
}

function percent(part: number | undefined, total: number): number {
  return total > 0 ? ((part ?? 0) / total) * 100 : 0;
}

function ProgressBar({ operation }: { operation: OperationOut }) {
  const p = operation.progress;
  const active = isActive(operation.state);
  const label = `${OPERATION_KIND_LABELS[operation.kind]} progress`;
  if (p.total === 0) {
    return <Progress value={active ? 100 : 0} striped animated={active} aria-label={label} size="lg" />;
  }
  const done = (p.succeeded ?? 0) + (p.failed ?? 0) + (p.cancelled ?? 0);
  // One progress bar for assistive technology; the coloured sections only repeat its text.
  return (
    <Progress.Root
      size="lg"
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={p.total}
      aria-valuenow={done}
      aria-valuetext={progressSummary(operation)}
    >
      <Progress.Section value={percent(p.succeeded, p.total)} color="green" aria-hidden />
      <Progress.Section value={percent(p.failed, p.total)} color="red" aria-hidden />
      <Progress.Section value={percent(p.cancelled, p.total)} color="gray" aria-hidden />
      <Progress.Section value={percent(p.running, p.total)} color="blue" striped animated aria-hidden />
    </Progress.Root>
  );
}

function FailedOutcomes({ outcomes }: { outcomes: OperationItemOut[] }) {
  const failed = outcomes.filter((item) => item.state === 'failed');
  if (failed.length === 0) return null;
  return (
    <Stack gap={4}>
      <Text size="sm" fw={600}>
        Failed tenants
      </Text>
      <List size="sm" spacing={4}>
        {failed.slice(0, 10).map((item) => (
          <List.Item key={item.tenant_id}>
            <Anchor component={Link} to={`/tenants/${item.tenant_id}`} size="sm">
              {item.display_name}
            </Anchor>
            {': '}
            {item.message ?? item.error_code ?? 'failed'}
          </List.Item>
        ))}
      </List>
      {failed.length > 10 && (
        <Text size="xs" c="dimmed">
          and {plural(failed.length - 10, 'more tenant')}
        </Text>
      )}
    </Stack>
  );
}

interface OperationProgressProps {
  operationId: string;
  /** Shown on the portal: a link to the whole operation. */
  showDetailsLink?: boolean;
  onDismiss?: () => void;
}

/** A running or finished operation: the bar with counts, what waits, what failed, and what to do. */
export function OperationProgress({ operationId, showDetailsLink = true, onDismiss }: OperationProgressProps) {
  const { data: operation, error } = useOperation(operationId);
  const running = operation ? isActive(operation.state) : false;
  const live = useOperationStream(operationId, operation?.state);
  const can = useCan();
  const cancel = useOperationCommand('cancel');
  const retry = useOperationCommand('retry');
  const resume = useOperationCommand('resume');
  const commandError = cancel.error ?? retry.error ?? resume.error;

  if (!operation) {
    return error ? (
      <Alert color="red" title="This operation could not be loaded">
        {toApiError(error).detail}
      </Alert>
    ) : null;
  }

  const p = operation.progress;
  const manage = can('operations.manage');
  const cancelling = operation.cancel_requested_at !== null && running;
  return (
    <Paper withBorder p="md" radius="md" aria-labelledby={`operation-${operation.id}`}>
      <Stack gap="sm">
        <Group justify="space-between" wrap="wrap" gap="xs">
          <Group gap="xs">
            <Title order={2} size="h5" id={`operation-${operation.id}`}>
              {OPERATION_KIND_LABELS[operation.kind]}
            </Title>
            <Badge color={OPERATION_STATE_COLORS[operation.state]} variant="light">
              {cancelling ? 'Cancelling' : OPERATION_STATE_LABELS[operation.state]}
            </Badge>
            {live.status === 'reconnecting' && (
              <Badge color="yellow" variant="outline">
                Reconnecting…
              </Badge>
            )}
          </Group>
          <Group gap="xs">
            {manage && running && !cancelling && (
              <Button size="xs" variant="default" loading={cancel.isPending} onClick={() => cancel.mutate(operation.id)}>
                Cancel
              </Button>
            )}
            {manage && operation.state === 'paused' && (
              <Button size="xs" loading={resume.isPending} onClick={() => resume.mutate(operation.id)}>
                Resume
              </Button>
            )}
            {manage && !running && (p.failed ?? 0) > 0 && (
              <Button size="xs" loading={retry.isPending} onClick={() => retry.mutate(operation.id)}>
                Retry failed
              </Button>
            )}
            {showDetailsLink && (
              <Button size="xs" variant="subtle" component={Link} to={`/operations/${operation.id}`}>
                Details
              </Button>
            )}
            {onDismiss && !running && (
              <Button size="xs" variant="subtle" color="gray" onClick={onDismiss}>
                Dismiss
              </Button>
            )}
          </Group>
        </Group>
        <ProgressBar operation={operation} />
        <Text size="sm" aria-live="polite">
          {progressSummary(operation)}
          {running && p.eta_seconds != null && p.eta_seconds > 0 && ` · about ${formatDuration(p.eta_seconds)} left`}
        </Text>
        {(p.waiting_on_microsoft ?? 0) > 0 && (
          <Text size="sm" c="var(--mantine-color-yellow-light-color)">
            {plural(p.waiting_on_microsoft ?? 0, 'tenant')} waiting on Microsoft
            {p.next_retry_at && `, next try ${formatRelative(p.next_retry_at)} (${formatDateTime(p.next_retry_at)})`}.
          </Text>
        )}
        {operation.state === 'paused' && (
          <Alert color="yellow" title="Paused">
            {operation.pause_reason ?? 'Too many tenants failed in a row, so the rest were held back.'}
            {manage && ' Resume when the cause is fixed.'}
          </Alert>
        )}
        {operation.error_message && !running && (
          <Alert color="red" title="The operation stopped">
            {operation.error_message}
            {operation.error_action && <Text size="sm" mt={4}>{operation.error_action}</Text>}
          </Alert>
        )}
        {commandError && (
          <Alert color="red" role="alert">
            {toApiError(commandError).detail}
          </Alert>
        )}
        <FailedOutcomes outcomes={live.outcomes} />
        <Text size="xs" c="dimmed">
          Started {formatDateTime(operation.started_at ?? operation.created_at)}
          {operation.created_by && ` by ${operation.created_by}`}
          {operation.finished_at && ` · finished ${formatDateTime(operation.finished_at)}`}
        </Text>
      </Stack>
    </Paper>
  );
}

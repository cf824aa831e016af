import type { ConnectionState, OperationOut } from '../../api/types';
import { plural } from '../../lib/dates';

export const CONNECTION_LABELS: Record<ConnectionState, string> = {
  connected: 'Connected',
  needs_reauth: 'Needs reauthentication',
  disconnected: 'Not connected',
};

const OPERATION_STATE_LABELS: Record<string, string> = {
  queued: 'Queued',
  running: 'Running',
  succeeded: 'Succeeded',
  partially_failed: 'Partially failed',
  failed: 'Failed',
  cancelled: 'Cancelled',
};

export function operationStateLabel(state: string): string {
  return OPERATION_STATE_LABELS[state] ?? state;
}

export function syncProgressText(operation: OperationOut | null): string {
  const total = operation?.progress.total ?? 0;
  if (!operation || total === 0) return 'Syncing…';
  const { succeeded = 0, failed = 0, cancelled = 0 } = operation.progress;
  return `Syncing… ${succeeded + failed + cancelled} / ${total}`;
}

export function syncResultText(operation: OperationOut): string {
  const { total, failed = 0 } = operation.progress;
  switch (operation.state) {
    case 'succeeded':
      return `Sync finished: ${plural(total, 'tenant')} refreshed.`;
    case 'partially_failed':
      return `Sync finished, but ${failed} of ${plural(total, 'tenant')} could not be refreshed.`;
    case 'cancelled':
      return 'Sync was cancelled.';
    default:
      return [`Sync failed.`, operation.error_message, operation.error_action]
        .filter(Boolean)
        .join(' ');
  }
}

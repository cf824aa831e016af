import type { ItemState, OperationKind, OperationState } from '../../api/schemas';

export const OPERATION_KIND_LABELS: Record<OperationKind, string> = {
  sync: 'Sync Tenants',
  onboard: 'Onboard Tenant',
  email_permissions: 'Email Perms',
  offboard: 'Offboard Tenant',
  gdap_follow: 'Follow GDAP requests',
  scan: 'Scan',
  monitor: 'Monitoring heartbeat',
};

export const OPERATION_STATE_LABELS: Record<OperationState, string> = {
  queued: 'Queued',
  running: 'Running',
  paused: 'Paused',
  succeeded: 'Succeeded',
  partially_failed: 'Partly failed',
  failed: 'Failed',
  cancelled: 'Cancelled',
};

export const OPERATION_STATE_COLORS: Record<OperationState, string> = {
  queued: 'gray',
  running: 'blue',
  paused: 'yellow',
  succeeded: 'green',
  partially_failed: 'orange',
  failed: 'red',
  cancelled: 'gray',
};

export const ITEM_STATE_LABELS: Record<ItemState, string> = {
  pending: 'Pending',
  running: 'Running',
  succeeded: 'Succeeded',
  failed: 'Failed',
  cancelled: 'Cancelled',
};

export const ITEM_STATE_COLORS: Record<ItemState, string> = {
  pending: 'gray',
  running: 'blue',
  succeeded: 'green',
  failed: 'red',
  cancelled: 'gray',
};

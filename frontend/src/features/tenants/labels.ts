import type { EmailPermissions, GdapState, PetraStatus, RelationshipKind, SortField, UserCountSource } from '../../api/schemas';

export const GDAP_LABELS: Record<GdapState, string> = {
  ready: 'Ready',
  missing: 'Missing',
  none: 'No access',
  not_applicable: 'Not applicable',
};

export const GDAP_COLORS: Record<GdapState, string> = {
  ready: 'green',
  missing: 'orange',
  none: 'red',
  not_applicable: 'gray',
};

export const PETRA_STATUS_LABELS: Record<PetraStatus, string> = {
  monitoring: 'Monitoring',
  paused: 'Paused',
  previously_deleted: 'Previously Deleted',
  not_protected: 'Not Protected',
  access_lost: 'Access Lost',
};

export const PETRA_STATUS_COLORS: Record<PetraStatus, string> = {
  monitoring: 'green',
  paused: 'yellow',
  previously_deleted: 'red',
  not_protected: 'gray',
  access_lost: 'orange',
};

export const EMAIL_PERMISSION_LABELS: Record<EmailPermissions, string> = {
  ok: 'OK',
  needs_fix: 'Fix',
  unknown: 'Unknown',
};

export const EMAIL_PERMISSION_HINTS: Record<EmailPermissions, string> = {
  ok: 'Petra has the Exchange permissions it needs.',
  needs_fix: 'Exchange permissions need a fix: Fix grants exactly what is missing.',
  unknown: 'Not checked yet.',
};

export const USER_SOURCE_HINTS: Record<UserCountSource, string> = {
  graph: 'Counted with Microsoft Graph',
  partner_center: "Counted from Partner Center's customer users",
  unknown: 'Unknown: Petra cannot read this tenant’s users yet',
};

export const SORT_LABELS: Record<SortField, string> = {
  name: 'Tenant',
  tenant_id: 'Tenant ID',
  gdap: 'GDAP Permissions',
  users: 'Users',
  status: 'Petra Status',
  email: 'Email Perms',
  gdap_end: 'GDAP ends',
  last_synced: 'Last sync',
  excluded: 'Exclude',
};

// Within this window an ending GDAP relationship needs the client's admin to renew in time.
export const GDAP_WARNING_DAYS = 30;

export const RELATIONSHIP_KIND_LABELS: Record<RelationshipKind, string> = {
  ordinary: 'Partner-created',
  default: 'Default (new customer)',
  microsoft_led: 'Microsoft-led (MLT_)',
  reseller: 'Reseller (indirect provider)',
};

export const RELATIONSHIP_KIND_HINTS: Record<RelationshipKind, string> = {
  ordinary: 'A relationship your organization requested and the client approved.',
  default: 'Created by Partner Center with the new customer, approved without the client’s admin.',
  microsoft_led: 'Created by Microsoft’s move from DAP to GDAP. Petra never counts its roles: request your own relationship.',
  reseller: 'Created for you by your indirect provider.',
};

/** Microsoft's relationship statuses in words; an unknown one is shown as Microsoft spells it. */
export const RELATIONSHIP_STATUS_LABELS: Record<string, string> = {
  created: 'Created (not sent)',
  approvalPending: 'Waiting for approval',
  approved: 'Approved',
  activating: 'Activating',
  active: 'Active',
  expiring: 'Expiring',
  expired: 'Expired',
  terminationRequested: 'Termination requested',
  terminating: 'Terminating',
  terminated: 'Terminated',
};

export function relationshipStatusColor(status: string): string {
  if (status === 'active') return 'green';
  if (['approvalPending', 'approved', 'activating', 'created'].includes(status)) return 'blue';
  if (['expiring', 'terminationRequested', 'terminating'].includes(status)) return 'orange';
  return 'gray';
}

export const ASSIGNMENT_STATUS_LABELS: Record<string, string> = {
  pending: 'Pending',
  active: 'Active',
  deleting: 'Being removed',
  deleted: 'Removed',
  error: 'Error',
};

import type { EmailPermissions, GdapState, PetraStatus, SortField, UserCountSource } from '../../api/schemas';

export const GDAP_LABELS: Record<GdapState, string> = {
  ready: 'Ready',
  missing: 'Missing',
  none: 'No access',
};

export const GDAP_COLORS: Record<GdapState, string> = {
  ready: 'green',
  missing: 'orange',
  none: 'red',
};

export const PETRA_STATUS_LABELS: Record<PetraStatus, string> = {
  monitoring: 'Monitoring',
  paused: 'Paused',
  previously_deleted: 'Previously Deleted',
  not_protected: 'Not Protected',
};

export const PETRA_STATUS_COLORS: Record<PetraStatus, string> = {
  monitoring: 'green',
  paused: 'yellow',
  previously_deleted: 'red',
  not_protected: 'gray',
};

export const EMAIL_PERMISSION_LABELS: Record<EmailPermissions, string> = {
  ok: 'OK',
  needs_fix: 'Fix',
  unknown: 'Unknown',
};

export const EMAIL_PERMISSION_HINTS: Record<EmailPermissions, string> = {
  ok: 'Petra has the Exchange permissions it needs.',
  needs_fix: 'Exchange permissions need to be resynced.',
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

/** Actions the API lists whose screens are not built yet: shown, but not offered. */
export const COMING_ACTIONS = {
  onboard: { label: 'Onboard', hint: 'Onboarding from this table is coming soon.' },
  fix_email: { label: 'Fix', hint: 'Resyncing Exchange permissions is coming soon.' },
} as const;

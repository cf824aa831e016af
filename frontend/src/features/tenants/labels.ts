import type { EmailPermissions, PetraStatus, TenantAction, UserCountSource } from '../../api/types';

export const PETRA_STATUS_LABELS: Record<PetraStatus, string> = {
  monitoring: 'Monitoring',
  paused: 'Paused',
  previously_deleted: 'Previously Deleted',
  not_protected: 'Not Protected',
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

/** Button labels for the Actions column; `exclude` is the checkbox in its own column. */
export const ACTION_LABELS: Record<Exclude<TenantAction, 'exclude'>, string> = {
  view: 'View',
  request_gdap: 'Request',
  onboard: 'Onboard',
  fix_email: 'Fix',
};

// Within this window an ending GDAP relationship needs the client's admin to renew in time.
export const GDAP_WARNING_DAYS = 30;

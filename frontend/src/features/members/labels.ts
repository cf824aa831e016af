import type { ApiKeyScope, Role } from '../../api/schemas';

export const ROLE_LABELS: Record<Role, string> = {
  admin: 'Admin',
  full_member: 'Full Member',
  external_guest: 'External Guest',
  billing: 'Billing',
};

export const ROLE_HINTS: Record<Role, string> = {
  admin: 'Everything, including members, API keys and the audit log.',
  full_member: 'Partner Center and tenants; with "can manage tenants" off, read only.',
  external_guest: 'Sees only the tenants shared with them; never Partner Center.',
  billing: 'Billing only; no tenants and no Partner Center.',
};

export const SCOPE_LABELS: Record<ApiKeyScope, string> = {
  read: 'Read',
  read_write: 'Read and write',
};

// Mirrors MeOut in api/auth/schemas.py until this client is generated from /api/openapi.json.

export type Role = 'admin' | 'full_member' | 'external_guest' | 'billing';

export interface Organization {
  id: string;
  name: string;
}

export interface Me {
  organization: Organization;
  actor_type: 'member' | 'api_key';
  member_id: string | null;
  email: string | null;
  display_name: string | null;
  role: Role | null;
  can_manage_tenants: boolean;
  permissions: string[];
  csrf_token: string | null;
}

export interface Credentials {
  email: string;
  password: string;
}

/** RFC 9457 problem details as the API renders them. */
export interface Problem {
  type?: string;
  title: string;
  status: number;
  detail?: string;
  code?: string;
  correlation_id?: string;
}

// Hand-written from openapi.yaml (components/schemas); names match the schema titles so a
// generated client can replace them one for one.

export type ReturnTo = 'portal' | 'onboarding';

export interface ConnectIn {
  return_to?: ReturnTo;
}

export interface AuthorizationOut {
  /** Send the browser here to sign in at Microsoft. */
  authorization_url: string;
}

export type ConnectionState = 'connected' | 'needs_reauth' | 'disconnected';

export interface LastSyncOut {
  operation_id: string;
  /** An OperationState, typed loosely by the API. */
  state: string;
  started_at: string | null;
  finished_at: string | null;
  error_code: string | null;
  error_message: string | null;
}

export interface ConnectionOut {
  state: ConnectionState;
  account?: string | null;
  partner_tenant_id?: string | null;
  connected_at?: string | null;
  connected_by?: string | null;
  last_token_refresh_at?: string | null;
  /** Days before the stored sign-in would expire from inactivity (90-day window). */
  refresh_token_days_left?: number | null;
  reauth_reason?: string | null;
  reauth_root_cause?: string | null;
  last_sync?: LastSyncOut | null;
}

export type OperationKind = 'sync';

export type OperationState =
  | 'queued'
  | 'running'
  | 'succeeded'
  | 'partially_failed'
  | 'failed'
  | 'cancelled';

export interface ProgressOut {
  total: number;
  pending?: number;
  succeeded?: number;
  failed?: number;
  cancelled?: number;
}

export interface OperationOut {
  id: string;
  kind: OperationKind;
  state: OperationState;
  step: string | null;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
  cancel_requested_at: string | null;
  /** Who started it: a member, an API key or the scheduler. */
  created_by: string | null;
  attempts: number;
  error_code: string | null;
  error_message: string | null;
  error_action: string | null;
  progress: ProgressOut;
}

export type GdapState = 'ready' | 'missing';

export type PetraStatus = 'monitoring' | 'paused' | 'previously_deleted' | 'not_protected';

export type EmailPermissions = 'ok' | 'needs_fix' | 'unknown';

export type UserCountSource = 'graph' | 'partner_center' | 'unknown';

export type TenantAction = 'view' | 'request_gdap' | 'onboard' | 'fix_email' | 'exclude';

export type SortField =
  | 'name'
  | 'tenant_id'
  | 'gdap'
  | 'users'
  | 'status'
  | 'email'
  | 'gdap_end'
  | 'last_synced'
  | 'excluded';

export interface TenantErrorOut {
  code: string | null;
  root_cause: string | null;
  message: string | null;
  action: string | null;
  at: string | null;
}

export interface TenantOut {
  tenant_id: string;
  display_name: string;
  default_domain: string | null;
  gdap_state: GdapState;
  gdap_missing_reason: string | null;
  gdap_roles: string[];
  relationship_count: number;
  gdap_earliest_end_at: string | null;
  gdap_latest_end_at: string | null;
  gdap_auto_extend: boolean;
  /** False once no active GDAP relationship is seen any more. */
  active: boolean;
  last_seen_active_at: string | null;
  users: number | null;
  users_source: UserCountSource;
  users_counted_at: string | null;
  status: PetraStatus;
  product: string | null;
  email_permissions: EmailPermissions;
  excluded: boolean;
  excluded_at: string | null;
  excluded_by: string | null;
  last_synced_at: string | null;
  last_error: TenantErrorOut | null;
  actions: TenantAction[];
}

export interface RelationshipOut {
  /** The delegatedAdminRelationship id. */
  id: string;
  display_name: string;
  status: string;
  roles: string[];
  activated_at: string | null;
  end_at: string | null;
  auto_extend_duration: string | null;
}

export interface TenantDetail extends TenantOut {
  relationships: RelationshipOut[];
}

export interface TenantPage {
  items: TenantOut[];
  total: number;
  next_cursor: string | null;
}

export interface TenantUpdate {
  excluded: boolean;
}

/** Query parameters of GET /api/v1/tenants that the table uses. */
export interface TenantQuery {
  q?: string;
  gdap_state?: GdapState;
  sort?: SortField;
  descending?: boolean;
  limit?: number;
  cursor?: string;
}

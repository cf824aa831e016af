import type { Action, ConnectionOut, Me, OperationItemOut, OperationOut, TenantOut, TenantPage } from '../api/schemas';

const DAY_MS = 24 * 60 * 60 * 1000;

export function daysFromNow(days: number): string {
  // Half a day of slack keeps whole-day arithmetic stable while a test runs.
  return new Date(Date.now() + days * DAY_MS + DAY_MS / 2).toISOString();
}

export const ALL_PERMISSIONS: Action[] = [
  'me.read',
  'members.read',
  'members.manage',
  'api_keys.read',
  'api_keys.manage',
  'audit.read',
  'operations.manage',
  'operations.read',
  'partner_center.connect',
  'partner_center.manage',
  'partner_center.read',
  'session.end',
  'tenants.manage',
  'tenants.add_individually',
  'tenants.read',
];

export function makeMe(overrides: Partial<Me> = {}): Me {
  return {
    organization: { id: 'org-1', name: 'Contoso MSP' },
    actor_type: 'member',
    member_id: 'm-1',
    email: 'ada@contoso.example',
    display_name: 'Ada',
    role: 'admin',
    can_manage_tenants: true,
    permissions: ALL_PERMISSIONS,
    csrf_token: 'csrf-abc',
    ...overrides,
  };
}

export function makeConnection(overrides: Partial<ConnectionOut> = {}): ConnectionOut {
  return {
    state: 'connected',
    account: 'admin@fabrikam-partner.example',
    partner_tenant_id: '6f1c2a3b-0000-4000-8000-000000000001',
    connected_at: '2026-01-10T09:30:00Z',
    connected_by: 'ada@contoso.example',
    last_token_refresh_at: '2026-01-12T09:30:00Z',
    refresh_token_days_left: 82,
    reauth_reason: null,
    reauth_root_cause: null,
    last_sync: {
      operation_id: 'op-previous',
      state: 'succeeded',
      started_at: '2026-01-12T02:00:00Z',
      finished_at: '2026-01-12T02:01:00Z',
      error_code: null,
      error_message: null,
    },
    ...overrides,
  };
}

export const DISCONNECTED: ConnectionOut = { state: 'disconnected' };

export function makeOperation(overrides: Partial<OperationOut> = {}): OperationOut {
  return {
    id: 'op-1',
    kind: 'sync',
    state: 'queued',
    subject: null,
    step: null,
    created_at: '2026-01-12T10:00:00Z',
    started_at: null,
    finished_at: null,
    cancel_requested_at: null,
    paused_at: null,
    pause_reason: null,
    created_by: 'ada@contoso.example',
    attempts: 0,
    error_code: null,
    error_message: null,
    error_action: null,
    progress: { total: 0, pending: 0, running: 0, succeeded: 0, failed: 0, cancelled: 0, waiting_on_microsoft: 0, next_retry_at: null, eta_seconds: null },
    ...overrides,
  };
}

export function makeTenant(overrides: Partial<TenantOut> = {}): TenantOut {
  return {
    tenant_id: '11111111-1111-4111-8111-111111111111',
    display_name: 'Northwind Traders',
    default_domain: 'northwind.example',
    gdap_state: 'ready',
    gdap_missing_code: null,
    gdap_missing_reason: null,
    gdap_roles: ['Global Administrator'],
    gdap_account_roles: ['Global Administrator'],
    gdap_ending_roles: ['Global Administrator'],
    relationship_count: 1,
    gdap_earliest_end_at: daysFromNow(300),
    gdap_latest_end_at: daysFromNow(300),
    gdap_auto_extend: false,
    active: true,
    last_seen_active_at: '2026-01-12T02:01:00Z',
    users: 120,
    users_source: 'graph',
    users_counted_at: '2026-01-12T02:01:00Z',
    users_note: null,
    status: 'monitoring',
    product: 'active',
    email_permissions: 'ok',
    access_lost_reason: null,
    access_lost_root_cause: null,
    access_lost_at: null,
    monitored_at: null,
    added_individually: false,
    added_individually_at: null,
    excluded: false,
    excluded_at: null,
    excluded_by: null,
    last_synced_at: '2026-01-12T02:01:00Z',
    last_error: null,
    actions: ['view', 'exclude'],
    ...overrides,
  };
}

export function makePage(items: TenantOut[], overrides: Partial<TenantPage> = {}): TenantPage {
  return { items, total: items.length, next_cursor: null, ...overrides };
}

export function makeItem(overrides: Partial<OperationItemOut> = {}): OperationItemOut {
  return {
    tenant_id: '11111111-1111-4111-8111-111111111111',
    display_name: 'Northwind Traders',
    state: 'succeeded',
    attempts: 1,
    message: null,
    error_code: null,
    root_cause: null,
    started_at: '2026-01-12T10:00:01Z',
    finished_at: '2026-01-12T10:00:02Z',
    next_attempt_at: null,
    updated_at: '2026-01-12T10:00:02Z',
    ...overrides,
  };
}

import type { AuditQuery, OperationQuery, TenantQuery } from './schemas';

/** Every query key in one place, so a mutation invalidates what it changed and nothing else. */
export const keys = {
  me: ['me'] as const,
  connection: ['partner-center', 'connection'] as const,
  tenants: ['tenants'] as const,
  tenantList: (query: Omit<TenantQuery, 'cursor'>) => ['tenants', 'list', query] as const,
  tenant: (tenantId: string) => ['tenants', 'detail', tenantId] as const,
  tenantOperations: (tenantId: string) => ['tenants', 'operations', tenantId] as const,
  tenantOnboarding: (tenantId: string) => ['tenants', 'onboarding', tenantId] as const,
  products: ['products'] as const,
  /** The operation this browser last started for a tenant, per lane (onboarding or Email Perms). */
  liveOperation: (tenantId: string, lane: 'onboarding' | 'email') => ['live-operation', tenantId, lane] as const,
  operations: ['operations'] as const,
  operationList: (query: Omit<OperationQuery, 'cursor'>) => ['operations', 'list', query] as const,
  operation: (operationId: string) => ['operations', 'detail', operationId] as const,
  operationItems: (operationId: string, state: string | null) =>
    ['operations', 'items', operationId, state] as const,
  members: ['members'] as const,
  apiKeys: ['api-keys'] as const,
  audit: ['audit'] as const,
  gdap: ['gdap'] as const,
  gdapRequests: (query: { state?: string; tenant_id?: string }) => ['gdap', 'requests', query] as const,
  gdapTemplates: ['gdap', 'templates'] as const,
  gdapRoles: ['gdap', 'roles'] as const,
  scans: ['scans'] as const,
  scanAvailability: ['scans', 'availability'] as const,
  scanChecks: ['scans', 'checks'] as const,
  scanOverview: ['scans', 'overview'] as const,
  /** Under `operations`, so an operation ending refreshes the list of scans. */
  scanOperations: ['operations', 'kind', 'scan'] as const,
  operationScans: (operationId: string) => ['scans', 'operation', operationId] as const,
  tenantScans: (tenantId: string) => ['scans', 'tenant', tenantId] as const,
  scan: (scanId: string) => ['scans', 'detail', scanId] as const,
  /** What Scan and Onboard & Scan would take now; under `tenants` so Exclude refreshes it. */
  scanEligible: ['tenants', 'scan-eligible'] as const,
  auditList: (query: Omit<AuditQuery, 'cursor'>) => ['audit', 'list', query] as const,
};

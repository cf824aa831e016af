import { requestJson } from './client';
import type {
  OperationOut,
  TenantDetail,
  TenantOut,
  TenantPage,
  TenantQuery,
  TenantUpdate,
} from './types';

export function tenantsPath(query: TenantQuery): string {
  const params = new URLSearchParams();
  if (query.q) params.set('q', query.q);
  if (query.gdap_state) params.set('gdap_state', query.gdap_state);
  if (query.sort) params.set('sort', query.sort);
  if (query.descending !== undefined) params.set('descending', String(query.descending));
  if (query.limit !== undefined) params.set('limit', String(query.limit));
  if (query.cursor) params.set('cursor', query.cursor);
  const search = params.toString();
  return search ? `/api/v1/tenants?${search}` : '/api/v1/tenants';
}

export function listTenants(query: TenantQuery): Promise<TenantPage> {
  return requestJson<TenantPage>('GET', tenantsPath(query));
}

export function getTenant(tenantId: string): Promise<TenantDetail> {
  return requestJson<TenantDetail>('GET', `/api/v1/tenants/${encodeURIComponent(tenantId)}`);
}

export function updateTenant(tenantId: string, update: TenantUpdate): Promise<TenantOut> {
  return requestJson<TenantOut>('PATCH', `/api/v1/tenants/${encodeURIComponent(tenantId)}`, update);
}

/** Starts a sync; the API answers 202 with the operation to follow. */
export function syncTenants(): Promise<OperationOut> {
  return requestJson<OperationOut>('POST', '/api/v1/tenants/sync');
}

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, call } from '../../api/client';
import { keys } from '../../api/keys';
import type { PetraStatus, ScanIn, TenantPage } from '../../api/schemas';

/** Whether an operator turned Petra Scan on for this organization. */
export function useScanAvailability(enabled = true) {
  return useQuery({
    queryKey: keys.scanAvailability,
    queryFn: () => call(api.GET('/api/v1/scans/availability')),
    staleTime: 60_000,
    enabled,
  });
}

export function useScanChecks(enabled = true) {
  return useQuery({
    queryKey: keys.scanChecks,
    queryFn: () => call(api.GET('/api/v1/scans/checks')),
    staleTime: 5 * 60_000,
    enabled,
  });
}

export interface ScanEligible {
  /** Onboarded to Petra Scan (Monitoring, product Scan) and not excluded. */
  scan: number;
  /** GDAP Ready, Petra not in the tenant (Not Protected or Previously Deleted), not excluded. */
  onboard: number;
}

const ONBOARDABLE: readonly PetraStatus[] = ['not_protected', 'previously_deleted'];

/**
 * How many tenants Scan and Onboard & Scan would take. The API has no count for this, so it is
 * computed from the tenants list with the README's rules (api/scans/service.py scannable and
 * onboardable): Scan takes Monitoring tenants with product Scan; Onboard & Scan also takes GDAP
 * Ready tenants that are Not Protected or Previously Deleted; neither takes an excluded tenant.
 * The server decides in the end: the started operation's total is what runs.
 */
export function useScanEligible(enabled: boolean) {
  return useQuery({
    queryKey: keys.scanEligible,
    enabled,
    queryFn: async (): Promise<ScanEligible> => {
      let scan = 0;
      let cursor: string | null = null;
      do {
        const page: TenantPage = await call(
          api.GET('/api/v1/tenants', {
            params: { query: { status: 'monitoring', excluded: false, limit: 500, cursor: cursor ?? undefined } },
          }),
        );
        scan += page.items.filter((tenant) => tenant.product === 'scan').length;
        cursor = page.next_cursor ?? null;
      } while (cursor);
      const totals = await Promise.all(
        ONBOARDABLE.map((status) =>
          call(api.GET('/api/v1/tenants', { params: { query: { status, gdap_state: 'ready', excluded: false, limit: 1 } } })),
        ),
      );
      return { scan, onboard: totals.reduce((sum, page) => sum + page.total, 0) };
    },
  });
}

export function useStartScan() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: ScanIn) => call(api.POST('/api/v1/scans', { body })),
    onSettled: () => {
      void client.invalidateQueries({ queryKey: keys.operations });
      void client.invalidateQueries({ queryKey: keys.tenants });
      void client.invalidateQueries({ queryKey: keys.scanOperations });
    },
  });
}

/** The scan operations, newest first. */
export function useScanOperations(enabled = true) {
  return useQuery({
    queryKey: keys.scanOperations,
    queryFn: () => call(api.GET('/api/v1/operations', { params: { query: { kind: 'scan', limit: 20 } } })),
    enabled,
  });
}

/** The scans one operation made, one per tenant; read again while it runs. */
export function useOperationScans(operationId: string | null, running = false) {
  return useQuery({
    queryKey: keys.operationScans(operationId ?? ''),
    queryFn: () => call(api.GET('/api/v1/scans', { params: { query: { operation_id: operationId ?? '' } } })),
    enabled: operationId !== null,
    refetchInterval: running ? 3000 : false,
  });
}

export function useTenantScans(tenantId: string, enabled = true) {
  return useQuery({
    queryKey: keys.tenantScans(tenantId),
    queryFn: () => call(api.GET('/api/v1/tenants/{tenant_id}/scans', { params: { path: { tenant_id: tenantId } } })),
    enabled,
  });
}

export function useScan(scanId: string | null) {
  return useQuery({
    queryKey: keys.scan(scanId ?? ''),
    queryFn: () => call(api.GET('/api/v1/scans/{scan_id}', { params: { path: { scan_id: scanId ?? '' } } })),
    enabled: scanId !== null,
    staleTime: Infinity,
  });
}

/** The checks failing most across the organization, each tenant's latest scan counted once. */
export function useScanOverview(enabled = true) {
  return useQuery({
    queryKey: keys.scanOverview,
    queryFn: () => call(api.GET('/api/v1/scans/overview')),
    enabled,
  });
}

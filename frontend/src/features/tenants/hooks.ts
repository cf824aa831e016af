import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, call, download } from '../../api/client';
import { keys } from '../../api/keys';
import type { TenantQuery } from '../../api/schemas';
import { toSearch } from './tableState';

export const PAGE_SIZE = 200;

type ListQuery = Omit<TenantQuery, 'cursor' | 'limit'>;

export function useTenants(query: ListQuery) {
  const full = { ...query, limit: PAGE_SIZE };
  return useInfiniteQuery({
    queryKey: keys.tenantList(full),
    queryFn: ({ pageParam }) =>
      call(api.GET('/api/v1/tenants', { params: { query: { ...full, cursor: pageParam ?? undefined } } })),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.next_cursor,
    // While a new filter loads, the old rows stay (dimmed) instead of flashing a spinner.
    placeholderData: keepPreviousData,
  });
}

export function useTenant(tenantId: string) {
  return useQuery({
    queryKey: keys.tenant(tenantId),
    queryFn: () => call(api.GET('/api/v1/tenants/{tenant_id}', { params: { path: { tenant_id: tenantId } } })),
  });
}

/** The operations that touched one tenant, newest first, with its outcome in each. */
export function useTenantOperations(tenantId: string, enabled = true) {
  return useQuery({
    queryKey: keys.tenantOperations(tenantId),
    queryFn: () =>
      call(api.GET('/api/v1/tenants/{tenant_id}/operations', { params: { path: { tenant_id: tenantId }, query: { limit: 20 } } })),
    enabled,
  });
}

export function useSetExcluded() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ tenantIds, excluded }: { tenantIds: string[]; excluded: boolean }) =>
      Promise.all(
        tenantIds.map((tenantId) =>
          call(
            api.PATCH('/api/v1/tenants/{tenant_id}', {
              params: { path: { tenant_id: tenantId } },
              body: { excluded },
            }),
          ),
        ),
      ),
    onSettled: () => {
      void client.invalidateQueries({ queryKey: keys.tenants });
      void client.invalidateQueries({ queryKey: keys.audit });
    },
  });
}

export function useExportTenants() {
  return useMutation({
    mutationFn: (query: ListQuery) => {
      const stamp = new Date().toISOString().slice(0, 10);
      return download('/api/v1/tenants/export.csv', toSearch(query), `tenants-${stamp}.csv`);
    },
  });
}

import { keepPreviousData, useInfiniteQuery, useMutation } from '@tanstack/react-query';
import { api, call, download } from '../../api/client';
import { keys } from '../../api/keys';
import type { AuditQuery } from '../../api/schemas';

export type AuditFilters = Omit<AuditQuery, 'cursor' | 'limit'>;

export function useAuditEvents(filters: AuditFilters, limit = 50, enabled = true) {
  const query = { ...filters, limit };
  return useInfiniteQuery({
    queryKey: keys.auditList(query),
    queryFn: ({ pageParam }) =>
      call(api.GET('/api/v1/audit-events', { params: { query: { ...query, cursor: pageParam ?? undefined } } })),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.next_cursor,
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useExportAudit() {
  return useMutation({
    mutationFn: (filters: AuditFilters) => {
      const query: Record<string, string> = {};
      for (const [key, value] of Object.entries(filters)) if (value) query[key] = String(value);
      return download('/api/v1/audit-events/export.csv', query, `audit-${new Date().toISOString().slice(0, 10)}.csv`);
    },
  });
}

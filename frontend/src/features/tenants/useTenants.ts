import { useCallback, useEffect, useState } from 'react';
import { ApiError, toApiError } from '../../api/client';
import { listTenants, updateTenant } from '../../api/tenants';
import type { GdapState, SortField, TenantOut, TenantQuery } from '../../api/types';

export const PAGE_SIZE = 50;

export interface TenantFilters {
  q: string;
  gdapState: GdapState | null;
  sort: SortField;
  descending: boolean;
}

interface Loaded {
  /** Which filters (and reload) this result answers; a mismatch means a newer request is out. */
  key: string;
  items: TenantOut[];
  total: number;
  nextCursor: string | null;
  error: ApiError | null;
}

interface MoreState {
  key: string;
  pending: boolean;
  error: ApiError | null;
}

export interface UseTenants {
  items: TenantOut[];
  total: number;
  hasMore: boolean;
  /** True until the first page for the current filters arrives; stale rows stay visible meanwhile. */
  loading: boolean;
  hasLoaded: boolean;
  error: ApiError | null;
  loadingMore: boolean;
  moreError: ApiError | null;
  loadMore: () => void;
  reload: () => void;
  setExcluded: (tenantId: string, excluded: boolean) => Promise<void>;
}

function toQuery(filters: TenantFilters, cursor?: string): TenantQuery {
  return {
    q: filters.q.trim() || undefined,
    gdap_state: filters.gdapState ?? undefined,
    sort: filters.sort,
    descending: filters.descending,
    limit: PAGE_SIZE,
    cursor,
  };
}

/** `refreshKey` lets a caller (a finished sync) ask for fresh rows without changing filters. */
export function useTenants(filters: TenantFilters, refreshKey = 0): UseTenants {
  const [attempt, setAttempt] = useState(0);
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [more, setMore] = useState<MoreState | null>(null);
  const { q, gdapState, sort, descending } = filters;
  const key = JSON.stringify([q.trim(), gdapState, sort, descending, refreshKey, attempt]);

  useEffect(() => {
    let current = true;
    listTenants(toQuery({ q, gdapState, sort, descending })).then(
      (page) => {
        if (current) {
          setLoaded({
            key,
            items: page.items,
            total: page.total,
            nextCursor: page.next_cursor,
            error: null,
          });
        }
      },
      (error: unknown) => {
        if (current) {
          setLoaded((previous) => ({
            key,
            items: previous?.items ?? [],
            total: previous?.total ?? 0,
            nextCursor: null,
            error: toApiError(error),
          }));
        }
      },
    );
    return () => {
      current = false;
    };
  }, [key, q, gdapState, sort, descending]);

  const loadMore = useCallback(() => {
    if (!loaded || loaded.key !== key || !loaded.nextCursor) return;
    const cursor = loaded.nextCursor;
    setMore({ key, pending: true, error: null });
    listTenants(toQuery({ q, gdapState, sort, descending }, cursor)).then(
      (page) => {
        setLoaded((previous) =>
          previous && previous.key === key
            ? {
                ...previous,
                items: [...previous.items, ...page.items],
                total: page.total,
                nextCursor: page.next_cursor,
              }
            : previous,
        );
        setMore({ key, pending: false, error: null });
      },
      (error: unknown) => setMore({ key, pending: false, error: toApiError(error) }),
    );
  }, [loaded, key, q, gdapState, sort, descending]);

  const reload = useCallback(() => setAttempt((n) => n + 1), []);

  const setExcluded = useCallback(async (tenantId: string, excluded: boolean) => {
    let updated: TenantOut;
    try {
      updated = await updateTenant(tenantId, { excluded });
    } catch (error) {
      throw toApiError(error);
    }
    setLoaded((previous) =>
      previous
        ? {
            ...previous,
            items: previous.items.map((item) => (item.tenant_id === tenantId ? updated : item)),
          }
        : previous,
    );
  }, []);

  const fresh = loaded?.key === key;
  const currentMore = more?.key === key ? more : null;
  return {
    items: loaded?.items ?? [],
    total: loaded?.total ?? 0,
    hasMore: fresh && !!loaded?.nextCursor,
    loading: !fresh,
    hasLoaded: loaded !== null,
    error: fresh ? (loaded?.error ?? null) : null,
    loadingMore: currentMore?.pending ?? false,
    moreError: currentMore?.error ?? null,
    loadMore,
    reload,
    setExcluded,
  };
}

import { useInfiniteQuery, useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { api, call } from '../../api/client';
import { streamOperation, type StreamStatus } from '../../api/events';
import { keys } from '../../api/keys';
import type { ItemState, OperationItemOut, OperationOut, OperationState } from '../../api/schemas';

export const ACTIVE_STATES: readonly OperationState[] = ['queued', 'running', 'paused'];

export function isActive(state: OperationState): boolean {
  return ACTIVE_STATES.includes(state);
}

export function useOperation(operationId: string | null) {
  return useQuery({
    queryKey: keys.operation(operationId ?? ''),
    queryFn: () =>
      call(api.GET('/api/v1/operations/{operation_id}', { params: { path: { operation_id: operationId ?? '' } } })),
    enabled: operationId !== null,
  });
}

export function useOperations(limit = 25) {
  const query = { limit };
  return useInfiniteQuery({
    queryKey: keys.operationList(query),
    queryFn: ({ pageParam }) =>
      call(api.GET('/api/v1/operations', { params: { query: { ...query, cursor: pageParam ?? undefined } } })),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.next_cursor,
  });
}

export function useOperationItems(operationId: string, state: ItemState | null) {
  return useInfiniteQuery({
    queryKey: keys.operationItems(operationId, state),
    queryFn: ({ pageParam }) =>
      call(
        api.GET('/api/v1/operations/{operation_id}/items', {
          params: {
            path: { operation_id: operationId },
            query: { state: state ?? undefined, cursor: pageParam ?? undefined, limit: 200 },
          },
        }),
      ),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.next_cursor,
  });
}

/** What finishing an operation may have changed. */
function invalidateAfter(client: QueryClient) {
  void client.invalidateQueries({ queryKey: keys.tenants });
  void client.invalidateQueries({ queryKey: keys.connection });
  void client.invalidateQueries({ queryKey: keys.operations });
}

export interface OperationLive {
  /** Tenants as their outcome arrived, newest first. */
  outcomes: OperationItemOut[];
  status: StreamStatus | 'idle';
}

/**
 * Follows an operation's event stream while it runs, writing each progress event into the
 * query cache so every view of the operation shows the same numbers. When the operation is seen
 * to finish, by the stream or by any refetch, what it may have changed is fetched again.
 */
export function useOperationStream(operationId: string | null, state: OperationState | undefined): OperationLive {
  const client = useQueryClient();
  const running = state !== undefined && isActive(state);
  const [live, setLive] = useState<{ id: string | null; outcomes: OperationItemOut[]; status: StreamStatus | 'idle' }>({
    id: null,
    outcomes: [],
    status: 'idle',
  });

  const seen = useRef<{ id: string | null; state: OperationState | undefined }>({ id: null, state: undefined });
  useEffect(() => {
    const before = seen.current;
    seen.current = { id: operationId, state };
    if (!operationId || before.id !== operationId || !before.state || !state) return;
    if (isActive(before.state) && !isActive(state)) {
      invalidateAfter(client);
      void client.invalidateQueries({ queryKey: ['operations', 'items', operationId] });
    }
  }, [client, operationId, state]);

  useEffect(() => {
    if (!operationId || !running) return;
    const mine = (previous: typeof live) =>
      previous.id === operationId ? previous : { id: operationId, outcomes: [], status: 'connecting' as const };
    return streamOperation(operationId, {
      onProgress: (operation) => client.setQueryData(keys.operation(operationId), operation),
      onTenant: (item) =>
        setLive((previous) => {
          const current = mine(previous);
          const others = current.outcomes.filter((known) => known.tenant_id !== item.tenant_id);
          return { ...current, outcomes: [item, ...others] };
        }),
      onEnd: () => void client.invalidateQueries({ queryKey: keys.operation(operationId) }),
      onStatus: (status) => setLive((previous) => ({ ...mine(previous), status })),
    });
  }, [client, operationId, running]);

  if (live.id !== operationId) return { outcomes: [], status: 'idle' };
  return { outcomes: live.outcomes, status: live.status };
}

export function useSyncTenants() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => call(api.POST('/api/v1/tenants/sync')),
    onSuccess: (operation) => {
      client.setQueryData(keys.operation(operation.id), operation);
      void client.invalidateQueries({ queryKey: keys.operations });
      void client.invalidateQueries({ queryKey: keys.connection });
    },
  });
}

type Command = 'cancel' | 'retry' | 'resume';

export function useOperationCommand(command: Command) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (operationId: string) => {
      const params = { params: { path: { operation_id: operationId } } };
      if (command === 'cancel') return call(api.POST('/api/v1/operations/{operation_id}/cancel', params));
      if (command === 'retry') return call(api.POST('/api/v1/operations/{operation_id}/retry', params));
      return call(api.POST('/api/v1/operations/{operation_id}/resume', params));
    },
    onSuccess: (operation: OperationOut) => {
      client.setQueryData(keys.operation(operation.id), operation);
      void client.invalidateQueries({ queryKey: keys.operations });
      void client.invalidateQueries({ queryKey: ['operations', 'items', operation.id] });
    },
  });
}

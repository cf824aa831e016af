import { skipToken, useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { api, call } from '../../api/client';
import { keys } from '../../api/keys';
import type { OnboardingOut, OperationOut, ProductName } from '../../api/schemas';

export type Lane = 'onboarding' | 'email';

/** The product catalog: it changes with a release, not while the page is open. */
export function useProducts(enabled = true) {
  return useQuery({
    queryKey: keys.products,
    queryFn: () => call(api.GET('/api/v1/products')),
    staleTime: Infinity,
    enabled,
  });
}

/**
 * A tenant's Petra Status, product, Email Perms and history; read again every second and a half
 * while `poll` or while its history shows something running, so each step shows as it ends.
 */
export function useTenantOnboarding(tenantId: string, { enabled = true, poll = false }: { enabled?: boolean; poll?: boolean } = {}) {
  return useQuery({
    queryKey: keys.tenantOnboarding(tenantId),
    queryFn: () =>
      call(api.GET('/api/v1/tenants/{tenant_id}/onboarding', { params: { path: { tenant_id: tenantId } } })),
    enabled,
    refetchInterval: (query) => (poll || runningRecord(query.state.data) ? 1500 : false),
  });
}

/** Whether the tenant's history has an onboarding, check, fix or removal still running. */
export function runningRecord(view: OnboardingOut | undefined) {
  return view?.history.find((record) => record.state === 'running' && record.operation_id !== null) ?? null;
}

/** The operation this browser started for a tenant, so its row can follow it. */
export function useLiveOperation(tenantId: string, lane: Lane): string | null {
  const { data } = useQuery<string | null>({
    queryKey: keys.liveOperation(tenantId, lane),
    queryFn: skipToken,
    staleTime: Infinity,
    gcTime: Infinity,
  });
  return data ?? null;
}

function started(client: QueryClient, tenantId: string, lane: Lane, operation: OperationOut) {
  client.setQueryData(keys.operation(operation.id), operation);
  client.setQueryData(keys.liveOperation(tenantId, lane), operation.id);
  void client.invalidateQueries({ queryKey: keys.tenantOnboarding(tenantId) });
  void client.invalidateQueries({ queryKey: keys.tenantOperations(tenantId) });
  void client.invalidateQueries({ queryKey: keys.operations });
  void client.invalidateQueries({ queryKey: keys.audit });
}

export function useOnboard(tenantId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (product: ProductName) =>
      call(
        api.POST('/api/v1/tenants/{tenant_id}/onboard', {
          params: { path: { tenant_id: tenantId } },
          body: { product },
        }),
      ),
    onSuccess: (operation) => started(client, tenantId, 'onboarding', operation),
  });
}

export function useFixEmail(tenantId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () =>
      call(api.POST('/api/v1/tenants/{tenant_id}/email-permissions/fix', { params: { path: { tenant_id: tenantId } } })),
    onSuccess: (operation) => started(client, tenantId, 'email', operation),
  });
}

export function useCheckEmail(tenantId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () =>
      call(api.POST('/api/v1/tenants/{tenant_id}/email-permissions/check', { params: { path: { tenant_id: tenantId } } })),
    onSuccess: (operation) => started(client, tenantId, 'email', operation),
  });
}

export function useOffboard(tenantId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () =>
      call(api.POST('/api/v1/tenants/{tenant_id}/offboard', { params: { path: { tenant_id: tenantId } } })),
    onSuccess: (operation) => started(client, tenantId, 'onboarding', operation),
  });
}

/** Pause or resume monitoring: answered at once with the new onboarding view. */
export function useSetPaused(tenantId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (paused: boolean) => {
      const params = { params: { path: { tenant_id: tenantId } } };
      return call(
        paused
          ? api.POST('/api/v1/tenants/{tenant_id}/pause', params)
          : api.POST('/api/v1/tenants/{tenant_id}/resume', params),
      );
    },
    onSuccess: (view) => {
      client.setQueryData(keys.tenantOnboarding(tenantId), view);
      void client.invalidateQueries({ queryKey: keys.tenants });
      void client.invalidateQueries({ queryKey: keys.audit });
    },
  });
}

/** Retry a failed onboarding (it resumes at the failed step) or cancel a running one. */
export function useRecordCommand(tenantId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ command, operationId }: { command: 'retry' | 'cancel'; operationId: string }) => {
      const params = { params: { path: { operation_id: operationId } } };
      return call(
        command === 'retry'
          ? api.POST('/api/v1/operations/{operation_id}/retry', params)
          : api.POST('/api/v1/operations/{operation_id}/cancel', params),
      );
    },
    onSuccess: (operation, { command }) => {
      if (command === 'retry') started(client, tenantId, operation.kind === 'email_permissions' ? 'email' : 'onboarding', operation);
      else {
        client.setQueryData(keys.operation(operation.id), operation);
        void client.invalidateQueries({ queryKey: keys.tenantOnboarding(tenantId) });
      }
    },
  });
}

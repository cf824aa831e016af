import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, call } from '../../api/client';
import { keys } from '../../api/keys';
import type { GdapRequestState, TemplateCreate, TemplateUpdate } from '../../api/schemas';

export function useGdapRequests(query: { state?: GdapRequestState; tenant_id?: string } = {}) {
  return useQuery({
    queryKey: keys.gdapRequests(query),
    queryFn: () => call(api.GET('/api/v1/gdap-requests', { params: { query: { ...query, limit: 500 } } })),
  });
}

/** Open requests by tenant id: the table shows a pending one on its row. */
export function usePendingByTenant() {
  const pending = useGdapRequests({ state: 'approval_pending' });
  const byTenant = new Map<string, NonNullable<typeof pending.data>['items'][number]>();
  for (const item of pending.data?.items ?? []) {
    if (item.tenant_id) byTenant.set(item.tenant_id, item);
  }
  return byTenant;
}

export function useGdapTemplates() {
  return useQuery({ queryKey: keys.gdapTemplates, queryFn: () => call(api.GET('/api/v1/gdap-templates')) });
}

export function useGdapRoles() {
  return useQuery({
    queryKey: keys.gdapRoles,
    queryFn: () => call(api.GET('/api/v1/gdap-roles')),
    staleTime: Infinity,
  });
}

function useInvalidate() {
  const client = useQueryClient();
  return () => {
    void client.invalidateQueries({ queryKey: keys.gdap });
    void client.invalidateQueries({ queryKey: keys.tenants });
    void client.invalidateQueries({ queryKey: keys.audit });
  };
}

export interface RequestInput {
  tenantId: string;
  templateId: string | null;
  topUp?: boolean;
  renew?: boolean;
}

export function useRequestGdap() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: ({ tenantId, templateId, topUp = false, renew = false }: RequestInput) =>
      call(
        api.POST('/api/v1/tenants/{tenant_id}/gdap-requests', {
          params: { path: { tenant_id: tenantId } },
          body: { template_id: templateId, top_up: topUp, renew },
        }),
      ),
    onSettled: invalidate,
  });
}

export function useRefreshGdapRequest() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (requestId: string) =>
      call(api.POST('/api/v1/gdap-requests/{request_id}/refresh', { params: { path: { request_id: requestId } } })),
    onSettled: invalidate,
  });
}

export function useSaveTemplate() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: ({ id, body }: { id: string | null; body: TemplateCreate }) => {
      if (id === null) return call(api.POST('/api/v1/gdap-templates', { body }));
      const update: TemplateUpdate = body;
      return call(api.PATCH('/api/v1/gdap-templates/{template_id}', { params: { path: { template_id: id } }, body: update }));
    },
    onSettled: invalidate,
  });
}

export function useDeleteTemplate() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (id: string) =>
      call(api.DELETE('/api/v1/gdap-templates/{template_id}', { params: { path: { template_id: id } } })),
    onSettled: invalidate,
  });
}

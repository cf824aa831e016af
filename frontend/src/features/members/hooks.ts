import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, call } from '../../api/client';
import { keys } from '../../api/keys';
import type { MemberCreate, MemberUpdate } from '../../api/schemas';

export function useMembers(enabled = true) {
  return useQuery({
    queryKey: keys.members,
    queryFn: () => call(api.GET('/api/v1/members')),
    enabled,
  });
}

function useInvalidateMembers() {
  const client = useQueryClient();
  return () => {
    void client.invalidateQueries({ queryKey: keys.members });
    void client.invalidateQueries({ queryKey: keys.audit });
  };
}

export function useCreateMember() {
  const invalidate = useInvalidateMembers();
  return useMutation({
    mutationFn: (body: MemberCreate) => call(api.POST('/api/v1/members', { body })),
    onSuccess: invalidate,
  });
}

export function useUpdateMember() {
  const invalidate = useInvalidateMembers();
  return useMutation({
    mutationFn: ({ memberId, update }: { memberId: string; update: MemberUpdate }) =>
      call(api.PATCH('/api/v1/members/{member_id}', { params: { path: { member_id: memberId } }, body: update })),
    onSettled: invalidate,
  });
}

export function useRemoveMember() {
  const invalidate = useInvalidateMembers();
  return useMutation({
    mutationFn: (memberId: string) =>
      call(api.DELETE('/api/v1/members/{member_id}', { params: { path: { member_id: memberId } } })),
    onSettled: invalidate,
  });
}

/** Tenants to choose from when sharing them with an external guest. */
export function useTenantChoices(enabled: boolean) {
  return useQuery({
    queryKey: ['tenants', 'choices'],
    queryFn: () => call(api.GET('/api/v1/tenants', { params: { query: { limit: 500, sort: 'name' } } })),
    enabled,
  });
}

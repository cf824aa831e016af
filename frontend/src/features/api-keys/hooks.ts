import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, call } from '../../api/client';
import { keys } from '../../api/keys';
import type { ApiKeyCreate } from '../../api/schemas';

export function useApiKeys() {
  return useQuery({ queryKey: keys.apiKeys, queryFn: () => call(api.GET('/api/v1/api-keys')) });
}

export function useCreateApiKey() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: ApiKeyCreate) => call(api.POST('/api/v1/api-keys', { body })),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: keys.apiKeys });
      void client.invalidateQueries({ queryKey: keys.audit });
    },
  });
}

export function useRevokeApiKey() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (keyId: string) => call(api.DELETE('/api/v1/api-keys/{key_id}', { params: { path: { key_id: keyId } } })),
    onSettled: () => {
      void client.invalidateQueries({ queryKey: keys.apiKeys });
      void client.invalidateQueries({ queryKey: keys.audit });
    },
  });
}

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, call, isApiError, setCsrfToken } from '../../api/client';
import { keys } from '../../api/keys';
import type { Action, LoginIn, Me } from '../../api/schemas';

/** The signed-in person, or null when there is no session. */
export function useMe() {
  return useQuery<Me | null>({
    queryKey: keys.me,
    queryFn: async () => {
      try {
        const me = await call(api.GET('/api/v1/me'));
        setCsrfToken(me.csrf_token);
        return me;
      } catch (error) {
        if (isApiError(error) && error.status === 401) return null;
        throw error;
      }
    },
    staleTime: 60_000,
  });
}

/** The signed-in person; only for components under RequireSession. */
export function useSession(): Me {
  const { data } = useMe();
  if (!data) throw new Error('useSession used outside a signed-in page');
  return data;
}

/** Whether the session may take an action. The API checks too; this only hides what it would refuse. */
export function useCan(): (action: Action) => boolean {
  const me = useSession();
  return (action) => me.permissions.includes(action);
}

export function useSignIn() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (credentials: LoginIn) => call(api.POST('/api/v1/auth/login', { body: credentials })),
    onSuccess: (me) => {
      setCsrfToken(me.csrf_token);
      client.setQueryData(keys.me, me);
    },
  });
}

export function useSignOut() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async () => {
      try {
        await call(api.POST('/api/v1/auth/logout'));
      } catch (error) {
        // Already signed out on the server: the person still leaves.
        if (!(isApiError(error) && error.status === 401)) throw error;
      }
    },
    onSuccess: () => {
      setCsrfToken(null);
      client.removeQueries({ predicate: (query) => query.queryKey[0] !== keys.me[0] });
      client.setQueryData(keys.me, null);
    },
  });
}

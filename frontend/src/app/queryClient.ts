import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { isApiError, setCsrfToken } from '../api/client';
import { keys } from '../api/keys';

function retry(failureCount: number, error: unknown): boolean {
  // A refusal will not change by asking again; only lost connections and 5xx are worth it.
  if (isApiError(error) && error.status > 0 && error.status < 500) return false;
  return failureCount < 2;
}

/**
 * The one place a 401 is handled: the session is gone, so every cached answer is dropped and
 * `me` becomes null, which sends the person to sign in (see RequireSession).
 */
export function createQueryClient(): QueryClient {
  const client: QueryClient = new QueryClient({
    queryCache: new QueryCache({ onError: (error) => onError(error) }),
    mutationCache: new MutationCache({ onError: (error) => onError(error) }),
    defaultOptions: {
      queries: { retry, staleTime: 15_000, refetchOnWindowFocus: true },
      mutations: { retry: false },
    },
  });

  function onError(error: unknown) {
    if (!isApiError(error) || error.status !== 401) return;
    if (client.getQueryData(keys.me) === null) return;
    setCsrfToken(null);
    client.removeQueries({ predicate: (query) => query.queryKey[0] !== keys.me[0] });
    client.setQueryData(keys.me, null);
  }

  return client;
}

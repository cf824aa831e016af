import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, call } from '../../api/client';
import { keys } from '../../api/keys';
import type { CauseOut, ConnectionOut, ReturnTo } from '../../api/schemas';
import { browser } from '../../lib/leave';

export function useConnection(enabled = true) {
  return useQuery({
    queryKey: keys.connection,
    queryFn: () => call(api.GET('/api/v1/partner-center/connection')),
    enabled,
  });
}

type Purpose = 'connect' | 'reauthenticate';

/** Starts Microsoft's sign-in; on success the browser leaves for Microsoft and comes back to `returnTo`. */
export function useStartSignIn(purpose: Purpose) {
  return useMutation({
    mutationFn: async (returnTo: ReturnTo) => {
      const body = { return_to: returnTo };
      const out =
        purpose === 'connect'
          ? await call(api.POST('/api/v1/partner-center/connect', { body }))
          : await call(api.POST('/api/v1/partner-center/reauthenticate', { body }));
      return out.authorization_url;
    },
    onSuccess: (url) => browser.leaveTo(url),
  });
}

export function useDisconnect() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => call(api.DELETE('/api/v1/partner-center/connection')),
    onSuccess: () => {
      client.setQueryData<ConnectionOut>(keys.connection, { state: 'disconnected' });
      void client.invalidateQueries({ queryKey: keys.connection });
      void client.invalidateQueries({ queryKey: keys.audit });
    },
  });
}

/** Asks Microsoft what the stored sign-in can do; the answer is kept and shown on the card. */
export function useCheckConnection() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => call(api.POST('/api/v1/partner-center/connection/check')),
    onSettled: () => {
      void client.invalidateQueries({ queryKey: keys.connection });
      void client.invalidateQueries({ queryKey: keys.audit });
    },
  });
}

export type ConnectionNotice =
  | { kind: 'none' }
  | { kind: 'disconnected' }
  | { kind: 'problem'; cause: CauseOut; needsReauth: boolean }
  | { kind: 'needs_reauth'; message: string }
  | { kind: 'expiring'; days: number }
  | { kind: 'sync_failed'; message: string };

// Microsoft ends the stored sign-in after 90 days unused; two weeks is time enough to act.
export const EXPIRY_WARNING_DAYS = 14;

/**
 * The one thing to tell a person about the connection, most pressing first. Each notice is
 * derived from the current state, so it goes away as soon as what caused it is fixed.
 */
export function connectionNotice(connection: ConnectionOut): ConnectionNotice {
  if (connection.state === 'disconnected') return { kind: 'disconnected' };
  // A partner-level failure stops every tenant the same way: one banner, with its cause, in
  // place of the failed sync's or each tenant's error.
  if (connection.problem) {
    return { kind: 'problem', cause: connection.problem, needsReauth: connection.state === 'needs_reauth' };
  }
  if (connection.state === 'needs_reauth') {
    return {
      kind: 'needs_reauth',
      message:
        connection.reauth_reason ??
        'Microsoft no longer accepts the stored Partner Center sign-in.',
    };
  }
  const days = connection.refresh_token_days_left;
  if (days !== null && days !== undefined && days <= EXPIRY_WARNING_DAYS) return { kind: 'expiring', days };
  const sync = connection.last_sync;
  if (sync && sync.state === 'failed') {
    return { kind: 'sync_failed', message: sync.error_message ?? 'The last sync failed.' };
  }
  return { kind: 'none' };
}

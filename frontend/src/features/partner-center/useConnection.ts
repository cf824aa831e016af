import { useCallback, useEffect, useState } from 'react';
import { ApiError, toApiError } from '../../api/client';
import {
  connectPartnerCenter,
  disconnectPartnerCenter,
  getConnection,
  reauthenticatePartnerCenter,
} from '../../api/partnerCenter';
import type { ConnectionOut } from '../../api/types';

export type ConnectionLoad =
  | { status: 'loading' }
  | { status: 'error'; error: ApiError }
  | { status: 'ready'; connection: ConnectionOut };

export interface UseConnection {
  load: ConnectionLoad;
  reload: () => void;
  /** Resolve with Microsoft's sign-in URL; reject with an ApiError. */
  connect: () => Promise<string>;
  reauthenticate: () => Promise<string>;
  disconnect: () => Promise<void>;
}

export function useConnection(): UseConnection {
  const [load, setLoad] = useState<ConnectionLoad>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let current = true;
    getConnection().then(
      (connection) => {
        if (current) setLoad({ status: 'ready', connection });
      },
      (error: unknown) => {
        if (current) setLoad({ status: 'error', error: toApiError(error) });
      },
    );
    return () => {
      current = false;
    };
  }, [attempt]);

  // A background refresh keeps the card on screen; only the first load shows a spinner.
  const reload = useCallback(() => setAttempt((n) => n + 1), []);

  const connect = useCallback(async () => {
    try {
      return (await connectPartnerCenter('portal')).authorization_url;
    } catch (error) {
      throw toApiError(error);
    }
  }, []);

  const reauthenticate = useCallback(async () => {
    try {
      return (await reauthenticatePartnerCenter('portal')).authorization_url;
    } catch (error) {
      throw toApiError(error);
    }
  }, []);

  const disconnect = useCallback(async () => {
    try {
      await disconnectPartnerCenter();
    } catch (error) {
      throw toApiError(error);
    }
    setAttempt((n) => n + 1);
  }, []);

  return { load, reload, connect, reauthenticate, disconnect };
}

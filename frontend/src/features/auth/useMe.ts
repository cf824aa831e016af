import { useCallback, useEffect, useState } from 'react';
import { getMe, login, logout } from '../../api/auth';
import { ApiError, toApiError } from '../../api/client';
import type { Credentials, Me } from '../../api/types';

export type MeState =
  | { status: 'loading' }
  | { status: 'signed-out' }
  | { status: 'signed-in'; me: Me }
  | { status: 'error'; error: ApiError };

export interface UseMe {
  state: MeState;
  reload: () => void;
  /** Rejects with an ApiError so the sign-in form can show the API's own words. */
  signIn: (credentials: Credentials) => Promise<void>;
  signOut: () => Promise<void>;
}

export function useMe(): UseMe {
  const [state, setState] = useState<MeState>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let current = true;
    getMe().then(
      (me) => {
        if (current) setState({ status: 'signed-in', me });
      },
      (error: unknown) => {
        if (!current) return;
        const apiError = toApiError(error);
        setState(
          apiError.status === 401 ? { status: 'signed-out' } : { status: 'error', error: apiError },
        );
      },
    );
    return () => {
      current = false;
    };
  }, [attempt]);

  const reload = useCallback(() => {
    setState({ status: 'loading' });
    setAttempt((n) => n + 1);
  }, []);

  const signIn = useCallback(async (credentials: Credentials) => {
    try {
      const me = await login(credentials);
      setState({ status: 'signed-in', me });
    } catch (error) {
      throw toApiError(error);
    }
  }, []);

  const signOut = useCallback(async () => {
    try {
      await logout();
      setState({ status: 'signed-out' });
    } catch (error) {
      const apiError = toApiError(error);
      // The session is already gone server-side; showing a sign-out error would strand the user.
      if (apiError.status === 401) setState({ status: 'signed-out' });
      else throw apiError;
    }
  }, []);

  return { state, reload, signIn, signOut };
}

import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError, toApiError } from '../../api/client';
import { getOperation, isOperationActive } from '../../api/operations';
import { syncTenants } from '../../api/tenants';
import type { OperationOut } from '../../api/types';

export const POLL_INTERVAL_MS = 1000;
// A worker restart or a flaky proxy should not end the progress display at the first hiccup.
const MAX_POLL_FAILURES = 5;

export type SyncState =
  | { status: 'idle' }
  | { status: 'starting' }
  | { status: 'running'; operationId: string; operation: OperationOut | null; failures: number }
  | { status: 'finished'; operation: OperationOut }
  | { status: 'error'; error: ApiError };

export interface UseSyncOperation {
  sync: SyncState;
  start: () => void;
  /** Follows a sync that was already running when the page loaded. */
  follow: (operationId: string) => void;
}

function isTransient(error: ApiError): boolean {
  return error.status === 0 || error.status >= 500;
}

export function useSyncOperation(onFinished: (operation: OperationOut) => void): UseSyncOperation {
  const [sync, setSync] = useState<SyncState>({ status: 'idle' });
  const onFinishedRef = useRef(onFinished);
  useEffect(() => {
    onFinishedRef.current = onFinished;
  }, [onFinished]);

  const settle = useCallback((operation: OperationOut, failures = 0) => {
    if (isOperationActive(operation.state)) {
      setSync({ status: 'running', operationId: operation.id, operation, failures });
    } else {
      setSync({ status: 'finished', operation });
      onFinishedRef.current(operation);
    }
  }, []);

  const start = useCallback(() => {
    setSync({ status: 'starting' });
    syncTenants().then(
      (operation) => settle(operation),
      (error: unknown) => setSync({ status: 'error', error: toApiError(error) }),
    );
  }, [settle]);

  const follow = useCallback((operationId: string) => {
    setSync({ status: 'running', operationId, operation: null, failures: 0 });
  }, []);

  // Every poll stores a new state object, which re-runs this effect and schedules the next one.
  useEffect(() => {
    if (sync.status !== 'running') return;
    let current = true;
    const timer = setTimeout(() => {
      getOperation(sync.operationId).then(
        (operation) => {
          if (current) settle(operation);
        },
        (caught: unknown) => {
          if (!current) return;
          const error = toApiError(caught);
          if (isTransient(error) && sync.failures + 1 < MAX_POLL_FAILURES) {
            setSync({ ...sync, failures: sync.failures + 1 });
          } else {
            setSync({ status: 'error', error });
          }
        },
      );
    }, POLL_INTERVAL_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [sync, settle]);

  return { sync, start, follow };
}

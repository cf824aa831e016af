import { api, call, isApiError } from './client';
import type { OperationItemOut, OperationOut, OperationState } from './schemas';

export type StreamStatus = 'connecting' | 'open' | 'reconnecting' | 'ended' | 'failed';

export interface OperationStreamHandlers {
  onProgress: (operation: OperationOut) => void;
  onTenant: (item: OperationItemOut) => void;
  onEnd: (state: OperationState) => void;
  onStatus?: (status: StreamStatus) => void;
  /** The stream cannot go on (the operation is gone, or the session ended). */
  onFatal?: (error: unknown) => void;
}

export const RECONNECT_BASE_MS = 1000;
export const RECONNECT_MAX_MS = 30_000;

function parse<T>(event: MessageEvent<string>): T | null {
  try {
    return JSON.parse(event.data) as T;
  } catch {
    return null;
  }
}

/**
 * Follows `GET /operations/{id}/events` (progress, tenant, end). The browser's EventSource retries
 * a dropped connection by itself; when it gives up (an HTTP error), this asks the API why and
 * reconnects with backoff unless the answer is final (401, 403, 404). Returns a function that stops.
 */
export function streamOperation(operationId: string, handlers: OperationStreamHandlers): () => void {
  const url = `/api/v1/operations/${encodeURIComponent(operationId)}/events`;
  let source: EventSource | null = null;
  let stopped = false;
  let failures = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const status = (value: StreamStatus) => handlers.onStatus?.(value);

  function stop() {
    stopped = true;
    clearTimeout(timer);
    source?.close();
    source = null;
  }

  async function recover() {
    // The stream ended without saying why; a plain GET tells a lost session from a hiccup.
    try {
      const operation = await call(
        api.GET('/api/v1/operations/{operation_id}', { params: { path: { operation_id: operationId } } }),
      );
      if (stopped) return;
      handlers.onProgress(operation);
    } catch (error) {
      if (stopped) return;
      if (isApiError(error) && [401, 403, 404].includes(error.status)) {
        stop();
        status('failed');
        handlers.onFatal?.(error);
        return;
      }
    }
    const delay = Math.min(RECONNECT_MAX_MS, RECONNECT_BASE_MS * 2 ** failures);
    failures += 1;
    timer = setTimeout(open, delay);
  }

  function open() {
    if (stopped) return;
    status(failures === 0 ? 'connecting' : 'reconnecting');
    const current = new EventSource(url);
    source = current;
    current.onopen = () => {
      failures = 0;
      status('open');
    };
    current.addEventListener('progress', (event) => {
      const operation = parse<OperationOut>(event as MessageEvent<string>);
      if (operation) handlers.onProgress(operation);
    });
    current.addEventListener('tenant', (event) => {
      const item = parse<OperationItemOut>(event as MessageEvent<string>);
      if (item) handlers.onTenant(item);
    });
    current.addEventListener('end', (event) => {
      const end = parse<{ state: OperationState }>(event as MessageEvent<string>);
      stop();
      status('ended');
      if (end) handlers.onEnd(end.state);
    });
    current.onerror = () => {
      if (stopped || source !== current) return;
      if (current.readyState === EventSource.CONNECTING) {
        status('reconnecting');
        return;
      }
      current.close();
      source = null;
      status('reconnecting');
      void recover();
    };
  }

  open();
  return stop;
}

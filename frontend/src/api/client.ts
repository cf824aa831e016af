import createClient, { type Middleware } from 'openapi-fetch';
import type { paths } from './generated/schema';

/** One error type for every failed call: the API's problem+json, or a sentence for anything else. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly title: string;
  readonly detail: string;
  /** Seconds the API asked us to wait (Retry-After), when it said. */
  readonly retryAfterSeconds: number | null;
  readonly correlationId: string | null;

  constructor(problem: {
    status: number;
    code: string;
    title: string;
    detail: string;
    retryAfterSeconds?: number | null;
    correlationId?: string | null;
  }) {
    super(problem.detail);
    this.name = 'ApiError';
    this.status = problem.status;
    this.code = problem.code;
    this.title = problem.title;
    this.detail = problem.detail;
    this.retryAfterSeconds = problem.retryAfterSeconds ?? null;
    this.correlationId = problem.correlationId ?? null;
  }
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}

// Held in memory only: the API hands it back from /me, so a reload recovers it without the
// token ever sitting in storage that other scripts could read.
let csrfToken: string | null = null;

export function setCsrfToken(token: string | null | undefined): void {
  csrfToken = token ?? null;
}

const SAFE_METHODS = new Set(['GET', 'HEAD']);

const csrf: Middleware = {
  onRequest({ request }) {
    if (!SAFE_METHODS.has(request.method) && csrfToken) request.headers.set('X-CSRF-Token', csrfToken);
    return request;
  },
};

function origin(): string {
  return typeof window === 'undefined' ? 'http://localhost' : window.location.origin;
}

/** The generated client; hooks call it through `call()` so errors arrive as ApiError. */
export const api = createClient<paths>({
  baseUrl: origin(),
  credentials: 'same-origin',
  headers: { Accept: 'application/json' },
  // Looked up per call so tests can replace fetch after the client exists.
  fetch: (request) => globalThis.fetch(request),
});
api.use(csrf);

/** Seconds from a Retry-After header: delta-seconds or an HTTP date. */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | null {
  if (!value) return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, Math.ceil(seconds));
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, Math.ceil((date - now) / 1000));
}

function text(body: unknown, key: string): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const value = (body as Record<string, unknown>)[key];
  return typeof value === 'string' ? value : undefined;
}

export function errorFromResponse(response: Response, body: unknown): ApiError {
  const title = text(body, 'title') ?? (response.statusText || 'Request failed');
  return new ApiError({
    status: response.status,
    code: text(body, 'code') ?? `http_${response.status}`,
    title,
    // A proxy in front of the API may answer with HTML; the person still gets a sentence.
    detail: text(body, 'detail') ?? `${title} (HTTP ${response.status}).`,
    retryAfterSeconds: parseRetryAfter(response.headers.get('Retry-After')),
    correlationId: text(body, 'correlation_id') ?? response.headers.get('X-Request-ID'),
  });
}

export const NETWORK_ERROR_DETAIL = 'Could not reach Petra Portal. Check your connection and try again.';

function networkError(): ApiError {
  return new ApiError({ status: 0, code: 'network_error', title: 'Network error', detail: NETWORK_ERROR_DETAIL });
}

interface Result<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/** Awaits a generated-client call and returns its data, or throws an ApiError. */
export async function call<T>(request: Promise<Result<T>>): Promise<T> {
  let result: Result<T>;
  try {
    result = await request;
  } catch {
    throw networkError();
  }
  if (!result.response.ok) throw errorFromResponse(result.response, result.error);
  return result.data as T;
}

/** Hooks surface only ApiErrors, so components can always show `detail`. */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  return new ApiError({
    status: 0,
    code: 'unexpected',
    title: 'Unexpected error',
    detail: 'Something went wrong. Please try again.',
  });
}

/** Fetches a file the API renders (CSV exports) and hands it to the browser as a download. */
export async function download(
  path: Extract<keyof paths, `${string}.csv`>,
  query: Record<string, string>,
  filename: string,
): Promise<void> {
  const url = new URL(path, origin());
  for (const [key, value] of Object.entries(query)) url.searchParams.set(key, value);
  let response: Response;
  try {
    response = await fetch(url, { credentials: 'same-origin' });
  } catch {
    throw networkError();
  }
  if (!response.ok) {
    const body: unknown = (response.headers.get('content-type') ?? '').includes('json')
      ? await response.json().catch(() => null)
      : null;
    throw errorFromResponse(response, body);
  }
  const blob = await response.blob();
  const href = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = href;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  // Revoked on the next task so the browser has taken the file by then.
  setTimeout(() => URL.revokeObjectURL(href), 0);
}

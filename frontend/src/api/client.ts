import type { Problem } from './types';

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly title: string;
  readonly detail: string;

  constructor(problem: { status: number; code: string; title: string; detail: string }) {
    super(problem.detail);
    this.name = 'ApiError';
    this.status = problem.status;
    this.code = problem.code;
    this.title = problem.title;
    this.detail = problem.detail;
  }
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

const SAFE_METHODS: ReadonlySet<Method> = new Set(['GET']);

// Held in memory only: the API hands it back from /me, so a reload recovers it
// without the token ever sitting in storage that other scripts could read.
let csrfToken: string | null = null;

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function asProblem(body: unknown, status: number): Partial<Problem> {
  if (!isRecord(body)) return {};
  const text = (key: string): string | undefined =>
    typeof body[key] === 'string' ? body[key] : undefined;
  return {
    title: text('title'),
    detail: text('detail'),
    code: text('code'),
    status: typeof body.status === 'number' ? body.status : status,
  };
}

async function errorFrom(response: Response): Promise<ApiError> {
  let body: unknown = null;
  // A proxy or load balancer in front of the API may answer with HTML; the
  // user should still see a sentence, not a parse error.
  if ((response.headers.get('content-type') ?? '').includes('json')) {
    body = await response.json().catch(() => null);
  }
  const problem = asProblem(body, response.status);
  const title = problem.title ?? (response.statusText || 'Request failed');
  return new ApiError({
    status: problem.status ?? response.status,
    code: problem.code ?? `http_${response.status}`,
    title,
    detail: problem.detail ?? `${title} (HTTP ${response.status}).`,
  });
}

async function send(method: Method, path: string, body?: unknown): Promise<Response> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (!SAFE_METHODS.has(method) && csrfToken) headers['X-CSRF-Token'] = csrfToken;

  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError({
      status: 0,
      code: 'network_error',
      title: 'Network error',
      detail: 'Could not reach Petra Portal. Check your connection and try again.',
    });
  }
  if (!response.ok) throw await errorFrom(response);
  return response;
}

/** Calls the API and returns its JSON body; the shape is the caller's contract with the API. */
export async function requestJson<T>(method: Method, path: string, body?: unknown): Promise<T> {
  const response = await send(method, path, body);
  return (await response.json()) as T;
}

/** Calls an endpoint that answers 204 No Content. */
export async function requestNoContent(method: Method, path: string, body?: unknown): Promise<void> {
  await send(method, path, body);
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

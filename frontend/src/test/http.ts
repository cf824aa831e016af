import { vi } from 'vitest';

export function jsonResponse(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json' },
  });
}

export function problemResponse(status: number, code: string, title: string, detail: string): Response {
  return new Response(JSON.stringify({ type: 'about:blank', title, status, detail, code }), {
    status,
    headers: { 'Content-Type': 'application/problem+json' },
  });
}

/** Replaces fetch with a queue of canned responses and records what was sent. */
export function stubFetch(...responses: (Response | Error)[]) {
  const queue = [...responses];
  const fetchMock = vi.fn<typeof fetch>(async () => {
    const next = queue.shift();
    if (next === undefined) throw new Error('fetch called more often than the test expected');
    if (next instanceof Error) throw next;
    return next;
  });
  vi.stubGlobal('fetch', fetchMock);
  return fetchMock;
}

export type FetchMock = ReturnType<typeof stubFetch>;

/** The URL, options and headers of the nth request the app made. */
export function sentRequest(fetchMock: FetchMock, index: number) {
  const call = fetchMock.mock.calls[index];
  if (!call) throw new Error(`expected at least ${index + 1} requests`);
  const [url, init] = call;
  const headers = { ...(init?.headers as Record<string, string> | undefined) };
  return { url: String(url), init, headers };
}

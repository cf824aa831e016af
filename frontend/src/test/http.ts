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

type Reply = Response | Error;

/**
 * Answers requests by "METHOD /path" (query string ignored) rather than by order, for screens
 * that load several things at once. A list is served in turn and its last reply repeats.
 */
export function stubRoutes(routes: Record<string, Reply | Reply[]>) {
  const queues = new Map(
    Object.entries(routes).map(([route, reply]) => [route, Array.isArray(reply) ? [...reply] : [reply]]),
  );
  const fetchMock = vi.fn<typeof fetch>(async (input, init) => {
    const url = new URL(String(input), 'http://portal.test');
    const route = `${init?.method ?? 'GET'} ${url.pathname}`;
    const queue = queues.get(route) ?? [];
    const next = queue.length > 1 ? queue.shift() : queue[0];
    if (next === undefined) throw new Error(`unexpected request: ${route}`);
    if (next instanceof Error) throw next;
    // A body can be read once; cloning lets the last reply repeat.
    return next.clone();
  });
  vi.stubGlobal('fetch', fetchMock);
  return fetchMock;
}

/** Every request the app made to `method path`, with its query and JSON body. */
export function requestsTo(fetchMock: FetchMock, method: string, path: string) {
  return fetchMock.mock.calls
    .map(([input, init]) => ({ url: new URL(String(input), 'http://portal.test'), init }))
    .filter(({ url, init }) => (init?.method ?? 'GET') === method && url.pathname === path)
    .map(({ url, init }) => ({
      query: Object.fromEntries(url.searchParams),
      headers: { ...(init?.headers as Record<string, string> | undefined) },
      body: init?.body === undefined ? undefined : (JSON.parse(String(init.body)) as unknown),
    }));
}

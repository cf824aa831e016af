import { beforeEach, describe, expect, it } from 'vitest';
import { jsonResponse, problemResponse, sentRequest, stubFetch } from '../test/http';
import { getMe, login, logout } from './auth';
import { ApiError, requestJson, setCsrfToken } from './client';

const me = {
  organization: { id: 'org-1', name: 'Contoso MSP' },
  actor_type: 'member',
  member_id: 'm-1',
  email: 'ada@contoso.example',
  display_name: 'Ada',
  role: 'admin',
  can_manage_tenants: true,
  permissions: [],
  csrf_token: 'csrf-abc',
};

beforeEach(() => setCsrfToken(null));

describe('problem+json errors', () => {
  it('raises an ApiError carrying the problem detail, code and status', async () => {
    stubFetch(
      problemResponse(403, 'csrf_token_invalid', 'Not allowed', 'Missing or wrong X-CSRF-Token header.'),
    );

    const error = await requestJson('POST', '/api/v1/things', {}).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      status: 403,
      code: 'csrf_token_invalid',
      title: 'Not allowed',
      detail: 'Missing or wrong X-CSRF-Token header.',
      message: 'Missing or wrong X-CSRF-Token header.',
    });
  });

  it('falls back to a readable sentence when the body is not JSON', async () => {
    stubFetch(
      new Response('<html>upstream down</html>', {
        status: 502,
        statusText: 'Bad Gateway',
        headers: { 'Content-Type': 'text/html' },
      }),
    );

    await expect(requestJson('GET', '/api/v1/me')).rejects.toMatchObject({
      status: 502,
      code: 'http_502',
      detail: 'Bad Gateway (HTTP 502).',
    });
  });

  it('uses the title when a problem has no detail', async () => {
    stubFetch(jsonResponse({ title: 'Too many requests', status: 429, code: 'rate_limited' }, 429));

    await expect(requestJson('GET', '/api/v1/me')).rejects.toMatchObject({
      code: 'rate_limited',
      detail: 'Too many requests (HTTP 429).',
    });
  });

  it('turns a failed connection into a network_error', async () => {
    stubFetch(new TypeError('Failed to fetch'));

    await expect(requestJson('GET', '/api/v1/me')).rejects.toMatchObject({
      status: 0,
      code: 'network_error',
    });
  });
});

describe('session and CSRF', () => {
  it('sends the cookie and no CSRF header on GET', async () => {
    const fetchMock = stubFetch(jsonResponse(me));

    await getMe();

    const { url, init, headers } = sentRequest(fetchMock, 0);
    expect(url).toBe('/api/v1/me');
    expect(init?.credentials).toBe('same-origin');
    expect(headers).not.toHaveProperty('X-CSRF-Token');
  });

  it('posts credentials as JSON, then sends the returned CSRF token on logout', async () => {
    const fetchMock = stubFetch(jsonResponse(me), new Response(null, { status: 204 }));

    await login({ email: 'ada@contoso.example', password: 'hunter22' });
    await logout();

    const signIn = sentRequest(fetchMock, 0);
    expect(signIn.url).toBe('/api/v1/auth/login');
    expect(signIn.init?.method).toBe('POST');
    expect(signIn.headers['Content-Type']).toBe('application/json');
    expect(JSON.parse(String(signIn.init?.body))).toEqual({
      email: 'ada@contoso.example',
      password: 'hunter22',
    });

    const signOut = sentRequest(fetchMock, 1);
    expect(signOut.url).toBe('/api/v1/auth/logout');
    expect(signOut.init?.credentials).toBe('same-origin');
    expect(signOut.headers['X-CSRF-Token']).toBe('csrf-abc');
  });
});

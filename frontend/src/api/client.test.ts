import { beforeEach, describe, expect, it } from 'vitest';
import { jsonResponse, problemResponse, stubApi } from '../test/http';
import { api, ApiError, call, parseRetryAfter, setCsrfToken } from './client';

beforeEach(() => setCsrfToken(null));

describe('call()', () => {
  it('returns the typed body of a successful answer', async () => {
    stubApi({ 'GET /api/v1/partner-center/connection': jsonResponse({ state: 'disconnected' }) });
    const connection = await call(api.GET('/api/v1/partner-center/connection'));
    expect(connection.state).toBe('disconnected');
  });

  it('turns a problem+json answer into an ApiError with its code, detail and reference', async () => {
    stubApi({ 'POST /api/v1/tenants/sync': problemResponse(409, 'not_connected', 'Connect Partner Center first.') });
    const error = await call(api.POST('/api/v1/tenants/sync')).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 409, code: 'not_connected', detail: 'Connect Partner Center first.', correlationId: 'req-1' });
  });

  it('reads Retry-After on a refusal to wait', async () => {
    stubApi({
      'POST /api/v1/auth/login': problemResponse(429, 'rate_limited', 'Too many sign-in attempts.', { 'Retry-After': '42' }),
    });
    const error = await call(api.POST('/api/v1/auth/login', { body: { email: 'a@b.c', password: 'x' } })).catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 429, retryAfterSeconds: 42 });
  });

  it('falls back to a sentence when a proxy answers with HTML', async () => {
    stubApi({
      'GET /api/v1/me': new Response('<html>bad gateway</html>', { status: 502, statusText: 'Bad Gateway', headers: { 'Content-Type': 'text/html' } }),
    });
    await expect(call(api.GET('/api/v1/me'))).rejects.toMatchObject({ status: 502, code: 'http_502', detail: 'Bad Gateway (HTTP 502).' });
  });

  it('turns a failed connection into a network_error', async () => {
    stubApi({ 'GET /api/v1/me': new TypeError('Failed to fetch') });
    await expect(call(api.GET('/api/v1/me'))).rejects.toMatchObject({ status: 0, code: 'network_error' });
  });
});

describe('CSRF', () => {
  it('sends the token on unsafe methods only', async () => {
    const http = stubApi({
      'GET /api/v1/partner-center/connection': jsonResponse({ state: 'disconnected' }),
      'DELETE /api/v1/partner-center/connection': jsonResponse(null, 204),
    });
    setCsrfToken('csrf-abc');
    await call(api.GET('/api/v1/partner-center/connection'));
    await call(api.DELETE('/api/v1/partner-center/connection'));
    expect(http.sent[0]?.headers.get('X-CSRF-Token')).toBeNull();
    expect(http.sent[1]?.headers.get('X-CSRF-Token')).toBe('csrf-abc');
  });
});

describe('parseRetryAfter', () => {
  it('reads seconds and HTTP dates', () => {
    expect(parseRetryAfter('30')).toBe(30);
    expect(parseRetryAfter('1.2')).toBe(2);
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:01:00 GMT', now)).toBe(60);
    expect(parseRetryAfter(null)).toBeNull();
    expect(parseRetryAfter('soon')).toBeNull();
  });
});

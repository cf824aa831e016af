import { act, fireEvent, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { makeMe } from '../../test/fixtures';
import { jsonResponse, problemResponse, stubApi } from '../../test/http';
import { renderAt } from '../../test/render';

afterEach(() => vi.useRealTimers());

function fill() {
  fireEvent.change(screen.getByRole('textbox', { name: 'Email' }), { target: { value: 'ada@contoso.example' } });
  fireEvent.change(screen.getByLabelText(/^Password/), { target: { value: 'hunter22hunter22' } });
  fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
}

describe('signing in', () => {
  it('sends a deep link to sign-in, then back to it', async () => {
    stubApi({
      'GET /api/v1/me': problemResponse(401, 'not_authenticated', 'Sign in to continue.'),
      'POST /api/v1/auth/login': jsonResponse(makeMe()),
      'GET /api/v1/operations': jsonResponse({ items: [], next_cursor: null }),
    });
    const { router } = renderAt('/operations?x=1');
    await screen.findByRole('heading', { name: 'Sign in to Petra Portal' });
    expect(router.state.location.pathname).toBe('/sign-in');
    expect(router.state.location.search).toBe('?next=%2Foperations%3Fx%3D1');
    fill();
    await screen.findByRole('heading', { name: 'Operations' });
    expect(router.state.location.pathname).toBe('/operations');
  });

  it("shows the API's sentence when the password is wrong", async () => {
    stubApi({ 'POST /api/v1/auth/login': problemResponse(401, 'invalid_credentials', 'Wrong email or password.') });
    renderAt('/sign-in', { me: null });
    fill();
    expect((await screen.findByRole('alert')).textContent).toContain('Wrong email or password.');
  });

  it('says when to try again after too many attempts, and lets the person retry then', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    stubApi({
      'POST /api/v1/auth/login': problemResponse(429, 'rate_limited', 'Too many sign-in attempts.', { 'Retry-After': '90' }),
    });
    renderAt('/sign-in', { me: null });
    fill();
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Too many sign-in attempts. Try again in 2 minutes.');
    expect(screen.getByRole('button', { name: 'Sign in' }).hasAttribute('disabled')).toBe(true);

    await act(async () => {
      await vi.advanceTimersByTimeAsync(91_000);
    });
    expect(screen.queryByRole('alert')).toBeNull();
    expect(screen.getByRole('button', { name: 'Sign in' }).hasAttribute('disabled')).toBe(false);
  });
});

describe('the one 401 handler', () => {
  it('returns to sign-in when a session ends mid-use', async () => {
    stubApi({
      'GET /api/v1/operations': problemResponse(401, 'not_authenticated', 'Sign in to continue.'),
    });
    const { router } = renderAt('/operations', { me: makeMe() });
    await screen.findByRole('heading', { name: 'Sign in to Petra Portal' });
    expect(router.state.location.search).toBe('?next=%2Foperations');
  });
});

import { fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setCsrfToken } from './api/client';
import { App } from './App';
import { DISCONNECTED, makeMe, makePage } from './test/fixtures';
import { jsonResponse, problemResponse, requestsTo, stubRoutes } from './test/http';

const me = makeMe({ role: 'full_member' });

const notSignedIn = () =>
  problemResponse(401, 'not_authenticated', 'Authentication required', 'Sign in to continue.');

const portal = {
  'GET /api/v1/partner-center/connection': jsonResponse(DISCONNECTED),
  'GET /api/v1/tenants': jsonResponse(makePage([])),
};

beforeEach(() => setCsrfToken(null));
afterEach(() => window.history.replaceState(null, '', '/'));

describe('App', () => {
  it('shows the sign-in form at /portal when /me answers 401, then the portal after signing in', async () => {
    window.history.replaceState(null, '', '/portal');
    stubRoutes({
      'GET /api/v1/me': notSignedIn(),
      'POST /api/v1/auth/login': jsonResponse(me),
      ...portal,
    });
    render(<App />);

    expect(screen.getByText('Checking your session…')).toBeTruthy();
    fireEvent.change(await screen.findByLabelText('Email'), {
      target: { value: 'ada@contoso.example' },
    });
    fireEvent.change(screen.getByLabelText('Password'), { target: { value: 'hunter22' } });
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));

    expect(await screen.findByRole('heading', { name: 'Contoso MSP' })).toBeTruthy();
    expect(screen.getByText('ada@contoso.example')).toBeTruthy();
    expect(screen.getByText('Full member')).toBeTruthy();
    expect(await screen.findByRole('button', { name: 'Connect Microsoft Partner Center' })).toBeTruthy();
    expect(await screen.findByText('No client tenants yet — connect Partner Center and sync')).toBeTruthy();
  });

  it('signs out with the CSRF token and returns to the sign-in form', async () => {
    const fetchMock = stubRoutes({
      'GET /api/v1/me': jsonResponse(me),
      'POST /api/v1/auth/logout': new Response(null, { status: 204 }),
      ...portal,
    });
    render(<App />);

    fireEvent.click(await screen.findByRole('button', { name: 'Sign out' }));

    expect(await screen.findByRole('heading', { name: 'Sign in to Petra Portal' })).toBeTruthy();
    const [signOut] = requestsTo(fetchMock, 'POST', '/api/v1/auth/logout');
    expect(signOut?.headers['X-CSRF-Token']).toBe('csrf-abc');
  });

  it('shows the error detail when the session check fails, and retries on request', async () => {
    stubRoutes({
      'GET /api/v1/me': [
        problemResponse(500, 'internal_error', 'Internal error', 'Something broke (ref 7f3a).'),
        jsonResponse(me),
      ],
      ...portal,
    });
    render(<App />);

    expect((await screen.findByRole('alert')).textContent).toContain('Something broke (ref 7f3a).');
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }));

    expect(await screen.findByRole('heading', { name: 'Contoso MSP' })).toBeTruthy();
  });
});

import { fireEvent, render, screen } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { setCsrfToken } from './api/client';
import { App } from './App';
import { jsonResponse, problemResponse, sentRequest, stubFetch } from './test/http';

const me = {
  organization: { id: 'org-1', name: 'Contoso MSP' },
  actor_type: 'member',
  member_id: 'm-1',
  email: 'ada@contoso.example',
  display_name: 'Ada',
  role: 'full_member',
  can_manage_tenants: true,
  permissions: [],
  csrf_token: 'csrf-abc',
};

const notSignedIn = () =>
  problemResponse(401, 'not_authenticated', 'Authentication required', 'Sign in to continue.');

beforeEach(() => setCsrfToken(null));

describe('App', () => {
  it('shows the sign-in form when /me answers 401, then the account after signing in', async () => {
    stubFetch(notSignedIn(), jsonResponse(me));
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
    expect(screen.getByText('No client tenants yet')).toBeTruthy();
  });

  it('signs out with the CSRF token and returns to the sign-in form', async () => {
    const fetchMock = stubFetch(jsonResponse(me), new Response(null, { status: 204 }));
    render(<App />);

    fireEvent.click(await screen.findByRole('button', { name: 'Sign out' }));

    expect(await screen.findByRole('heading', { name: 'Sign in to Petra Portal' })).toBeTruthy();
    const signOut = sentRequest(fetchMock, 1);
    expect(signOut.url).toBe('/api/v1/auth/logout');
    expect(signOut.headers['X-CSRF-Token']).toBe('csrf-abc');
  });

  it('shows the error detail when the session check fails, and retries on request', async () => {
    stubFetch(
      problemResponse(500, 'internal_error', 'Internal error', 'Something broke (ref 7f3a).'),
      jsonResponse(me),
    );
    render(<App />);

    expect((await screen.findByRole('alert')).textContent).toContain('Something broke (ref 7f3a).');
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }));

    expect(await screen.findByRole('heading', { name: 'Contoso MSP' })).toBeTruthy();
  });
});

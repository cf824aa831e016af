import { act, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { setCsrfToken } from '../../api/client';
import { DISCONNECTED, makeConnection, makeOperation } from '../../test/fixtures';
import { jsonResponse, problemResponse, requestsTo, stubRoutes } from '../../test/http';
import { PartnerCenterCard, type PartnerCenterPermissions } from './PartnerCenterCard';

const CONNECTION = '/api/v1/partner-center/connection';
const EVERYTHING: PartnerCenterPermissions = { connect: true, manage: true, sync: true };

function renderCard(permissions = EVERYTHING, onSyncFinished = vi.fn()) {
  const redirect = vi.fn();
  render(<PartnerCenterCard permissions={permissions} redirect={redirect} onSyncFinished={onSyncFinished} />);
  return { redirect, onSyncFinished };
}

function openMenu() {
  fireEvent.click(screen.getByRole('button', { name: 'Partner Center actions' }));
  return screen.getByRole('menu', { name: 'Partner Center actions' });
}

beforeEach(() => setCsrfToken('csrf-abc'));

describe('PartnerCenterCard when disconnected', () => {
  it('connects through Microsoft: POST connect with the CSRF token, then leaves for the sign-in page', async () => {
    const fetchMock = stubRoutes({
      [`GET ${CONNECTION}`]: jsonResponse(DISCONNECTED),
      'POST /api/v1/partner-center/connect': jsonResponse({
        authorization_url: 'https://login.example/authorize?state=s1',
      }),
    });
    const { redirect } = renderCard();

    expect(await screen.findByText('Not connected')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Partner Center actions' })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Connect Microsoft Partner Center' }));

    await vi.waitFor(() => expect(redirect).toHaveBeenCalledWith('https://login.example/authorize?state=s1'));
    const [connect] = requestsTo(fetchMock, 'POST', '/api/v1/partner-center/connect');
    expect(connect?.body).toEqual({ return_to: 'portal' });
    expect(connect?.headers['X-CSRF-Token']).toBe('csrf-abc');
  });

  it("shows the API's reason when the sign-in cannot start, and lets the user retry", async () => {
    stubRoutes({
      [`GET ${CONNECTION}`]: jsonResponse(DISCONNECTED),
      'POST /api/v1/partner-center/connect': problemResponse(
        503,
        'identity_unavailable',
        'Service unavailable',
        'Microsoft sign-in is not configured on this server.',
      ),
    });
    const { redirect } = renderCard();

    fireEvent.click(await screen.findByRole('button', { name: 'Connect Microsoft Partner Center' }));

    expect((await screen.findByRole('alert')).textContent).toBe('Microsoft sign-in is not configured on this server.');
    expect(redirect).not.toHaveBeenCalled();
    expect(screen.getByRole('button', { name: 'Connect Microsoft Partner Center' })).toHaveProperty('disabled', false);
  });

  it('offers no Connect button to members who may not connect', async () => {
    stubRoutes({ [`GET ${CONNECTION}`]: jsonResponse(DISCONNECTED) });
    renderCard({ connect: false, manage: false, sync: false });

    expect(await screen.findByText(/Ask an admin/)).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Connect Microsoft Partner Center' })).toBeNull();
  });
});

describe('PartnerCenterCard when connected', () => {
  it('shows the account, partner tenant, sign-in days left and the last sync', async () => {
    stubRoutes({
      [`GET ${CONNECTION}`]: jsonResponse(
        makeConnection({
          last_sync: {
            operation_id: 'op-0',
            state: 'partially_failed',
            started_at: '2026-01-12T02:00:00Z',
            finished_at: '2026-01-12T02:01:00Z',
            error_code: 'some_tenants_failed',
            error_message: '2 tenants could not be read.',
          },
        }),
      ),
    });
    renderCard();

    expect(await screen.findByText('Connected')).toBeTruthy();
    expect(screen.getByText('admin@fabrikam-partner.example')).toBeTruthy();
    expect(screen.getByText('6f1c2a3b-0000-4000-8000-000000000001')).toBeTruthy();
    expect(screen.getByText('82 days left')).toBeTruthy();
    expect(screen.getByText(/by ada@contoso\.example/)).toBeTruthy();
    expect(screen.getByText('Partially failed')).toBeTruthy();
    expect(screen.getByText('2 tenants could not be read.')).toBeTruthy();
  });

  it('puts Sync Tenants, Reauthenticate Partner Center and Disconnect in the overflow menu', async () => {
    stubRoutes({ [`GET ${CONNECTION}`]: jsonResponse(makeConnection()) });
    renderCard();
    await screen.findByText('Connected');

    const menu = openMenu();

    expect(within(menu).getAllByRole('menuitem').map((item) => item.textContent)).toEqual([
      'Sync Tenants',
      'Reauthenticate Partner Center',
      'Disconnect',
    ]);
    expect(document.activeElement?.textContent).toBe('Sync Tenants');
    fireEvent.keyDown(menu, { key: 'Escape' });
    expect(screen.queryByRole('menu')).toBeNull();
  });

  it('reauthenticates from the menu with the same redirect', async () => {
    const fetchMock = stubRoutes({
      [`GET ${CONNECTION}`]: jsonResponse(makeConnection()),
      'POST /api/v1/partner-center/reauthenticate': jsonResponse({ authorization_url: 'https://login.example/re' }),
    });
    const { redirect } = renderCard();
    await screen.findByText('Connected');

    fireEvent.click(within(openMenu()).getByRole('menuitem', { name: 'Reauthenticate Partner Center' }));

    await vi.waitFor(() => expect(redirect).toHaveBeenCalledWith('https://login.example/re'));
    expect(requestsTo(fetchMock, 'POST', '/api/v1/partner-center/reauthenticate')[0]?.body).toEqual({
      return_to: 'portal',
    });
  });

  it('asks before disconnecting, then shows the card disconnected', async () => {
    const fetchMock = stubRoutes({
      [`GET ${CONNECTION}`]: [jsonResponse(makeConnection()), jsonResponse(DISCONNECTED)],
      [`DELETE ${CONNECTION}`]: new Response(null, { status: 204 }),
    });
    renderCard();
    await screen.findByText('Connected');

    fireEvent.click(within(openMenu()).getByRole('menuitem', { name: 'Disconnect' }));
    expect(requestsTo(fetchMock, 'DELETE', CONNECTION)).toHaveLength(0);
    fireEvent.click(screen.getByRole('button', { name: 'Yes, disconnect' }));

    expect(await screen.findByRole('button', { name: 'Connect Microsoft Partner Center' })).toBeTruthy();
    const [disconnect] = requestsTo(fetchMock, 'DELETE', CONNECTION);
    expect(disconnect?.headers['X-CSRF-Token']).toBe('csrf-abc');
  });

  it('can cancel a disconnect', async () => {
    const fetchMock = stubRoutes({ [`GET ${CONNECTION}`]: jsonResponse(makeConnection()) });
    renderCard();
    await screen.findByText('Connected');

    fireEvent.click(within(openMenu()).getByRole('menuitem', { name: 'Disconnect' }));
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));

    expect(screen.queryByRole('button', { name: 'Yes, disconnect' })).toBeNull();
    expect(requestsTo(fetchMock, 'DELETE', CONNECTION)).toHaveLength(0);
  });
});

describe('PartnerCenterCard when the sign-in needs renewing', () => {
  it('warns with the reason and reauthenticates from the warning', async () => {
    stubRoutes({
      [`GET ${CONNECTION}`]: jsonResponse(
        makeConnection({
          state: 'needs_reauth',
          refresh_token_days_left: null,
          reauth_reason: 'The partner sign-in was revoked at Microsoft. Reauthenticate Partner Center.',
        }),
      ),
      'POST /api/v1/partner-center/reauthenticate': jsonResponse({ authorization_url: 'https://login.example/re' }),
    });
    const { redirect } = renderCard();

    const warning = await screen.findByRole('alert');
    expect(warning.textContent).toContain('Partner Center needs you to sign in again.');
    expect(warning.textContent).toContain('The partner sign-in was revoked at Microsoft.');
    expect(screen.getByText('Needs reauthentication')).toBeTruthy();
    expect(screen.queryByText(/days left/)).toBeNull();

    fireEvent.click(within(warning).getByRole('button', { name: 'Reauthenticate Partner Center' }));
    await vi.waitFor(() => expect(redirect).toHaveBeenCalledWith('https://login.example/re'));
  });

  it('leaves Sync Tenants out of the menu', async () => {
    stubRoutes({ [`GET ${CONNECTION}`]: jsonResponse(makeConnection({ state: 'needs_reauth' })) });
    renderCard();
    await screen.findByText('Needs reauthentication');

    expect(within(openMenu()).queryByRole('menuitem', { name: 'Sync Tenants' })).toBeNull();
  });
});

describe('PartnerCenterCard load failure', () => {
  it('shows the problem detail and retries', async () => {
    stubRoutes({
      [`GET ${CONNECTION}`]: [
        problemResponse(500, 'internal_error', 'Internal error', 'Something broke (ref 9c1d).'),
        jsonResponse(makeConnection()),
      ],
    });
    renderCard();

    expect((await screen.findByRole('alert')).textContent).toContain('Something broke (ref 9c1d).');
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByText('Connected')).toBeTruthy();
  });
});

describe('Sync Tenants progress', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  async function tick(ms: number) {
    await act(() => vi.advanceTimersByTimeAsync(ms));
  }

  it('polls the operation every second until it finishes, then stops and reports', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const progress = (done: number) => ({ total: 40, pending: 40 - done, succeeded: done, failed: 0, cancelled: 0 });
    const fetchMock = stubRoutes({
      [`GET ${CONNECTION}`]: jsonResponse(makeConnection()),
      'POST /api/v1/tenants/sync': jsonResponse(makeOperation({ state: 'queued' }), 202),
      'GET /api/v1/operations/op-1': [
        jsonResponse(makeOperation({ state: 'running', progress: progress(12) })),
        jsonResponse(makeOperation({ state: 'running', progress: progress(30) })),
        jsonResponse(makeOperation({ state: 'succeeded', progress: progress(40), finished_at: '2026-01-12T10:01:00Z' })),
      ],
    });
    const { onSyncFinished } = renderCard();
    await tick(0);
    expect(screen.getByText('Connected')).toBeTruthy();

    fireEvent.click(within(openMenu()).getByRole('menuitem', { name: 'Sync Tenants' }));
    await tick(0);
    expect(screen.getByText('Syncing…')).toBeTruthy();
    expect(requestsTo(fetchMock, 'GET', '/api/v1/operations/op-1')).toHaveLength(0);

    await tick(1000);
    expect(screen.getByText('Syncing… 12 / 40')).toBeTruthy();
    await tick(1000);
    expect(screen.getByText('Syncing… 30 / 40')).toBeTruthy();
    await tick(1000);
    expect(screen.getByText(/Sync finished: 40 tenants refreshed\./)).toBeTruthy();
    expect(onSyncFinished).toHaveBeenCalledTimes(1);
    expect(onSyncFinished.mock.calls[0]?.[0]).toMatchObject({ state: 'succeeded' });

    await tick(5000);
    expect(requestsTo(fetchMock, 'GET', '/api/v1/operations/op-1')).toHaveLength(3);
    // The card re-reads the connection so "Last sync" reflects the run just finished.
    expect(requestsTo(fetchMock, 'GET', CONNECTION)).toHaveLength(2);
  });

  it('follows a sync that was already running when the page loaded', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    stubRoutes({
      [`GET ${CONNECTION}`]: jsonResponse(
        makeConnection({
          last_sync: {
            operation_id: 'op-1',
            state: 'running',
            started_at: '2026-01-12T10:00:00Z',
            finished_at: null,
            error_code: null,
            error_message: null,
          },
        }),
      ),
      'GET /api/v1/operations/op-1': jsonResponse(
        makeOperation({
          state: 'failed',
          error_message: 'The partner sign-in was revoked.',
          error_action: 'Reauthenticate Partner Center.',
          progress: { total: 0 },
        }),
      ),
    });
    const { onSyncFinished } = renderCard();
    await tick(0);
    expect(screen.getByText('Syncing…')).toBeTruthy();

    await tick(1000);
    expect(screen.getByText(/Sync failed\. The partner sign-in was revoked\. Reauthenticate Partner Center\./)).toBeTruthy();
    expect(onSyncFinished).toHaveBeenCalledTimes(1);
  });

  it("shows why a sync was refused", async () => {
    stubRoutes({
      [`GET ${CONNECTION}`]: jsonResponse(makeConnection()),
      'POST /api/v1/tenants/sync': problemResponse(
        409,
        'partner_center_needs_reauth',
        'Conflict',
        'Reauthenticate Partner Center first.',
      ),
    });
    renderCard();
    await screen.findByText('Connected');

    fireEvent.click(within(openMenu()).getByRole('menuitem', { name: 'Sync Tenants' }));

    expect(await screen.findByText('Reauthenticate Partner Center first.')).toBeTruthy();
  });
});

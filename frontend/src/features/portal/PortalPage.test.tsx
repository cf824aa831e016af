import { fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { setCsrfToken } from '../../api/client';
import { DISCONNECTED, makeConnection, makeMe, makePage, makeTenant } from '../../test/fixtures';
import { jsonResponse, stubRoutes } from '../../test/http';
import { PortalPage } from './PortalPage';

function stubPortal() {
  return stubRoutes({
    'GET /api/v1/partner-center/connection': jsonResponse(DISCONNECTED),
    'GET /api/v1/tenants': jsonResponse(makePage([])),
  });
}

beforeEach(() => setCsrfToken('csrf-abc'));
afterEach(() => window.history.replaceState(null, '', '/'));

describe('PortalPage after the Microsoft redirect', () => {
  it('shows the error sentence and cleans the query string', async () => {
    window.history.replaceState(null, '', '/portal?partner_center_error=not_admin_agent&tab=all');
    stubPortal();
    render(<PortalPage me={makeMe()} onSignOut={vi.fn()} />);

    const banner = screen.getAllByRole('alert')[0];
    expect(banner?.textContent).toContain('Partner Center was not connected.');
    expect(banner?.textContent).toContain('Add it to the AdminAgents group of your partner tenant');
    expect(window.location.pathname).toBe('/portal');
    expect(window.location.search).toBe('?tab=all');
    await screen.findByText('Not connected');
  });

  it('confirms a successful connection, and the banner can be dismissed', async () => {
    window.history.replaceState(null, '', '/portal?partner_center=connected');
    stubRoutes({
      'GET /api/v1/partner-center/connection': jsonResponse(makeConnection()),
      'GET /api/v1/tenants': jsonResponse(makePage([makeTenant()])),
    });
    render(<PortalPage me={makeMe()} onSignOut={vi.fn()} />);

    expect(screen.getByText('Partner Center connected.')).toBeTruthy();
    expect(window.location.search).toBe('');
    await screen.findByText('Northwind Traders');
    fireEvent.click(screen.getByRole('button', { name: 'Dismiss' }));
    expect(screen.queryByText('Partner Center connected.')).toBeNull();
  });

  it('shows no banner on an ordinary visit', async () => {
    window.history.replaceState(null, '', '/portal');
    stubPortal();
    render(<PortalPage me={makeMe()} onSignOut={vi.fn()} />);

    await screen.findByText('Not connected');
    expect(screen.queryByText(/Partner Center (was not )?connected\./)).toBeNull();
  });
});

describe('PortalPage permissions', () => {
  it('shows external guests their tenants without the Partner Center card', async () => {
    const fetchMock = stubRoutes({ 'GET /api/v1/tenants': jsonResponse(makePage([makeTenant()])) });
    render(<PortalPage me={makeMe({ role: 'external_guest', permissions: ['tenants.read', 'operations.read'] })} onSignOut={vi.fn()} />);

    await screen.findByText('Northwind Traders');
    expect(screen.queryByText('Microsoft Partner Center')).toBeNull();
    expect(fetchMock.mock.calls.map(([url]) => String(url))).not.toContain('/api/v1/partner-center/connection');
  });

  it('tells billing members that tenants are not part of their role', () => {
    const fetchMock = stubRoutes({});
    render(<PortalPage me={makeMe({ role: 'billing', permissions: ['me.read', 'session.end'] })} onSignOut={vi.fn()} />);

    expect(screen.getByText('Your role does not include client tenants')).toBeTruthy();
    expect(fetchMock).not.toHaveBeenCalled();
  });
});

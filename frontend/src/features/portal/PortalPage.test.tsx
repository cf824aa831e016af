import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import axe from 'axe-core';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { browser } from '../../lib/leave';
import { DISCONNECTED, makeConnection, makeMe, makeOperation, makePage, makeTenant } from '../../test/fixtures';
import { FakeEventSource, jsonResponse, stubApi } from '../../test/http';
import { renderAt } from '../../test/render';

const missing = makeTenant({
  tenant_id: '22222222-2222-4222-8222-222222222222',
  display_name: 'Fabrikam Builders',
  default_domain: 'fabrikam.example',
  gdap_state: 'missing',
  gdap_missing_code: 'roles_missing',
  gdap_missing_reason: 'No active GDAP relationship holds Global Administrator (found: Helpdesk Administrator).',
  gdap_roles: ['Helpdesk Administrator'],
  users: 3,
  status: 'not_protected',
  email_permissions: 'needs_fix',
  actions: ['view', 'request_gdap', 'fix_email', 'exclude'],
});
const ready = makeTenant();

beforeEach(() => FakeEventSource.install());

describe('the managed tenants table', () => {
  it("shows the seed's columns, with a Missing tenant's reason written in its cell", async () => {
    stubApi({
      'GET /api/v1/partner-center/connection': jsonResponse(makeConnection()),
      'GET /api/v1/tenants': jsonResponse(makePage([ready, missing])),
    });
    renderAt('/portal', { me: makeMe() });
    const table = await screen.findByRole('table');
    for (const header of ['Tenant', 'GDAP Permissions', 'Users', 'Petra Status', 'Email Perms', 'Exclude', 'Actions']) {
      expect(within(table).getByRole('columnheader', { name: new RegExp(`^${header}`) })).toBeTruthy();
    }
    const row = screen.getByRole('link', { name: 'Fabrikam Builders' }).closest('tr') as HTMLElement;
    expect(row.textContent).toContain('Missing');
    expect(row.textContent).toContain('found: Helpdesk Administrator');
    expect(row.textContent).toContain('fabrikam.example');
    expect(within(row).getByRole('button', { name: 'Request GDAP from Fabrikam Builders' })).toBeTruthy();
    expect(screen.getByText('Showing 2 of 2 tenants')).toBeTruthy();

    const results = await axe.run(table, { rules: { 'color-contrast': { enabled: false } } });
    expect(results.violations.map((v) => v.id)).toEqual([]);
  });

  it('puts filters and sort in the URL and asks the API for them', async () => {
    const http = stubApi({
      'GET /api/v1/partner-center/connection': jsonResponse(makeConnection()),
      'GET /api/v1/tenants': jsonResponse(makePage([ready, missing])),
    });
    const { router } = renderAt('/portal?gdap=missing&expiring=30', { me: makeMe() });
    await screen.findByRole('table');
    expect(http.to('GET', '/api/v1/tenants')[0]?.query).toMatchObject({ gdap_state: 'missing', expiring_within_days: '30' });

    fireEvent.click(within(screen.getByRole('columnheader', { name: /^Users/ })).getByRole('button'));
    await waitFor(() => expect(router.state.location.search).toContain('sort=users'));
    await waitFor(() =>
      expect(http.to('GET', '/api/v1/tenants').at(-1)?.query).toMatchObject({ sort: 'users', descending: 'false', gdap_state: 'missing' }),
    );
    expect(screen.getByRole('columnheader', { name: /^Users/ }).getAttribute('aria-sort')).toBe('ascending');
  });

  it('excludes a tenant from batch work and refreshes the table', async () => {
    const http = stubApi({
      'GET /api/v1/partner-center/connection': jsonResponse(makeConnection()),
      'GET /api/v1/tenants': [jsonResponse(makePage([ready])), jsonResponse(makePage([{ ...ready, excluded: true }]))],
      'PATCH /api/v1/tenants/11111111-1111-4111-8111-111111111111': jsonResponse({ ...ready, excluded: true }),
    });
    renderAt('/portal', { me: makeMe() });
    fireEvent.click(await screen.findByRole('checkbox', { name: 'Exclude Northwind Traders from batch work' }));
    await waitFor(() => expect(http.to('PATCH', '/api/v1/tenants/11111111-1111-4111-8111-111111111111')[0]?.body).toEqual({ excluded: true }));
    await waitFor(() =>
      expect((screen.getByRole('checkbox', { name: 'Exclude Northwind Traders from batch work' }) as HTMLInputElement).checked).toBe(true),
    );
  });

  it('offers Sync Tenants in the empty state once connected, and follows the sync', async () => {
    const operation = makeOperation({ id: 'op-9', state: 'queued' });
    const http = stubApi({
      'GET /api/v1/partner-center/connection': jsonResponse(makeConnection({ last_sync: null })),
      'GET /api/v1/tenants': jsonResponse(makePage([])),
      'POST /api/v1/tenants/sync': jsonResponse(operation, 202),
      'GET /api/v1/operations/op-9': jsonResponse(operation),
    });
    renderAt('/portal', { me: makeMe() });
    const empty = await screen.findByText('No tenants yet');
    const panel = empty.closest('[role="status"]') as HTMLElement;
    fireEvent.click(within(panel).getByRole('button', { name: 'Sync Tenants' }));
    await waitFor(() => expect(http.to('POST', '/api/v1/tenants/sync')).toHaveLength(1));
    await waitFor(() => expect(FakeEventSource.instances.some((s) => s.url.endsWith('/operations/op-9/events'))).toBe(true));
  });

  it('asks to connect when Partner Center is not connected, and goes to Microsoft', async () => {
    const leave = vi.spyOn(browser, 'leaveTo').mockImplementation(() => undefined);
    const http = stubApi({
      'GET /api/v1/partner-center/connection': jsonResponse(DISCONNECTED),
      'GET /api/v1/tenants': jsonResponse(makePage([])),
      'POST /api/v1/partner-center/connect': jsonResponse({ authorization_url: 'https://login.example/authorize?x=1' }),
    });
    renderAt('/portal', { me: makeMe() });
    fireEvent.click(await screen.findByRole('button', { name: 'Connect Microsoft Partner Center' }));
    await waitFor(() => expect(leave).toHaveBeenCalledWith('https://login.example/authorize?x=1'));
    expect(http.to('POST', '/api/v1/partner-center/connect')[0]?.body).toEqual({ return_to: 'portal' });
    expect(screen.queryByRole('button', { name: 'Sync Tenants' })).toBeNull();
  });
});

describe('messages that stay true', () => {
  it('asks to reauthenticate only while the connection needs it', async () => {
    stubApi({
      'GET /api/v1/partner-center/connection': jsonResponse(
        makeConnection({ state: 'needs_reauth', reauth_reason: 'Microsoft refused the stored sign-in (AADSTS50173).' }),
      ),
      'GET /api/v1/tenants': jsonResponse(makePage([ready])),
    });
    renderAt('/portal', { me: makeMe() });
    expect(await screen.findByText('Reauthenticate Partner Center', { selector: '.mantine-Alert-label' })).toBeTruthy();
    expect(screen.getByText(/AADSTS50173/)).toBeTruthy();
    expect(screen.queryByText('Connected', { exact: true })).toBeNull();
  });

  it('shows a partner-level failure once, as one banner with its cause and fix', async () => {
    stubApi({
      'GET /api/v1/partner-center/connection': jsonResponse(
        makeConnection({
          state: 'needs_reauth',
          reauth_reason: 'Partner Center refused the call.',
          problem: {
            label: 'partner_center_mfa_required',
            summary: 'Partner Center refused the call: the partner sign-in was made without MFA.',
            action: 'Reauthenticate Partner Center with an account that has MFA registered.',
            layer: 'partner_sign_in',
            code: '900421',
            message: null,
            tenant_id: null,
            at: '2026-01-12T09:00:00Z',
          },
        }),
      ),
      'GET /api/v1/tenants': jsonResponse(makePage([ready, missing])),
    });
    renderAt('/portal', { me: makeMe() });
    const banner = await screen.findByRole('alert');
    expect(screen.getAllByRole('alert')).toHaveLength(1);
    expect(banner.textContent).toContain('every tenant is affected');
    expect(banner.textContent).toContain('without MFA');
    expect(banner.textContent).toContain('Reauthenticate Partner Center with an account that has MFA registered.');
    expect(banner.textContent).toContain('900421');
    expect(within(banner).getByRole('button', { name: 'Reauthenticate Partner Center' })).toBeTruthy();
  });

  it('shows nothing but the green badge when all is well', async () => {
    stubApi({
      'GET /api/v1/partner-center/connection': jsonResponse(makeConnection()),
      'GET /api/v1/tenants': jsonResponse(makePage([ready])),
    });
    renderAt('/portal', { me: makeMe() });
    await screen.findByText('Connected', { exact: true });
    expect(screen.queryByRole('alert')).toBeNull();
    expect(screen.queryByText(/Reauthenticate/)).toBeNull();
  });

  it('explains a refused Microsoft sign-in once and removes it from the URL', async () => {
    stubApi({
      'GET /api/v1/partner-center/connection': jsonResponse(DISCONNECTED),
      'GET /api/v1/tenants': jsonResponse(makePage([])),
    });
    const { router } = renderAt('/portal?partner_center_error=not_admin_agent&gdap=ready', { me: makeMe() });
    expect(await screen.findByText('Partner Center was not connected.')).toBeTruthy();
    expect(screen.getByText(/Add it to the AdminAgents group/)).toBeTruthy();
    await waitFor(() => expect(router.state.location.search).toBe('?gdap=ready'));
  });

  it('warns before the stored sign-in expires from inactivity', async () => {
    stubApi({
      'GET /api/v1/partner-center/connection': jsonResponse(makeConnection({ refresh_token_days_left: 5 })),
      'GET /api/v1/tenants': jsonResponse(makePage([ready])),
    });
    renderAt('/portal', { me: makeMe() });
    expect(await screen.findByText('The Partner Center sign-in expires in 5 days')).toBeTruthy();
  });
});

describe('roles', () => {
  it('shows external guests their tenants and nothing of Partner Center', async () => {
    const http = stubApi({ 'GET /api/v1/tenants': jsonResponse(makePage([{ ...ready, actions: ['view'] }])) });
    renderAt('/portal', { me: makeMe({ role: 'external_guest', permissions: ['me.read', 'session.end', 'tenants.read', 'operations.read'] }) });
    await screen.findByText('Northwind Traders');
    expect(http.to('GET', '/api/v1/partner-center/connection')).toHaveLength(0);
    expect(screen.queryByText(/Partner Center/)).toBeNull();
    expect(screen.queryByRole('button', { name: 'Add Tenant' })).toBeNull();
    expect(screen.queryByRole('checkbox', { name: /Select/ })).toBeNull();
  });

  it('tells billing members the page is not part of their role, and never offers Partner Center', async () => {
    const http = stubApi({});
    renderAt('/settings/partner-center', { me: makeMe({ role: 'billing', permissions: ['me.read', 'session.end'] }) });
    expect(await screen.findByText('This page is not part of your role')).toBeTruthy();
    expect(screen.queryByRole('link', { name: 'Partner Center' })).toBeNull();
    expect(http.fetchMock).not.toHaveBeenCalled();
  });
});

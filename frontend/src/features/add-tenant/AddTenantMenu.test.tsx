import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { OnboardingOut, ProductCatalog } from '../../api/schemas';
import { browser } from '../../lib/leave';
import { ALL_PERMISSIONS, makeConnection, makeMe, makeOperation, makePage, makeTenant } from '../../test/fixtures';
import { FakeEventSource, jsonResponse, problemResponse, stubApi } from '../../test/http';
import { renderAt } from '../../test/render';

const catalog: ProductCatalog = {
  version: '2026-01',
  products: [
    {
      name: 'active',
      title: 'Petra Active',
      summary: 'Continuous monitoring',
      email: true,
      permissions: [
        {
          resource_app_id: '00000003-0000-0000-c000-000000000000',
          resource_name: 'Microsoft Graph',
          name: 'AuditLog.Read.All',
          type: 'application',
          id: 'b0afded3-3588-46d8-8b3d-9842eff778da',
          reason: 'Read sign-ins.',
        },
      ],
    },
    { name: 'scan', title: 'Petra Scan', summary: 'A quick security check', email: false, permissions: [] },
  ],
};

const CONSENT_URL = 'https://login.microsoftonline.com/organizations/v2.0/adminconsent?client_id=c&state=s';
const DISCONNECTED = makeConnection({ state: 'disconnected', account: null, partner_tenant_id: null });

const added = makeTenant({
  tenant_id: '55555555-5555-4555-8555-555555555555',
  display_name: 'Tailspin Logistics Direct',
  default_domain: 'tailspin.example',
  gdap_state: 'not_applicable',
  gdap_roles: [],
  gdap_account_roles: [],
  gdap_ending_roles: [],
  gdap_earliest_end_at: null,
  gdap_latest_end_at: null,
  relationship_count: 0,
  added_individually: true,
  added_individually_at: '2026-01-12T10:00:00Z',
  status: 'monitoring',
});

beforeEach(() => FakeEventSource.install());

afterEach(() => {
  vi.restoreAllMocks();
});

async function openAddIndividually() {
  fireEvent.click(await screen.findByRole('button', { name: 'Add Tenant' }));
  fireEvent.click(await screen.findByRole('menuitem', { name: 'Add tenants individually' }));
  return screen.findByRole('dialog', { name: 'Add tenants individually' });
}

describe('Add tenants individually', () => {
  it('asks for the product, then sends the browser to Microsoft with it', async () => {
    const leave = vi.spyOn(browser, 'leaveTo').mockImplementation(() => undefined);
    const http = stubApi({
      'GET /api/v1/partner-center/connection': jsonResponse(DISCONNECTED),
      'GET /api/v1/tenants': jsonResponse(makePage([])),
      'GET /api/v1/products': jsonResponse(catalog),
      'POST /api/v1/tenants/individual/connect': jsonResponse({ admin_consent_url: CONSENT_URL, expires_in: 1800 }),
    });
    renderAt('/portal', { me: makeMe() });
    const dialog = await openAddIndividually();
    expect(within(dialog).getByText(/Global Administrator signs in at Microsoft/)).toBeTruthy();
    expect(await within(dialog).findByText(/AuditLog\.Read\.All/)).toBeTruthy();
    fireEvent.change(within(dialog).getByRole('combobox', { name: 'Product' }), { target: { value: 'scan' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Continue to Microsoft' }));
    await waitFor(() => expect(leave).toHaveBeenCalledWith(CONSENT_URL));
    expect(http.to('POST', '/api/v1/tenants/individual/connect')[0]?.body).toEqual({ product: 'scan' });
  });

  it('says why when the consent cannot start, and stays', async () => {
    const leave = vi.spyOn(browser, 'leaveTo').mockImplementation(() => undefined);
    stubApi({
      'GET /api/v1/partner-center/connection': jsonResponse(DISCONNECTED),
      'GET /api/v1/tenants': jsonResponse(makePage([])),
      'GET /api/v1/products': jsonResponse(catalog),
      'POST /api/v1/tenants/individual/connect': problemResponse(429, 'rate_limited', 'Too many admin consents started. Wait before trying again.'),
    });
    renderAt('/portal', { me: makeMe() });
    const dialog = await openAddIndividually();
    fireEvent.click(within(dialog).getByRole('button', { name: 'Continue to Microsoft' }));
    expect(await within(dialog).findByText('Too many admin consents started. Wait before trying again.')).toBeTruthy();
    expect(leave).not.toHaveBeenCalled();
  });

  it('is not offered to someone who may not add tenants', async () => {
    stubApi({
      'GET /api/v1/partner-center/connection': jsonResponse(DISCONNECTED),
      'GET /api/v1/tenants': jsonResponse(makePage([])),
    });
    renderAt('/portal', { me: makeMe({ permissions: ALL_PERMISSIONS.filter((p) => p !== 'tenants.add_individually') }) });
    fireEvent.click(await screen.findByRole('button', { name: 'Add Tenant' }));
    await screen.findByRole('menuitem', { name: 'Continue with Partner Center' });
    expect(screen.queryByRole('menuitem', { name: 'Add tenants individually' })).toBeNull();
  });
});

describe('back from Microsoft', () => {
  it('says the tenant was added, and the row shows it added individually without GDAP', async () => {
    stubApi({
      'GET /api/v1/partner-center/connection': jsonResponse(DISCONNECTED),
      'GET /api/v1/tenants': jsonResponse(makePage([added])),
    });
    const { router } = renderAt(`/portal?individual=added&tenant=${added.tenant_id}`, { me: makeMe() });
    const notice = await screen.findByRole('status', { name: /Tenant added individually/ });
    expect(within(notice).getByText(/shows Monitoring once the checks pass/)).toBeTruthy();
    expect(within(notice).getByRole('link', { name: 'View the tenant' }).getAttribute('href')).toBe(`/tenants/${added.tenant_id}`);
    expect(await screen.findByText('Added individually')).toBeTruthy();
    expect(screen.getByText('Not applicable')).toBeTruthy();
    expect(screen.queryByText('Missing')).toBeNull();
    // The outcome leaves the address so that a reload does not show it again.
    await waitFor(() => expect(router.state.location.search).toBe(''));
  });

  it('follows the checks the return started on the tenant row', async () => {
    const checking = { ...added, status: 'not_protected' as const, display_name: '', default_domain: null };
    const onboarding: OnboardingOut = {
      tenant_id: added.tenant_id,
      status: 'not_protected',
      product: null,
      email_permissions: 'unknown',
      email_permissions_note: null,
      history: [
        {
          id: 'r-1',
          kind: 'onboard',
          product: 'active',
          catalog_version: '2026-01',
          state: 'running',
          message: null,
          actor: 'ada@contoso.example',
          operation_id: 'op-7',
          created_at: '2026-01-12T10:00:00Z',
          finished_at: null,
          steps: [
            {
              name: 'admin_consent',
              state: 'done',
              attempts: 1,
              message: 'Added individually.',
              root_cause: null,
              started_at: '2026-01-12T10:00:01Z',
              finished_at: '2026-01-12T10:00:02Z',
            },
          ],
        },
      ],
    };
    const http = stubApi({
      'GET /api/v1/partner-center/connection': jsonResponse(DISCONNECTED),
      'GET /api/v1/tenants': jsonResponse(makePage([checking])),
      'GET /api/v1/operations/op-7': jsonResponse(makeOperation({ id: 'op-7', kind: 'onboard', state: 'running', subject: added.tenant_id })),
      [`GET /api/v1/tenants/${added.tenant_id}/onboarding`]: jsonResponse(onboarding),
    });
    renderAt(`/portal?individual=added&tenant=${added.tenant_id}&operation=op-7`, { me: makeMe() });
    // Named by its id until the checks read the tenant's name.
    expect(await screen.findByRole('link', { name: added.tenant_id })).toBeTruthy();
    expect(await screen.findByText('Onboarding to Petra Active: 1 of 6 steps done')).toBeTruthy();
    expect(http.to('GET', '/api/v1/operations/op-7').length).toBeGreaterThan(0);
  });

  it('says nothing was added when the administrator declined', async () => {
    stubApi({
      'GET /api/v1/partner-center/connection': jsonResponse(DISCONNECTED),
      'GET /api/v1/tenants': jsonResponse(makePage([])),
    });
    renderAt('/portal?individual_error=consent_declined', { me: makeMe() });
    const alert = await screen.findByRole('alert', { name: /No tenant was added/ });
    expect(within(alert).getByText(/declined the consent/)).toBeTruthy();
  });

  it('says so when the tenant was already there', async () => {
    stubApi({
      'GET /api/v1/partner-center/connection': jsonResponse(makeConnection()),
      'GET /api/v1/tenants': jsonResponse(makePage([makeTenant()])),
    });
    renderAt(`/portal?individual=already_present&tenant=${makeTenant().tenant_id}`, { me: makeMe() });
    const notice = await screen.findByRole('status', { name: /Already in your tenants/ });
    expect(within(notice).getByText(/nothing was added/)).toBeTruthy();
  });
});

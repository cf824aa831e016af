import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import type { GdapRequestOut, TemplateOut } from '../../api/schemas';
import { makeConnection, makeMe, makePage, makeTenant } from '../../test/fixtures';
import { FakeEventSource, jsonResponse, stubApi } from '../../test/http';
import { renderAt } from '../../test/render';

const missing = makeTenant({
  tenant_id: '22222222-2222-4222-8222-222222222222',
  display_name: 'Fabrikam Builders',
  gdap_state: 'missing',
  gdap_missing_code: 'roles_missing',
  gdap_missing_reason: 'No active GDAP relationship holds Global Administrator.',
  actions: ['view', 'request_gdap', 'exclude'],
});

const template: TemplateOut = {
  id: '33333333-3333-4333-8333-333333333333',
  name: 'Least privilege (Petra)',
  roles: [
    { id: '158c047a-c907-4556-b7ef-446551a6b5f7', name: 'Cloud Application Administrator' },
    { id: '88d8e3e3-8f55-4a1e-953a-9b9898b8876b', name: 'Directory Readers' },
  ],
  duration_days: 730,
  auto_extend: false,
  group_id: null,
  group_name: null,
  is_default: true,
};

const LINK =
  'https://admin.microsoft.com/AdminPortal/Home#/partners/invitation/granularAdminRelationships/rel-1';

function makeRequest(overrides: Partial<GdapRequestOut> = {}): GdapRequestOut {
  return {
    id: '44444444-4444-4444-8444-444444444444',
    tenant_id: missing.tenant_id,
    customer_name: 'Fabrikam Builders',
    template_id: template.id,
    template_name: template.name,
    relationship_id: 'rel-1',
    display_name: 'Fabrikam Builders - Least privilege 444444',
    roles: template.roles,
    duration_days: 730,
    auto_extend: false,
    top_up: false,
    group_id: null,
    group_name: null,
    state: 'approval_pending',
    approval_link: LINK,
    link_expires_at: new Date(Date.now() + 90 * 86_400_000).toISOString(),
    relationship_end_at: null,
    reminder: null,
    error: null,
    timeline: [],
    requested_by: 'admin@example.com',
    created_at: new Date(Date.now() - 3 * 86_400_000).toISOString(),
    last_checked_at: null,
    finished_at: null,
    ...overrides,
  };
}

beforeEach(() => FakeEventSource.install());

describe('requesting GDAP from the table', () => {
  it('shows the roles in words and hands back the approval link', async () => {
    const http = stubApi({
      'GET /api/v1/partner-center/connection': jsonResponse(makeConnection()),
      'GET /api/v1/tenants': jsonResponse(makePage([missing])),
      'GET /api/v1/gdap-requests': [jsonResponse({ items: [] }), jsonResponse({ items: [makeRequest()] })],
      'GET /api/v1/gdap-templates': jsonResponse([template]),
      [`POST /api/v1/tenants/${missing.tenant_id}/gdap-requests`]: jsonResponse(makeRequest(), 201),
    });
    renderAt('/portal', { me: makeMe() });
    fireEvent.click(await screen.findByRole('button', { name: 'Request GDAP from Fabrikam Builders' }));
    const dialog = await screen.findByRole('dialog');
    const roles = await within(dialog).findByTestId('requested-roles');
    await waitFor(() => expect(roles.textContent).toContain('Cloud Application Administrator'));
    expect(roles.textContent).toContain('Directory Readers');
    expect(dialog.textContent).toContain('730 days');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Request' }));
    expect((await within(dialog).findByTestId('approval-link')).textContent).toBe(LINK);
    expect(within(dialog).getByRole('button', { name: 'Copy the approval link' })).toBeTruthy();
    expect(http.to('POST', `/api/v1/tenants/${missing.tenant_id}/gdap-requests`)[0]?.body).toEqual({
      template_id: template.id,
      top_up: false,
      renew: false,
    });
  });

  it("shows a pending request's age and link on its row", async () => {
    stubApi({
      'GET /api/v1/partner-center/connection': jsonResponse(makeConnection()),
      'GET /api/v1/tenants': jsonResponse(makePage([missing])),
      'GET /api/v1/gdap-requests': jsonResponse({ items: [makeRequest()] }),
    });
    renderAt('/portal', { me: makeMe() });
    const row = (await screen.findByRole('link', { name: 'Fabrikam Builders' })).closest('tr') as HTMLElement;
    await waitFor(() => expect(row.textContent).toContain('Pending 3 days ago'));
    expect(within(row).getByRole('button', { name: 'Copy the approval link' })).toBeTruthy();
    expect(within(row).queryByRole('button', { name: /^Request GDAP/ })).toBeNull();
  });
});

describe('renewing a relationship that ends soon', () => {
  it('offers Renew with the roles that end, and asks for exactly those', async () => {
    const ending = makeTenant({
      tenant_id: '66666666-6666-4666-8666-666666666666',
      display_name: 'Tailspin Toys',
      gdap_state: 'ready',
      gdap_roles: ['Cloud Application Administrator', 'Exchange Administrator'],
      gdap_ending_roles: ['Exchange Administrator'],
      gdap_earliest_end_at: new Date(Date.now() + 12 * 86_400_000).toISOString(),
      gdap_auto_extend: false,
      actions: ['view', 'onboard', 'exclude'],
    });
    const http = stubApi({
      'GET /api/v1/partner-center/connection': jsonResponse(makeConnection()),
      'GET /api/v1/tenants': jsonResponse(makePage([ending])),
      'GET /api/v1/gdap-requests': jsonResponse({ items: [] }),
      'GET /api/v1/gdap-templates': jsonResponse([template]),
      [`POST /api/v1/tenants/${ending.tenant_id}/gdap-requests`]: jsonResponse(
        makeRequest({ tenant_id: ending.tenant_id, customer_name: 'Tailspin Toys' }),
        201,
      ),
    });
    renderAt('/portal', { me: makeMe() });
    fireEvent.click(await screen.findByRole('button', { name: 'Renew GDAP for Tailspin Toys' }));
    const dialog = await screen.findByRole('dialog');
    const roles = await within(dialog).findByTestId('requested-roles');
    expect(roles.textContent).toBe('Exchange Administrator');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Renew' }));
    await within(dialog).findByTestId('approval-link');
    expect(http.to('POST', `/api/v1/tenants/${ending.tenant_id}/gdap-requests`)[0]?.body).toMatchObject({ renew: true });
  });
});

describe('the GDAP requests page', () => {
  it('lists requests with their state and the templates', async () => {
    stubApi({
      'GET /api/v1/gdap-requests': jsonResponse({
        items: [
          makeRequest(),
          makeRequest({
            id: '55555555-5555-4555-8555-555555555555',
            state: 'terminated',
            error: {
              code: 'declined_by_customer',
              root_cause: 'declined_by_customer',
              message: "The client's admin declined the request.",
              action: 'Check with the client which roles they accept, then request again.',
            },
          }),
        ],
      }),
      'GET /api/v1/gdap-templates': jsonResponse([template]),
    });
    renderAt('/gdap-requests', { me: makeMe() });
    const table = await screen.findByRole('table', { name: 'GDAP requests' });
    await waitFor(() => expect(table.textContent).toContain('Waiting for approval'));
    expect(table.textContent).toContain('Declined or ended');
    expect(table.textContent).toContain("The client's admin declined the request.");
    expect(await screen.findByText(/Cloud Application Administrator, Directory Readers · 730 days/)).toBeTruthy();
  });
});

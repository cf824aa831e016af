import { screen, within } from '@testing-library/react';
import axe from 'axe-core';
import { describe, expect, it } from 'vitest';
import type { RelationshipOut, TenantDetail, TenantOperationOut } from '../../api/schemas';
import { daysFromNow, makeMe, makeTenant } from '../../test/fixtures';
import { jsonResponse, stubApi } from '../../test/http';
import { renderAt } from '../../test/render';

const TENANT = '11111111-1111-4111-8111-111111111111';

function rel(overrides: Partial<RelationshipOut>): RelationshipOut {
  return {
    id: 'rel-1',
    display_name: 'Northwind_admin',
    kind: 'ordinary',
    status: 'active',
    usable: true,
    roles: ['Global Administrator'],
    activated_at: '2026-01-02T10:00:00Z',
    end_at: daysFromNow(300),
    auto_extend_duration: 'PT0S',
    auto_extends: false,
    assignments: [],
    assignments_read_at: '2026-01-12T02:01:00Z',
    ...overrides,
  };
}

const detail: TenantDetail = {
  ...makeTenant(),
  relationships: [
    rel({
      assignments: [
        { group_id: 'g-1', group_name: 'GDAP Administrators', roles: ['Global Administrator'], status: 'active' },
        { group_id: 'g-2', group_name: null, roles: ['Helpdesk Administrator'], status: 'deleting' },
      ],
    }),
    rel({
      id: 'rel-2',
      display_name: 'Northwind_helpdesk_reseller',
      kind: 'reseller',
      roles: ['Helpdesk Administrator', 'Password Administrator'],
      auto_extend_duration: 'P180D',
      auto_extends: true,
    }),
    rel({ id: 'rel-3', display_name: 'MLT_5d027261', kind: 'microsoft_led', usable: false, roles: ['Directory Readers'] }),
    rel({ id: 'rel-4', display_name: 'Default_Northwind', kind: 'default', status: 'terminated', usable: false, roles: ['User Administrator'] }),
    rel({ id: 'rel-5', display_name: 'Northwind_pending', status: 'approvalPending', usable: false, activated_at: null, end_at: null }),
  ],
};

const operations: TenantOperationOut[] = [
  {
    operation_id: 'op-2',
    kind: 'sync',
    operation_state: 'partially_failed',
    created_at: '2026-01-13T02:00:00Z',
    created_by: 'ada@contoso.example',
    state: 'failed',
    message: 'Microsoft refused the request.',
    error_code: 'Authorization_RequestDenied',
    root_cause: 'gdap_role_missing',
    finished_at: '2026-01-13T02:01:00Z',
  },
  {
    operation_id: 'op-1',
    kind: 'sync',
    operation_state: 'succeeded',
    created_at: '2026-01-12T02:00:00Z',
    created_by: null,
    state: 'succeeded',
    message: '120 users (graph)',
    error_code: null,
    root_cause: null,
    finished_at: '2026-01-12T02:01:00Z',
  },
];

function stub(tenant: TenantDetail = detail, items: TenantOperationOut[] = operations) {
  return stubApi({
    [`GET /api/v1/tenants/${TENANT}`]: jsonResponse(tenant),
    [`GET /api/v1/tenants/${TENANT}/operations`]: jsonResponse({ items }),
    [`GET /api/v1/tenants/${TENANT}/onboarding`]: jsonResponse({
      tenant_id: TENANT,
      status: tenant.status,
      product: null,
      email_permissions: tenant.email_permissions,
      email_permissions_note: null,
      history: [],
    }),
    'GET /api/v1/audit-events': jsonResponse({ items: [], next_cursor: null }),
  });
}

describe('the tenant page', () => {
  it('shows every relationship with its type, status, dates, auto-extend and access', async () => {
    stub();
    renderAt(`/tenants/${TENANT}`, { me: makeMe() });
    const admin = await screen.findByRole('article', { name: 'Northwind_admin' });
    expect(within(admin).getByText('Partner-created')).toBeTruthy();
    // The relationship's status and its first assignment's.
    expect(within(admin).getAllByText('Active')).toHaveLength(2);
    expect(within(admin).getByText('Counts for GDAP Permissions.')).toBeTruthy();
    expect(admin.textContent).toContain('Global Administrator');
    expect(admin.textContent).toContain('Auto-extend: No');
    const access = within(admin).getByRole('list', { name: 'Access assignments of Northwind_admin' });
    expect(access.textContent).toContain('GDAP Administrators → Global Administrator');
    // A group Graph did not name shows its id; an assignment being removed says so.
    expect(access.textContent).toContain('g-2 → Helpdesk Administrator');
    expect(within(access).getByText('Being removed')).toBeTruthy();

    const reseller = screen.getByRole('article', { name: 'Northwind_helpdesk_reseller' });
    expect(within(reseller).getByText('Reseller (indirect provider)')).toBeTruthy();
    expect(reseller.textContent).toContain('Auto-extend: Yes, by 180 days');

    const mlt = screen.getByRole('article', { name: 'MLT_5d027261' });
    expect(within(mlt).getByText('Microsoft-led (MLT_)')).toBeTruthy();
    expect(mlt.textContent).toContain('Microsoft-led relationships never are');

    const ended = screen.getByRole('article', { name: 'Default_Northwind' });
    expect(within(ended).getByText('Default (new customer)')).toBeTruthy();
    expect(within(ended).getByText('Terminated')).toBeTruthy();
    expect(ended.textContent).toContain('only active relationships are');

    const pending = screen.getByRole('article', { name: 'Northwind_pending' });
    expect(within(pending).getByText('Waiting for approval')).toBeTruthy();
    expect(pending.textContent).toContain('Start: —');
  });

  it("lists the tenant's recent operations with its outcome and root cause, linked", async () => {
    stub();
    renderAt(`/tenants/${TENANT}`, { me: makeMe() });
    const table = await screen.findByRole('table', { name: 'Recent operations' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(2);
    const [failed, succeeded] = rows as [HTMLElement, HTMLElement];
    expect(within(failed).getByRole('link', { name: 'Sync Tenants' }).getAttribute('href')).toBe('/operations/op-2');
    expect(failed.textContent).toContain('Failed');
    expect(failed.textContent).toContain('Root cause: gdap_role_missing (Authorization_RequestDenied)');
    expect(failed.textContent).toContain('by ada@contoso.example');
    expect(succeeded.textContent).toContain('Succeeded');
    expect(succeeded.textContent).toContain('120 users (graph)');

    const results = await axe.run(document.body, { rules: { 'color-contrast': { enabled: false }, region: { enabled: false } } });
    expect(results.violations.map((v) => v.id)).toEqual([]);
  });

  it('says so when no relationship and no operation is known', async () => {
    stub({ ...detail, gdap_state: 'none', active: false, relationships: [] }, []);
    renderAt(`/tenants/${TENANT}`, { me: makeMe() });
    expect(await screen.findByText('No GDAP relationship')).toBeTruthy();
    expect(await screen.findByText('No operation has touched this tenant yet.')).toBeTruthy();
    expect(screen.getAllByText('No access').length).toBeGreaterThan(0);
  });

  it('leaves the operations out for a role that may not read them', async () => {
    const http = stub();
    renderAt(`/tenants/${TENANT}`, { me: makeMe({ permissions: ['me.read', 'tenants.read'] }) });
    await screen.findByRole('article', { name: 'Northwind_admin' });
    expect(screen.queryByText('Recent operations')).toBeNull();
    expect(http.to('GET', `/api/v1/tenants/${TENANT}/operations`)).toHaveLength(0);
  });
});

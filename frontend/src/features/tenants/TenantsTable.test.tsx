import { fireEvent, render, screen, within } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { setCsrfToken } from '../../api/client';
import { daysFromNow, makePage, makeTenant } from '../../test/fixtures';
import { jsonResponse, problemResponse, requestsTo, stubRoutes } from '../../test/http';
import { TenantsTable } from './TenantsTable';

const TENANTS = '/api/v1/tenants';

const northwind = makeTenant();
const fabrikam = makeTenant({
  tenant_id: '22222222-2222-4222-8222-222222222222',
  display_name: 'Fabrikam',
  gdap_state: 'missing',
  gdap_missing_reason: 'Roles found: Directory Readers. Petra needs Global Administrator, Application Administrator or Cloud Application Administrator.',
  gdap_roles: ['Directory Readers'],
  gdap_latest_end_at: daysFromNow(12),
  users: null,
  users_source: 'unknown',
  status: 'not_protected',
  email_permissions: 'needs_fix',
  actions: ['view', 'request_gdap', 'fix_email', 'exclude'],
});
const tailspin = makeTenant({
  tenant_id: '33333333-3333-4333-8333-333333333333',
  display_name: 'Tailspin Toys',
  active: false,
  status: 'previously_deleted',
  email_permissions: 'unknown',
  excluded: true,
  actions: ['view'],
});

function rowOf(name: string) {
  const row = screen.getByText(name).closest('tr');
  if (!row) throw new Error(`no row for ${name}`);
  return within(row);
}

beforeEach(() => setCsrfToken('csrf-abc'));

describe('TenantsTable', () => {
  it('asks for the first page sorted by name', async () => {
    const fetchMock = stubRoutes({ [`GET ${TENANTS}`]: jsonResponse(makePage([northwind])) });
    render(<TenantsTable />);

    await screen.findByText('Northwind Traders');
    expect(requestsTo(fetchMock, 'GET', TENANTS)[0]?.query).toEqual({ sort: 'name', descending: 'false', limit: '50' });
  });

  it('renders each tenant with its badges, users and actions', async () => {
    stubRoutes({ [`GET ${TENANTS}`]: jsonResponse(makePage([northwind, fabrikam, tailspin])) });
    render(<TenantsTable />);
    await screen.findByText('Northwind Traders');

    expect(screen.getByText('3 tenants')).toBeTruthy();
    expect(screen.getAllByRole('columnheader').map((th) => th.textContent?.replace(/[▲▼↕]/g, ''))).toEqual([
      'Tenant',
      'GDAP Permissions',
      'Users',
      'Petra Status',
      'Email Perms',
      'Exclude',
      'Actions',
    ]);

    const ready = rowOf('Northwind Traders');
    expect(ready.getByText('11111111-1111-4111-8111-111111111111')).toBeTruthy();
    expect(ready.getByText('Ready')).toBeTruthy();
    expect(ready.getByText('120').getAttribute('title')).toBe('Counted with Microsoft Graph');
    expect(ready.getByText('Monitoring')).toBeTruthy();
    expect(ready.getByText('OK')).toBeTruthy();
    expect(ready.queryByText(/Expires in/)).toBeNull();
    expect(ready.getByRole('button', { name: 'View Northwind Traders' })).toHaveProperty('disabled', false);

    const missing = rowOf('Fabrikam');
    expect(missing.getByText('Missing').getAttribute('title')).toContain('Roles found: Directory Readers.');
    expect(missing.getByText('Expires in 12 days')).toBeTruthy();
    expect(missing.getByText('—').getAttribute('title')).toMatch(/^Unknown/);
    expect(missing.getByText('Not Protected')).toBeTruthy();
    expect(missing.getAllByText('Fix')).toHaveLength(2);
    const request = missing.getByRole('button', { name: 'Request' });
    expect(request).toHaveProperty('disabled', true);
    expect(request.getAttribute('title')).toBe('Coming soon');
    expect(missing.getByRole('button', { name: 'Fix' })).toHaveProperty('disabled', true);

    const inactive = rowOf('Tailspin Toys');
    expect(inactive.getByText('No active GDAP relationship')).toBeTruthy();
    expect(inactive.getByText('Previously Deleted')).toBeTruthy();
    expect(inactive.getByText('Unknown')).toBeTruthy();
    expect(screen.getByText('Tailspin Toys').closest('tr')?.className).toBe('row--inactive');
  });

  it('shows the designed empty state when there are no tenants yet', async () => {
    stubRoutes({ [`GET ${TENANTS}`]: jsonResponse(makePage([])) });
    render(<TenantsTable />);

    expect(await screen.findByText('No client tenants yet — connect Partner Center and sync')).toBeTruthy();
    expect(screen.queryByRole('table')).toBeNull();
  });

  it('shows a loading state, then the error detail with a retry', async () => {
    stubRoutes({
      [`GET ${TENANTS}`]: [
        problemResponse(500, 'internal_error', 'Internal error', 'Something broke (ref 1a2b).'),
        jsonResponse(makePage([northwind])),
      ],
    });
    render(<TenantsTable />);

    expect(screen.getByText('Loading tenants…')).toBeTruthy();
    expect((await screen.findByRole('alert')).textContent).toContain('Something broke (ref 1a2b).');
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByText('Northwind Traders')).toBeTruthy();
  });

  it('excludes a tenant with PATCH and shows the saved state', async () => {
    const fetchMock = stubRoutes({
      [`GET ${TENANTS}`]: jsonResponse(makePage([northwind])),
      [`PATCH ${TENANTS}/${northwind.tenant_id}`]: jsonResponse({ ...northwind, excluded: true }),
    });
    render(<TenantsTable />);
    const checkbox = await screen.findByRole('checkbox', { name: 'Exclude Northwind Traders' });
    expect(checkbox).toHaveProperty('checked', false);

    fireEvent.click(checkbox);

    await vi.waitFor(() => expect(checkbox).toHaveProperty('checked', true));
    const [patch] = requestsTo(fetchMock, 'PATCH', `${TENANTS}/${northwind.tenant_id}`);
    expect(patch?.body).toEqual({ excluded: true });
    expect(patch?.headers['X-CSRF-Token']).toBe('csrf-abc');
  });

  it('keeps the checkbox as it was when the API refuses, and says why', async () => {
    stubRoutes({
      [`GET ${TENANTS}`]: jsonResponse(makePage([northwind])),
      [`PATCH ${TENANTS}/${northwind.tenant_id}`]: problemResponse(403, 'forbidden', 'Forbidden', 'Your role cannot change tenants.'),
    });
    render(<TenantsTable />);
    const checkbox = await screen.findByRole('checkbox', { name: 'Exclude Northwind Traders' });

    fireEvent.click(checkbox);

    expect((await screen.findByRole('alert')).textContent).toBe('Your role cannot change tenants.');
    expect(checkbox).toHaveProperty('checked', false);
  });

  it('disables Exclude unless the row allows it', async () => {
    stubRoutes({ [`GET ${TENANTS}`]: jsonResponse(makePage([tailspin])) });
    render(<TenantsTable />);

    const checkbox = await screen.findByRole('checkbox', { name: 'Exclude Tailspin Toys' });
    expect(checkbox).toHaveProperty('disabled', true);
    expect(checkbox).toHaveProperty('checked', true);
  });

  it('sorts by a header, and again the other way', async () => {
    const fetchMock = stubRoutes({ [`GET ${TENANTS}`]: jsonResponse(makePage([northwind])) });
    render(<TenantsTable />);
    await screen.findByText('Northwind Traders');

    fireEvent.click(screen.getByRole('button', { name: /^Users/ }));
    await vi.waitFor(() => expect(requestsTo(fetchMock, 'GET', TENANTS)).toHaveLength(2));
    await screen.findByRole('columnheader', { name: /Users/ });
    expect(screen.getByRole('columnheader', { name: /Users/ }).getAttribute('aria-sort')).toBe('ascending');
    fireEvent.click(screen.getByRole('button', { name: /^Users/ }));
    await vi.waitFor(() => expect(requestsTo(fetchMock, 'GET', TENANTS)).toHaveLength(3));

    const queries = requestsTo(fetchMock, 'GET', TENANTS).map((request) => request.query);
    expect(queries[1]).toMatchObject({ sort: 'users', descending: 'false' });
    expect(queries[2]).toMatchObject({ sort: 'users', descending: 'true' });
    fireEvent.click(screen.getByRole('button', { name: /^GDAP Permissions/ }));
    await vi.waitFor(() =>
      expect(requestsTo(fetchMock, 'GET', TENANTS)[3]?.query).toMatchObject({ sort: 'gdap_end', descending: 'false' }),
    );
  });

  it('filters by GDAP state and a debounced search', async () => {
    const fetchMock = stubRoutes({
      [`GET ${TENANTS}`]: [jsonResponse(makePage([northwind, fabrikam])), jsonResponse(makePage([fabrikam])), jsonResponse(makePage([]))],
    });
    render(<TenantsTable />);
    await screen.findByText('Northwind Traders');

    fireEvent.change(screen.getByLabelText('GDAP Permissions'), { target: { value: 'missing' } });
    await vi.waitFor(() => expect(screen.queryByText('Northwind Traders')).toBeNull());
    expect(requestsTo(fetchMock, 'GET', TENANTS)[1]?.query).toMatchObject({ gdap_state: 'missing' });

    fireEvent.change(screen.getByLabelText('Search'), { target: { value: 'f' } });
    fireEvent.change(screen.getByLabelText('Search'), { target: { value: 'fab' } });
    fireEvent.change(screen.getByLabelText('Search'), { target: { value: 'fabx' } });

    expect(await screen.findByText('No tenants match these filters')).toBeTruthy();
    const searches = requestsTo(fetchMock, 'GET', TENANTS).slice(2);
    expect(searches.map((request) => request.query.q)).toEqual(['fabx']);
    expect(searches[0]?.query).toMatchObject({ gdap_state: 'missing' });
  });

  it('loads more with the cursor and appends the rows', async () => {
    const fetchMock = stubRoutes({
      [`GET ${TENANTS}`]: [
        jsonResponse(makePage([northwind], { total: 2, next_cursor: 'c2' })),
        jsonResponse(makePage([fabrikam], { total: 2, next_cursor: null })),
      ],
    });
    render(<TenantsTable />);
    await screen.findByText('Northwind Traders');
    expect(screen.getByText('Showing 1 of 2 tenants')).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: 'Load more' }));

    expect(await screen.findByText('Fabrikam')).toBeTruthy();
    expect(screen.getByText('Northwind Traders')).toBeTruthy();
    expect(screen.getByText('Showing 2 of 2 tenants')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Load more' })).toBeNull();
    expect(requestsTo(fetchMock, 'GET', TENANTS)[1]?.query).toMatchObject({ cursor: 'c2', sort: 'name' });
  });

  it('views a tenant with its GDAP relationships', async () => {
    stubRoutes({
      [`GET ${TENANTS}`]: jsonResponse(makePage([northwind])),
      [`GET ${TENANTS}/${northwind.tenant_id}`]: jsonResponse({
        ...northwind,
        relationships: [
          {
            id: 'rel-1',
            display_name: 'Petra-Northwind-2026',
            status: 'active',
            roles: ['Global Administrator'],
            activated_at: '2025-03-01T00:00:00Z',
            end_at: daysFromNow(300),
            auto_extend_duration: 'P180D',
          },
        ],
      }),
    });
    render(<TenantsTable />);

    fireEvent.click(await screen.findByRole('button', { name: 'View Northwind Traders' }));

    expect(await screen.findByText('Petra-Northwind-2026')).toBeTruthy();
    expect(screen.getByText('northwind.example')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Hide Northwind Traders' }));
    expect(screen.queryByText('Petra-Northwind-2026')).toBeNull();
  });

  it('reloads when the page asks after a sync', async () => {
    const fetchMock = stubRoutes({
      [`GET ${TENANTS}`]: [jsonResponse(makePage([])), jsonResponse(makePage([northwind]))],
    });
    const { rerender } = render(<TenantsTable refreshKey={0} />);
    await screen.findByText('No client tenants yet — connect Partner Center and sync');

    rerender(<TenantsTable refreshKey={1} />);

    expect(await screen.findByText('Northwind Traders')).toBeTruthy();
    expect(requestsTo(fetchMock, 'GET', TENANTS)).toHaveLength(2);
  });
});

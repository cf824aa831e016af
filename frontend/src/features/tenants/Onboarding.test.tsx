import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import axe from 'axe-core';
import { beforeEach, describe, expect, it } from 'vitest';
import type { OnboardingOut, ProductCatalog, RecordOut, StepOut, TenantDetail, TenantOut } from '../../api/schemas';
import { makeConnection, makeMe, makeOperation, makePage, makeTenant } from '../../test/fixtures';
import { FakeEventSource, jsonResponse, stubApi } from '../../test/http';
import { renderAt } from '../../test/render';

const TENANT = '11111111-1111-4111-8111-111111111111';
const AXE_OPTIONS = { rules: { 'color-contrast': { enabled: false }, region: { enabled: false } } };

const catalog: ProductCatalog = {
  version: '2026-01',
  products: [
    { name: 'active', title: 'Petra Active', summary: 'Continuous monitoring', email: true, permissions: [] },
    { name: 'autopsy', title: 'Petra Autopsy', summary: 'A 6-month forensic investigation', email: true, permissions: [] },
    { name: 'scan', title: 'Petra Scan', summary: 'A quick security check', email: false, permissions: [] },
  ],
};

const notProtected = makeTenant({ status: 'not_protected', product: null, email_permissions: 'unknown', actions: ['view', 'onboard', 'exclude'] });
const monitoring = makeTenant({ status: 'monitoring', product: 'autopsy', actions: ['view', 'exclude'] });

function step(name: string, state: StepOut['state'], overrides: Partial<StepOut> = {}): StepOut {
  return {
    name,
    state,
    attempts: state === 'pending' ? 0 : 1,
    message: state === 'done' ? `${name} done.` : null,
    root_cause: null,
    started_at: state === 'pending' ? null : '2026-01-12T10:00:01Z',
    finished_at: state === 'done' || state === 'failed' ? '2026-01-12T10:00:02Z' : null,
    ...overrides,
  };
}

function record(overrides: Partial<RecordOut> = {}): RecordOut {
  return {
    id: 'rec-1',
    kind: 'onboard',
    product: 'autopsy',
    catalog_version: '2026-01',
    state: 'running',
    message: null,
    actor: 'ada@contoso.example',
    operation_id: 'op-on',
    created_at: '2026-01-12T10:00:00Z',
    finished_at: null,
    steps: [],
    ...overrides,
  };
}

function view(overrides: Partial<OnboardingOut> = {}): OnboardingOut {
  return {
    tenant_id: TENANT,
    status: 'not_protected',
    product: null,
    email_permissions: 'unknown',
    email_permissions_note: null,
    history: [],
    ...overrides,
  };
}

function row(name = 'Northwind Traders'): HTMLElement {
  return screen.getByRole('link', { name }).closest('tr') as HTMLElement;
}

beforeEach(() => FakeEventSource.install());

describe('onboarding from the tenants table', () => {
  it('onboards a Ready tenant to the chosen product, follows its steps live, then offers Pause and Offboard', async () => {
    let phase: 'running' | 'done' = 'running';
    const steps = (): StepOut[] =>
      phase === 'running'
        ? [step('preflight', 'done'), step('consent', 'done'), step('service_principal', 'waiting', { message: 'Waiting for the app to appear.' })]
        : ['preflight', 'consent', 'service_principal', 'resource_service_principals', 'application_permissions', 'delegated_grants', 'email_permissions', 'verify', 'monitoring'].map((name) => step(name, 'done'));
    const queued = makeOperation({ id: 'op-on', kind: 'onboard', state: 'queued', subject: 'Northwind Traders' });
    const http = stubApi({
      'GET /api/v1/partner-center/connection': jsonResponse(makeConnection()),
      'GET /api/v1/tenants': [jsonResponse(makePage([notProtected])), jsonResponse(makePage([monitoring]))],
      'GET /api/v1/products': jsonResponse(catalog),
      [`POST /api/v1/tenants/${TENANT}/onboard`]: jsonResponse(queued, 202),
      'GET /api/v1/operations/op-on': () => jsonResponse({ ...queued, state: phase === 'running' ? 'running' : 'succeeded' }),
      [`GET /api/v1/tenants/${TENANT}/onboarding`]: () =>
        jsonResponse(
          view({
            status: phase === 'running' ? 'not_protected' : 'monitoring',
            history: [record({ state: phase === 'running' ? 'running' : 'succeeded', steps: steps() })],
          }),
        ),
    });
    renderAt('/portal', { me: makeMe() });
    await screen.findByRole('table');
    const picker = within(row()).getByRole('combobox', { name: 'Product for Northwind Traders' });
    await waitFor(() => expect(within(picker).getAllByRole('option').map((o) => o.textContent)).toEqual(['Petra Active', 'Petra Autopsy', 'Petra Scan']));
    fireEvent.change(picker, { target: { value: 'autopsy' } });
    fireEvent.click(within(row()).getByRole('button', { name: 'Onboard Northwind Traders to Petra Autopsy' }));
    await waitFor(() => expect(http.to('POST', `/api/v1/tenants/${TENANT}/onboard`)[0]?.body).toEqual({ product: 'autopsy' }));

    // The row follows the operation on its event stream, with the step it is on.
    await waitFor(() => expect(FakeEventSource.instances.some((s) => s.url.endsWith('/operations/op-on/events'))).toBe(true));
    const bar = await within(row()).findByRole('progressbar', { name: 'Onboarding Northwind Traders' });
    await waitFor(() => expect(row().textContent).toContain('Onboarding to Petra Autopsy: 2 of 9 steps done'));
    expect(bar).toBeTruthy();
    expect(row().textContent).toContain("Petra's app in the tenant: Waiting on Microsoft");
    expect(within(row()).queryByRole('button', { name: /^Onboard / })).toBeNull();

    const results = await axe.run(screen.getByRole('table'), AXE_OPTIONS);
    expect(results.violations.map((v) => v.id)).toEqual([]);

    phase = 'done';
    const source = FakeEventSource.last();
    source.open();
    source.emit('progress', { ...queued, state: 'running', step: 'verify' });
    source.emit('end', { state: 'succeeded' });
    await waitFor(() => expect(row().textContent).toContain('Monitoring'));
    expect(within(row()).getByRole('button', { name: 'Pause Northwind Traders' })).toBeTruthy();
    expect(within(row()).getByRole('button', { name: 'Offboard Northwind Traders' })).toBeTruthy();
    expect(within(row()).queryByRole('progressbar')).toBeNull();
  });

  it('shows why access was lost in the row and offers Reconsent, which onboards again', async () => {
    const lost = makeTenant({
      status: 'access_lost',
      product: 'active',
      access_lost_reason: 'The client removed Petra\'s app from the tenant. Reconsent to onboard it again.',
      access_lost_root_cause: 'app_removed',
      access_lost_at: '2026-01-12T09:00:00Z',
      actions: ['view', 'reconsent', 'exclude'],
    });
    const queued = makeOperation({ id: 'op-on', kind: 'onboard', state: 'queued' });
    const http = stubApi({
      'GET /api/v1/partner-center/connection': jsonResponse(makeConnection()),
      'GET /api/v1/tenants': jsonResponse(makePage([lost])),
      'GET /api/v1/products': jsonResponse(catalog),
      [`POST /api/v1/tenants/${TENANT}/onboard`]: jsonResponse(queued, 202),
      'GET /api/v1/operations/op-on': jsonResponse({ ...queued, state: 'running' }),
      [`GET /api/v1/tenants/${TENANT}/onboarding`]: jsonResponse(view({ status: 'access_lost', product: 'active' })),
    });
    renderAt('/portal', { me: makeMe() });
    await screen.findByRole('table');
    expect(row().textContent).toContain('Access Lost');
    expect(row().textContent).toContain("The client removed Petra's app from the tenant.");
    fireEvent.click(await within(row()).findByRole('button', { name: 'Reconsent Northwind Traders to Petra Active' }));
    await waitFor(() => expect(http.to('POST', `/api/v1/tenants/${TENANT}/onboard`)[0]?.body).toEqual({ product: 'active' }));
  });

  it('says at which step and why an onboarding failed, and offers Onboard again', async () => {
    const queued = makeOperation({ id: 'op-on', kind: 'onboard', state: 'queued' });
    stubApi({
      'GET /api/v1/partner-center/connection': jsonResponse(makeConnection()),
      'GET /api/v1/tenants': jsonResponse(makePage([notProtected])),
      'GET /api/v1/products': jsonResponse(catalog),
      [`POST /api/v1/tenants/${TENANT}/onboard`]: jsonResponse(queued, 202),
      'GET /api/v1/operations/op-on': jsonResponse({ ...queued, state: 'failed' }),
      [`GET /api/v1/tenants/${TENANT}/onboarding`]: jsonResponse(
        view({ history: [record({ state: 'failed', message: "Petra's app did not appear in the tenant.", steps: failedSteps })] }),
      ),
    });
    renderAt('/portal', { me: makeMe() });
    await screen.findByRole('table');
    fireEvent.click(await within(row()).findByRole('button', { name: 'Onboard Northwind Traders to Petra Active' }));
    await waitFor(() => expect(row().textContent).toContain("Onboarding failed at Petra's app in the tenant: Petra's app did not appear in the tenant."));
    expect(within(row()).getByRole('link', { name: 'Steps' }).getAttribute('href')).toBe(`/tenants/${TENANT}`);
    expect(within(row()).getByRole('button', { name: 'Onboard Northwind Traders to Petra Active' })).toBeTruthy();
  });

  it('asks before Pause and Offboard, saying what happens to the app and the data', async () => {
    const http = stubApi({
      'GET /api/v1/partner-center/connection': jsonResponse(makeConnection()),
      'GET /api/v1/tenants': jsonResponse(makePage([monitoring])),
      [`POST /api/v1/tenants/${TENANT}/pause`]: jsonResponse(view({ status: 'paused', product: 'autopsy' })),
      [`POST /api/v1/tenants/${TENANT}/offboard`]: jsonResponse(makeOperation({ id: 'op-off', kind: 'offboard', state: 'queued' }), 202),
      'GET /api/v1/operations/op-off': jsonResponse(makeOperation({ id: 'op-off', kind: 'offboard', state: 'running' })),
      [`GET /api/v1/tenants/${TENANT}/onboarding`]: jsonResponse(view({ status: 'monitoring' })),
      'GET /api/v1/audit-events': jsonResponse({ items: [], next_cursor: null }),
    });
    renderAt('/portal', { me: makeMe() });
    await screen.findByRole('table');

    fireEvent.click(within(row()).getByRole('button', { name: 'Pause Northwind Traders' }));
    const pause = await screen.findByRole('dialog', { name: 'Pause monitoring of Northwind Traders?' });
    expect(pause.textContent).toContain('Petra keeps the tenant’s data');
    fireEvent.click(within(pause).getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(http.to('POST', `/api/v1/tenants/${TENANT}/pause`)).toHaveLength(0);

    fireEvent.click(within(row()).getByRole('button', { name: 'Pause Northwind Traders' }));
    fireEvent.click(within(await screen.findByRole('dialog')).getByRole('button', { name: 'Pause monitoring' }));
    await waitFor(() => expect(http.to('POST', `/api/v1/tenants/${TENANT}/pause`)).toHaveLength(1));

    fireEvent.click(within(row()).getByRole('button', { name: 'Offboard Northwind Traders' }));
    const offboard = await screen.findByRole('dialog', { name: 'Offboard Northwind Traders?' });
    expect(offboard.textContent).toContain('Petra removes its app from the client’s tenant');
    expect(offboard.textContent).toContain('Previously Deleted');
    // Checked on its own, Mantine's modal header reads as a second banner landmark.
    const results = await axe.run(offboard, { rules: { ...AXE_OPTIONS.rules, 'landmark-no-duplicate-banner': { enabled: false } } });
    expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.html).join(' | ')}`)).toEqual([]);
    fireEvent.click(within(offboard).getByRole('button', { name: 'Offboard' }));
    await waitFor(() => expect(http.to('POST', `/api/v1/tenants/${TENANT}/offboard`)).toHaveLength(1));
    expect(await within(row()).findByRole('progressbar', { name: 'Offboarding Northwind Traders' })).toBeTruthy();
  });

  it('starts the Email Perms fix from the cell and shows it running', async () => {
    const needsFix = makeTenant({ email_permissions: 'needs_fix', actions: ['view', 'fix_email', 'exclude'] });
    const fix = makeOperation({ id: 'op-fix', kind: 'email_permissions', state: 'queued' });
    const http = stubApi({
      'GET /api/v1/partner-center/connection': jsonResponse(makeConnection()),
      'GET /api/v1/tenants': jsonResponse(makePage([needsFix])),
      [`POST /api/v1/tenants/${TENANT}/email-permissions/fix`]: jsonResponse(fix, 202),
      'GET /api/v1/operations/op-fix': jsonResponse(fix),
      [`GET /api/v1/tenants/${TENANT}/onboarding`]: jsonResponse(view({ status: 'monitoring', email_permissions: 'needs_fix' })),
    });
    renderAt('/portal', { me: makeMe() });
    await screen.findByRole('table');
    fireEvent.click(within(row()).getByRole('button', { name: 'Fix Email Perms of Northwind Traders' }));
    await waitFor(() => expect(http.to('POST', `/api/v1/tenants/${TENANT}/email-permissions/fix`)).toHaveLength(1));
    expect(await within(row()).findByText('Fixing…')).toBeTruthy();
  });

  it('offers no onboarding action to a role that may not manage tenants', async () => {
    const readOnly = makeMe({ role: 'external_guest', can_manage_tenants: false, permissions: ['me.read', 'tenants.read', 'operations.read'] });
    const http = stubApi({
      'GET /api/v1/partner-center/connection': jsonResponse(makeConnection()),
      'GET /api/v1/tenants': jsonResponse(
        makePage([
          monitoring,
          makeTenant({ tenant_id: '33333333-3333-4333-8333-333333333333', display_name: 'Litware', status: 'not_protected', email_permissions: 'needs_fix', actions: ['view'] }),
        ]),
      ),
    });
    renderAt('/portal', { me: readOnly });
    await screen.findByRole('table');
    for (const name of ['Northwind Traders', 'Litware']) {
      const buttons = within(row(name)).queryAllByRole('button').map((b) => b.textContent);
      expect(buttons.filter((text) => /Onboard|Pause|Resume|Offboard|Fix/.test(text ?? ''))).toEqual([]);
      expect(within(row(name)).queryByRole('combobox')).toBeNull();
    }
    expect(http.to('GET', '/api/v1/products')).toHaveLength(0);
  });
});

const failedSteps: StepOut[] = [
  step('preflight', 'done'),
  step('consent', 'done', { message: 'Partner Center consent given.' }),
  step('service_principal', 'failed', {
    attempts: 8,
    message: "Petra's app did not appear in the tenant after Partner Center's consent.",
    root_cause: 'service_principal_missing',
  }),
];

function detailOf(tenant: TenantOut, note: string | null = null): TenantDetail {
  return { ...tenant, relationships: [], email_permissions_note: note };
}

function stubDetail(tenant: TenantDetail, onboarding: OnboardingOut | OnboardingOut[], extra: Record<string, Response> = {}) {
  return stubApi({
    [`GET /api/v1/tenants/${TENANT}`]: jsonResponse(tenant),
    [`GET /api/v1/tenants/${TENANT}/operations`]: jsonResponse({ items: [] }),
    [`GET /api/v1/tenants/${TENANT}/onboarding`]: Array.isArray(onboarding) ? onboarding.map((v) => jsonResponse(v)) : jsonResponse(onboarding),
    'GET /api/v1/audit-events': jsonResponse({ items: [], next_cursor: null }),
    'GET /api/v1/products': jsonResponse(catalog),
    ...extra,
  });
}

describe("the tenant page's Onboarding section", () => {
  it('shows the history with every step, its attempts and root cause, and retries a failed onboarding', async () => {
    const failed = record({ state: 'failed', message: "Petra's app did not appear in the tenant.", steps: failedSteps, finished_at: '2026-01-12T10:05:00Z' });
    const retried = makeOperation({ id: 'op-on', kind: 'onboard', state: 'queued' });
    const http = stubDetail(detailOf(notProtected), view({ history: [failed] }), {
      'POST /api/v1/operations/op-on/retry': jsonResponse(retried, 202),
      'GET /api/v1/operations/op-on': jsonResponse(retried),
    });
    renderAt(`/tenants/${TENANT}`, { me: makeMe() });
    const card = await screen.findByRole('article', { name: 'Onboarding · Petra Autopsy' });
    expect(within(card).getAllByText('Failed')).toHaveLength(2);
    const steps = within(card).getByRole('table');
    const rows = within(steps).getAllByRole('row').slice(1);
    expect(rows.map((r) => r.querySelector('td')?.textContent)).toEqual(['Check GDAP access', 'Partner Center consent', "Petra's app in the tenant"]);
    const failedRow = rows[2] as HTMLElement;
    expect(failedRow.textContent).toContain('Failed');
    expect(failedRow.textContent).toContain('8');
    expect(failedRow.textContent).toContain('Root cause: service_principal_missing');
    expect(card.textContent).toContain('by ada@contoso.example');
    // Onboarding again is offered too, with the catalog's products.
    expect(await screen.findByRole('combobox', { name: 'Product for Northwind Traders' })).toBeTruthy();

    const results = await axe.run(document.body, AXE_OPTIONS);
    expect(results.violations.map((v) => v.id)).toEqual([]);

    fireEvent.click(within(card).getByRole('button', { name: 'Retry' }));
    await waitFor(() => expect(http.to('POST', '/api/v1/operations/op-on/retry')).toHaveLength(1));
  });

  it('follows a running onboarding with its progress and can cancel it', async () => {
    const running = record({ steps: [step('preflight', 'done'), step('consent', 'running')] });
    const operation = makeOperation({ id: 'op-on', kind: 'onboard', state: 'running' });
    const http = stubDetail(detailOf(notProtected), view({ history: [running] }), {
      'GET /api/v1/operations/op-on': jsonResponse(operation),
      'POST /api/v1/operations/op-on/cancel': jsonResponse({ ...operation, cancel_requested_at: '2026-01-12T10:01:00Z' }),
    });
    renderAt(`/tenants/${TENANT}`, { me: makeMe() });
    const card = await screen.findByRole('article', { name: 'Onboarding · Petra Autopsy' });
    const bar = within(card).getByRole('progressbar', { name: 'Onboarding · Petra Autopsy progress' });
    expect(bar.getAttribute('aria-valuetext')).toBe('1 of 9 steps done');
    // While it runs, nothing else is offered that would race it.
    expect(screen.queryByRole('button', { name: /^Onboard / })).toBeNull();
    await waitFor(() => expect(FakeEventSource.instances.some((s) => s.url.endsWith('/operations/op-on/events'))).toBe(true));
    fireEvent.click(within(card).getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(http.to('POST', '/api/v1/operations/op-on/cancel')).toHaveLength(1));
  });

  it('shows Petra Status, product and what Email Perms lack, with Fix, Pause and Offboard', async () => {
    const note = 'Petra’s app lacks the Exchange Administrator role: giving it needs Privileged Role Administrator through GDAP.';
    const tenant = makeTenant({ email_permissions: 'needs_fix', actions: ['view', 'fix_email', 'exclude'] });
    stubDetail(
      detailOf(tenant, note),
      view({
        status: 'monitoring',
        product: 'active',
        email_permissions: 'needs_fix',
        email_permissions_note: note,
        history: [
          record({ id: 'rec-2', kind: 'email_check', product: null, state: 'succeeded', message: 'Email Perms need a fix.', operation_id: 'op-chk' }),
          record({ state: 'succeeded', product: 'active', steps: [step('preflight', 'done')] }),
        ],
      }),
    );
    renderAt(`/tenants/${TENANT}`, { me: makeMe() });
    await screen.findByRole('article', { name: 'Onboarding · Petra Active' });
    expect(screen.getAllByText(note).length).toBeGreaterThan(0);
    expect(screen.getByRole('button', { name: 'Fix Email Perms of Northwind Traders' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Pause Northwind Traders' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Offboard Northwind Traders' })).toBeTruthy();
    expect(screen.getByRole('article', { name: 'Email Perms check' })).toBeTruthy();
    // A succeeded onboarding is not retried.
    expect(screen.queryByRole('button', { name: 'Retry' })).toBeNull();
  });

  it('shows the history but no action to a role that may only read', async () => {
    const readOnly = makeMe({ role: 'external_guest', can_manage_tenants: false, permissions: ['me.read', 'tenants.read', 'operations.read'] });
    const failed = record({ state: 'failed', steps: failedSteps });
    stubDetail(detailOf(makeTenant({ status: 'paused', actions: ['view'] })), view({ status: 'paused', product: 'autopsy', history: [failed] }));
    renderAt(`/tenants/${TENANT}`, { me: readOnly });
    const card = await screen.findByRole('article', { name: 'Onboarding · Petra Autopsy' });
    expect(within(card).getByRole('table')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Retry' })).toBeNull();
    expect(screen.queryByRole('button', { name: /^Resume / })).toBeNull();
    expect(screen.queryByRole('button', { name: /^Offboard / })).toBeNull();
  });
});

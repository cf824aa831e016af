import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import axe from 'axe-core';
import { beforeEach, describe, expect, it } from 'vitest';
import type { CheckTallyOut, FindingOut, OperationPage, ScanDetail, ScanOut, ScanOverview, TenantPage } from '../../api/schemas';
import { makeConnection, makeItem, makeMe, makeOperation, makePage, makeTenant } from '../../test/fixtures';
import { FakeEventSource, jsonResponse, problemResponse, stubApi } from '../../test/http';
import { renderAt } from '../../test/render';

const AXE_OPTIONS = {
  rules: { 'color-contrast': { enabled: false }, region: { enabled: false }, 'label-content-name-mismatch': { enabled: true } },
};
const NORTHWIND = '11111111-1111-4111-8111-111111111111';
const FABRIKAM = '22222222-2222-4222-8222-222222222222';

const ON = { scan: true, note: 'Petra Scan is enabled.' };
const OFF = { scan: false, note: 'Petra Scan is available on request: ask Petra support to turn it on.' };

function finding(overrides: Partial<FindingOut> = {}): FindingOut {
  return {
    check_id: 'mfa_admins',
    check_version: 1,
    title: 'MFA for admins',
    severity: 'critical',
    status: 'fail',
    summary: '2 of 3 admins can sign in without MFA.',
    evidence: { counts: { admins: 3, without_mfa: 2 }, examples: [{ user: 'adele@northwind.example', role: 'Global Administrator' }] },
    remediation: 'Require MFA for admin roles with Conditional Access.',
    link: 'https://learn.microsoft.com/entra/identity/conditional-access/howto-conditional-access-policy-admin-mfa',
    calls: ['GET /policies/identitySecurityDefaultsEnforcementPolicy'],
    permissions: ['Policy.Read.All'],
    prominent: false,
    ...overrides,
  };
}

const FINDINGS: FindingOut[] = [
  finding(),
  finding({
    check_id: 'global_admins',
    title: '2–4 Global Administrators',
    severity: 'high',
    status: 'pass',
    summary: '3 Global Administrators.',
    evidence: { counts: { global_admins: 3 }, examples: [] },
  }),
  finding({
    check_id: 'legacy_auth',
    title: 'Legacy authentication blocked',
    severity: 'high',
    status: 'error',
    summary: 'Microsoft refused: Policy.Read.All is missing in the tenant.',
    evidence: { counts: {}, examples: [] },
    remediation: 'Block legacy authentication with Conditional Access.',
  }),
];

function scanOut(overrides: Partial<ScanOut> = {}): ScanOut {
  return {
    id: 'scan-1',
    tenant_id: NORTHWIND,
    display_name: 'Northwind Traders',
    operation_id: 'op-scan',
    catalog_version: '2026-02',
    created_at: '2026-01-12T10:05:00Z',
    summary: { status: { fail: 1, pass: 1, error: 1 }, failed_by_severity: { critical: 1 } },
    difference: { previous_scan_id: 'scan-0', new: ['mfa_admins'], resolved: [] },
    ...overrides,
  };
}

function tally(overrides: Partial<CheckTallyOut> = {}): CheckTallyOut {
  return {
    check_id: 'mfa_admins',
    title: 'MFA for admins',
    severity: 'critical',
    failing: 2,
    errors: 0,
    passing: 1,
    not_applicable: 0,
    tenants: 3,
    ...overrides,
  };
}

const OVERVIEW: ScanOverview = {
  tenants: 3,
  checks: [
    tally(),
    tally({ check_id: 'legacy_auth', title: 'Legacy authentication blocked', severity: 'high', failing: 1, errors: 1, passing: 1 }),
    tally({ check_id: 'global_admins', title: '2–4 Global Administrators', severity: 'high', failing: 0, passing: 3 }),
  ],
};

function scanDetail(overrides: Partial<ScanDetail> = {}): ScanDetail {
  return { ...scanOut(), findings: FINDINGS, ...overrides };
}

/** The tenants list answered by its query: the portal's table and the eligible counts. */
function tenantsReply(request: Request): Response {
  const query = new URL(request.url).searchParams;
  const status = query.get('status');
  let page: TenantPage;
  if (status === 'monitoring') {
    page = makePage([makeTenant({ product: 'scan' }), makeTenant({ tenant_id: FABRIKAM, product: 'active' })]);
  } else if (status === 'not_protected') {
    page = makePage([], { total: 3 });
  } else if (status === 'previously_deleted') {
    page = makePage([], { total: 1 });
  } else {
    page = makePage([makeTenant({ product: 'scan' })]);
  }
  return jsonResponse(page);
}

beforeEach(() => FakeEventSource.install());

describe('Petra Scan on the portal', () => {
  it('says how many tenants Scan and Onboard & Scan take, starts Onboard & Scan and follows it', async () => {
    const started = makeOperation({ id: 'op-scan', kind: 'scan', state: 'queued', progress: { ...makeOperation().progress, total: 5, pending: 5 } });
    const http = stubApi({
      'GET /api/v1/partner-center/connection': jsonResponse(makeConnection()),
      'GET /api/v1/tenants': tenantsReply,
      'GET /api/v1/scans/availability': jsonResponse(ON),
      'POST /api/v1/scans': jsonResponse({ operation: started, onboarding: ['t-1', 't-2', 't-3', 't-4'] }, 202),
      'GET /api/v1/operations/op-scan': jsonResponse(started),
      'GET /api/v1/operations/op-scan/items': jsonResponse({ items: [], next_cursor: null }),
      'GET /api/v1/scans': jsonResponse({ items: [] }),
      'GET /api/v1/operations': jsonResponse({ items: [started], next_cursor: null }),
    });
    const { router } = renderAt('/portal', { me: makeMe() });
    const region = await screen.findByRole('region', { name: 'Petra Scan' });
    // Scan: the one Monitoring tenant on Petra Scan; Onboard & Scan adds the 3 + 1 Ready ones.
    expect(await within(region).findByRole('button', { name: 'Scan 1 tenant' })).toBeTruthy();
    const onboardAndScan = within(region).getByRole('button', { name: 'Onboard & Scan 5 tenants' });
    expect(http.to('GET', '/api/v1/tenants').map((r) => r.query.excluded)).toContain('false');
    const results = await axe.run(region, AXE_OPTIONS);
    expect(results.violations.map((v) => v.id)).toEqual([]);

    fireEvent.click(onboardAndScan);
    await waitFor(() => expect(router.state.location.pathname).toBe('/scans'));
    expect(http.to('POST', '/api/v1/scans')[0]?.body).toEqual({ onboard: true });
    expect(router.state.location.search).toBe('?operation=op-scan');
    expect(await screen.findByRole('progressbar', { name: 'Scan progress' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Cancel' })).toBeTruthy();
  });

  it('tells an admin Scan is available on request while it is off, and shows others nothing', async () => {
    stubApi({
      'GET /api/v1/partner-center/connection': jsonResponse(makeConnection()),
      'GET /api/v1/tenants': tenantsReply,
      'GET /api/v1/scans/availability': jsonResponse(OFF),
    });
    const admin = renderAt('/portal', { me: makeMe() });
    expect(await screen.findByText(OFF.note)).toBeTruthy();
    expect(screen.queryByRole('button', { name: /Scan/ })).toBeNull();
    admin.unmount();

    renderAt('/portal', { me: makeMe({ role: 'full_member' }) });
    await screen.findByRole('table');
    await waitFor(() => expect(screen.queryByRole('link', { name: 'Operations' })).toBeTruthy());
    expect(screen.queryByText(OFF.note)).toBeNull();
    expect(screen.queryByRole('link', { name: 'Petra Scan' })).toBeNull();
  });

  it('answers the scan routes’ scan_not_enabled on the Scans page with what to do', async () => {
    stubApi({
      'GET /api/v1/scans/availability': jsonResponse(OFF),
      'GET /api/v1/scans': problemResponse(409, 'scan_not_enabled', 'Petra Scan is not enabled'),
    });
    renderAt('/scans', { me: makeMe() });
    expect(await screen.findByText('Petra Scan is not enabled for your organization')).toBeTruthy();
    expect(screen.getByText(OFF.note)).toBeTruthy();
  });
});

describe('scan results', () => {
  it("groups a tenant's findings by severity with evidence, remediation, Microsoft's link and what is new", async () => {
    stubApi({
      'GET /api/v1/scans/availability': jsonResponse(ON),
      'GET /api/v1/scans/scan-1': jsonResponse(scanDetail()),
    });
    const { container } = renderAt('/scans/scan-1', { me: makeMe() });
    expect(await screen.findByRole('heading', { name: 'Findings · Northwind Traders', level: 1 })).toBeTruthy();
    const critical = screen.getByRole('region', { name: 'Critical' });
    const high = screen.getByRole('region', { name: 'High' });
    expect(within(critical).getByText('1 failed check')).toBeTruthy();
    expect(within(critical).getByText('New')).toBeTruthy();
    expect(within(critical).getByText('Require MFA for admin roles with Conditional Access.')).toBeTruthy();
    expect(within(critical).getByRole('cell', { name: 'adele@northwind.example' })).toBeTruthy();
    expect(within(critical).getByText('Without mfa:')).toBeTruthy();
    const link = within(critical).getByRole('link', { name: 'Microsoft’s guidance for MFA for admins' });
    expect(link.getAttribute('href')).toBe(FINDINGS[0]?.link);
    // An error is never a pass: it comes before the passing check and says why.
    const titles = within(high).getAllByRole('button').map((b) => b.textContent);
    expect(titles).toEqual(['ErrorLegacy authentication blocked', 'Pass2–4 Global Administrators']);
    expect(screen.getByRole('link', { name: 'Printable report for Northwind Traders' }).getAttribute('href')).toBe('/api/v1/scans/scan-1/report');
    expect(screen.getByRole('link', { name: 'Findings CSV of Northwind Traders' }).getAttribute('href')).toBe(
      '/api/v1/scans/scan-1/findings.csv',
    );
    const results = await axe.run(container, AXE_OPTIONS);
    expect(results.violations.map((v) => v.id)).toEqual([]);
  });

  it('shows the prominent finding (audit logging off) first and loudest, and what was resolved', async () => {
    stubApi({
      'GET /api/v1/scans/availability': jsonResponse(ON),
      'GET /api/v1/scans/scan-1': jsonResponse(
        scanDetail({
          difference: { previous_scan_id: 'scan-0', new: [], resolved: ['global_admins'] },
          findings: [
            ...FINDINGS,
            finding({
              check_id: 'audit_log',
              title: 'Unified audit logging on',
              severity: 'high',
              prominent: true,
              summary: 'Unified audit logging is off: nothing is recorded.',
              remediation: 'Turn on auditing in Microsoft Purview.',
            }),
          ],
        }),
      ),
    });
    renderAt('/scans/scan-1', { me: makeMe() });
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Unified audit logging is off');
    expect(screen.getByText('Resolved since the previous scan:')).toBeTruthy();
  });

  it('follows a scan with per-tenant outcomes linking to findings and the checks failing most', async () => {
    const operation = makeOperation({
      id: 'op-scan',
      kind: 'scan',
      state: 'succeeded',
      finished_at: '2026-01-12T10:06:00Z',
      progress: { ...makeOperation().progress, total: 3, succeeded: 2, failed: 1 },
    });
    const fabrikam = scanOut({ id: 'scan-2', tenant_id: FABRIKAM, display_name: 'Fabrikam', difference: null });
    const operations: OperationPage = { items: [operation], next_cursor: null };
    stubApi({
      'GET /api/v1/scans/availability': jsonResponse(ON),
      'GET /api/v1/operations': jsonResponse(operations),
      'GET /api/v1/operations/op-scan': jsonResponse(operation),
      'GET /api/v1/operations/op-scan/items': jsonResponse({
        items: [
          makeItem(),
          makeItem({ tenant_id: FABRIKAM, display_name: 'Fabrikam' }),
          makeItem({ tenant_id: '33333333-3333-4333-8333-333333333333', display_name: 'Tailspin', state: 'failed', message: 'Onboarding to Petra Scan failed.' }),
        ],
        next_cursor: null,
      }),
      'GET /api/v1/scans': jsonResponse({ items: [scanOut(), fabrikam] }),
      'GET /api/v1/scans/overview': jsonResponse(OVERVIEW),
    });
    const { container } = renderAt('/scans', { me: makeMe() });
    const outcomes = await screen.findByRole('table', { name: 'Per-tenant outcomes' });
    await within(outcomes).findByRole('link', { name: 'Findings of Northwind Traders' });
    expect(within(outcomes).getByRole('link', { name: 'Findings of Fabrikam' }).getAttribute('href')).toBe('/scans/scan-2');
    expect(within(outcomes).getByText('Onboarding to Petra Scan failed.')).toBeTruthy();
    expect(within(outcomes).getByText('1 new')).toBeTruthy();
    expect(screen.getByText('3 of 3 tenants done · 2 succeeded · 1 failed')).toBeTruthy();

    const overview = await screen.findByRole('table', { name: 'Checks failing most across tenants' });
    const rows = within(overview).getAllByRole('row').slice(1);
    // The server's order; a check failing nowhere is left out.
    expect(rows.map((row) => row.textContent)).toEqual([
      'MFA for adminsCritical2 of 3 tenants',
      'Legacy authentication blockedHigh1 of 3 tenants · 1 could not run',
    ]);
    expect(screen.getByText('Across 3 scanned tenants, each with its latest scan.')).toBeTruthy();
    expect(screen.getByRole('table', { name: 'Recent scans' })).toBeTruthy();
    const results = await axe.run(container, AXE_OPTIONS);
    expect(results.violations.map((v) => v.id)).toEqual([]);
  });

  it("shows a tenant's scans on its page, newest first", async () => {
    stubApi({
      'GET /api/v1/scans/availability': jsonResponse(ON),
      [`GET /api/v1/tenants/${NORTHWIND}`]: jsonResponse({
        ...makeTenant({ product: 'scan' }),
        relationships: [],
        email_permissions_note: null,
        default_domain: 'northwind.example',
      }),
      [`GET /api/v1/tenants/${NORTHWIND}/scans`]: jsonResponse({ items: [scanOut(), scanOut({ id: 'scan-0', created_at: '2026-01-05T10:00:00Z' })] }),
      'GET /api/v1/scans/scan-1': jsonResponse(scanDetail()),
    });
    renderAt(`/tenants/${NORTHWIND}`, { me: makeMe({ permissions: ['tenants.read', 'me.read'] }) });
    expect(await screen.findByRole('heading', { name: 'Petra Scan', level: 2 })).toBeTruthy();
    expect(await screen.findByRole('region', { name: 'Critical' })).toBeTruthy();
    expect(screen.getByRole('combobox', { name: 'Scan' })).toBeTruthy();
  });
});

describe('the organization overview', () => {
  it('says when no tenant has been scanned, and when no check fails', async () => {
    stubApi({
      'GET /api/v1/scans/availability': jsonResponse(ON),
      'GET /api/v1/operations': jsonResponse({ items: [], next_cursor: null }),
      'GET /api/v1/scans/overview': jsonResponse({ tenants: 0, checks: [] }),
    });
    const first = renderAt('/scans', { me: makeMe() });
    expect(await screen.findByText('No tenant has been scanned yet')).toBeTruthy();
    first.unmount();

    stubApi({
      'GET /api/v1/scans/availability': jsonResponse(ON),
      'GET /api/v1/operations': jsonResponse({ items: [], next_cursor: null }),
      'GET /api/v1/scans/overview': jsonResponse({ tenants: 2, checks: [tally({ failing: 0, passing: 2, tenants: 2 })] }),
    });
    renderAt('/scans', { me: makeMe() });
    expect(await screen.findByText('No check fails in any scanned tenant')).toBeTruthy();
  });

  it("does not call a first scan's failures new", async () => {
    stubApi({
      'GET /api/v1/scans/availability': jsonResponse(ON),
      'GET /api/v1/scans/scan-1': jsonResponse(scanDetail({ difference: null })),
    });
    renderAt('/scans/scan-1', { me: makeMe() });
    const critical = await screen.findByRole('region', { name: 'Critical' });
    expect(within(critical).getByText('1 failed check')).toBeTruthy();
    expect(within(critical).queryByText('New')).toBeNull();
    expect(screen.queryByText(/ new$/)).toBeNull();
    expect(screen.getByText(/first scan/)).toBeTruthy();
  });
});

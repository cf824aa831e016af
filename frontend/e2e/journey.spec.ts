import { expect, test, type Locator, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { env, expectAccessible, screenshots } from './helpers';
import { operator } from './stack';
import { expectedTenants, type ExpectedTenant } from './truth';

test.describe.configure({ mode: 'serial' });

/** Microsoft's sign-in as the emulator serves it: credentials, then consent when it asks. */
async function signInAtMicrosoft(page: Page): Promise<void> {
  await expect(page.getByRole('heading', { name: 'Sign in to your account' })).toBeVisible();
  await page.getByLabel('Email', { exact: true }).fill(env('PARTNER_USERNAME'));
  await page.getByLabel('Password', { exact: true }).fill(env('PARTNER_PASSWORD'));
  await page.getByRole('button', { name: 'Sign in' }).click();
  // The partner admin has MFA registered: the emulator asks for the second factor first.
  await page.getByRole('button', { name: 'Approve' }).click();
  const consent = page.getByRole('button', { name: 'Accept' });
  const back = page.waitForURL(/\/portal|\/onboarding/);
  await Promise.race([consent.waitFor({ state: 'visible' }).then(() => consent.click()), back]);
  await back;
}

/** Every row of the virtualised table, read by scrolling it from top to bottom. */
async function readTable(page: Page): Promise<Map<string, { name: string; gdap: string; text: string }>> {
  const scroller = page.getByRole('region', { name: 'Managed tenants' });
  const rows = new Map<string, { name: string; gdap: string; text: string }>();
  await scroller.evaluate((element) => element.scrollTo({ top: 0 }));
  for (let step = 0; step < 100; step += 1) {
    const seen = await scroller.locator('tbody tr[data-tenant-id]').evaluateAll((trs) =>
      trs.map((tr) => ({
        id: tr.getAttribute('data-tenant-id') ?? '',
        name: tr.querySelector('td:nth-child(2) a')?.textContent ?? '',
        gdap: tr.querySelector('td:nth-child(3) .mantine-Badge-label')?.textContent ?? '',
        text: tr.textContent ?? '',
      })),
    );
    for (const row of seen) rows.set(row.id, row);
    const done = await scroller.evaluate((element) => {
      const bottom = element.scrollTop + element.clientHeight >= element.scrollHeight - 2;
      element.scrollBy({ top: element.clientHeight * 0.8 });
      return bottom;
    });
    if (done) break;
    await page.waitForTimeout(60);
  }
  await scroller.evaluate((element) => element.scrollTo({ top: 0 }));
  return rows;
}

function shownCount(page: Page): Locator {
  return page.getByText(/^Showing \d+ of \d+ tenants?/);
}

async function expectShowing(page: Page, count: number): Promise<void> {
  await expect(shownCount(page)).toHaveText(new RegExp(`^Showing ${count} of ${count} tenants?`));
}

async function chooseFilter(page: Page, label: string, option: string): Promise<void> {
  await page.getByRole('combobox', { name: label, exact: true }).click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

test.describe('the MSP journey on the emulator', () => {
  let page: Page;
  let truth: ExpectedTenant[];

  test.beforeAll(async ({ browser, request }) => {
    page = await browser.newPage({ acceptDownloads: true, baseURL: env('PORTAL_URL'), viewport: { width: 1440, height: 900 } });
    truth = await expectedTenants(request, env('EMULATOR_URL'));
    expect(truth.length).toBeGreaterThan(10);
  });

  test.afterAll(async () => {
    await page.close();
  });

  test('a deep link asks to sign in first, then opens', async () => {
    await page.goto('/portal?gdap=missing');
    await expect(page).toHaveURL(/\/sign-in\?next=/);
    await expectAccessible(page, 'sign-in');
    await screenshots(page, 'sign-in');
    await page.getByRole('textbox', { name: 'Email' }).fill(env('DEMO_EMAIL'));
    await page.getByRole('textbox', { name: 'Password' }).fill(env('DEMO_PASSWORD'));
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page).toHaveURL(/\/portal\?gdap=missing$/);
    await expect(page.getByRole('heading', { name: 'Managed tenants' })).toBeVisible();
  });

  test('Partner Center connects through Microsoft sign-in and consent', async () => {
    await page.goto('/portal');
    const connect = page.getByRole('button', { name: 'Connect Microsoft Partner Center' });
    await expect(connect).toBeVisible();
    await expectAccessible(page, 'portal before connecting');
    await screenshots(page, 'portal-not-connected');
    await connect.click();
    await signInAtMicrosoft(page);
    await expect(page.getByText('Partner Center connected.')).toBeVisible();
    // The outcome is read once and removed from the URL, so a reload does not replay it.
    await expect(page).toHaveURL(/\/portal$/);
    await expect(page.getByText('Connected', { exact: true })).toBeVisible();
  });

  test('Sync Tenants shows live progress, then the scenario’s tenants', async () => {
    await page.getByRole('button', { name: 'Sync Tenants' }).first().click();
    const progress = page.getByRole('progressbar', { name: 'Sync Tenants progress' });
    await expect(progress.first()).toBeVisible();
    await expect(page.getByText(/^(Succeeded|Partly failed)$/)).toBeVisible({ timeout: 60_000 });
    await expectShowing(page, truth.length);

    const rows = await readTable(page);
    expect(rows.size).toBe(truth.length);
    for (const tenant of truth) {
      const row = rows.get(tenant.tenantId);
      expect(row, `${tenant.name} is in the table`).toBeDefined();
      expect(row?.name).toBe(tenant.name);
      expect(row?.gdap, `${tenant.name}'s GDAP Permissions`).toBe(tenant.gdap);
    }
    await expectAccessible(page, 'portal with tenants');
    await screenshots(page, 'portal');
  });

  test('filters, sort and search by domain narrow the table; the URL keeps them', async () => {
    const missing = truth.filter((tenant) => tenant.gdap === 'Missing');
    await chooseFilter(page, 'GDAP Permissions', 'GDAP: Missing');
    await expect(page).toHaveURL(/gdap=missing/);
    await expectShowing(page, missing.length);
    const missingRows = await readTable(page);
    expect([...missingRows.keys()].sort()).toEqual(missing.map((tenant) => tenant.tenantId).sort());

    // A reload keeps the view: the filters live in the URL.
    await page.reload();
    await expectShowing(page, missing.length);

    await chooseFilter(page, 'GDAP Permissions', 'GDAP: any');
    await expectShowing(page, truth.length);

    const usersHeader = page.getByRole('columnheader', { name: 'Users' });
    await usersHeader.getByRole('button').click();
    await expect(usersHeader).toHaveAttribute('aria-sort', 'ascending');
    await expect(page).toHaveURL(/sort=users/);
    const fewest = Math.min(...truth.map((tenant) => tenant.users));
    const firstRow = page.locator('tbody tr[data-tenant-id]').first();
    await expect(firstRow.locator('td').nth(4)).toHaveText(fewest.toLocaleString('en-US'));
    await usersHeader.getByRole('button').click();
    await expect(usersHeader).toHaveAttribute('aria-sort', 'descending');
    const most = Math.max(...truth.map((tenant) => tenant.users));
    await expect(firstRow.locator('td').nth(4)).toHaveText(most.toLocaleString('en-US'));

    const target = truth[Math.floor(truth.length / 2)] as ExpectedTenant;
    await page.getByRole('textbox', { name: /Search tenants/ }).fill(target.domain);
    await expectShowing(page, 1);
    await expect(page.locator('tbody tr[data-tenant-id]')).toHaveCount(1);
    await expect(page.locator(`tbody tr[data-tenant-id="${target.tenantId}"]`)).toContainText(target.name);
    await page.getByRole('button', { name: 'Clear filters' }).first().click();
    await expectShowing(page, truth.length);
  });

  test('Export CSV downloads the current filter', async () => {
    const missing = truth.filter((tenant) => tenant.gdap === 'Missing');
    await chooseFilter(page, 'GDAP Permissions', 'GDAP: Missing');
    await expectShowing(page, missing.length);
    await page.getByRole('button', { name: 'More table actions' }).click();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('menuitem', { name: 'Export CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^tenants-.*\.csv$/);
    const csv = readFileSync(await download.path(), 'utf8').trim().split(/\r?\n/);
    expect(csv.length - 1).toBe(missing.length);
    for (const tenant of missing) expect(csv.some((line) => line.includes(tenant.tenantId))).toBe(true);
  });

  test('a Missing tenant says why in its row and on its page', async () => {
    const missing = truth.find((tenant) => tenant.gdap === 'Missing') as ExpectedTenant;
    const row = page.locator(`tbody tr[data-tenant-id="${missing.tenantId}"]`);
    await row.scrollIntoViewIfNeeded();
    const gdapCell = row.locator('td').nth(2);
    await expect(gdapCell).toContainText('Missing');
    const reason = (await gdapCell.textContent())?.replace(/^Missing/, '').trim() ?? '';
    expect(reason.length).toBeGreaterThan(20);
    await row.getByRole('link', { name: missing.name, exact: true }).click();
    await expect(page).toHaveURL(new RegExp(`/tenants/${missing.tenantId}$`));
    await expect(page.getByRole('heading', { name: missing.name })).toBeVisible();
    await expect(page.getByRole('heading', { name: 'GDAP relationships' })).toBeVisible();
    await expect(page.getByText(reason.slice(0, 40))).toBeVisible();
    // Each relationship is a card with its status; the sync that read the tenant is listed.
    await expect(page.getByRole('article').first()).toBeVisible();
    const recent = page.getByRole('table', { name: 'Recent operations' });
    await expect(recent.getByRole('link', { name: 'Sync Tenants' }).first()).toBeVisible();
    await expectAccessible(page, 'tenant detail');
    await screenshots(page, 'tenant-detail');
    // The deep link survives a reload: the API serves the SPA for every non-API path.
    await page.reload();
    await expect(page.getByRole('heading', { name: missing.name })).toBeVisible();
    await page.goBack();
    await expect(page).toHaveURL(/\/portal\?gdap=missing/);
  });

  test('a Missing tenant gets GDAP: Request, the client approves, the tenant turns Ready', async ({ browser }) => {
    const target = truth.filter((tenant) => tenant.gdap === 'Missing' && tenant.requestable).at(-1) as ExpectedTenant;
    await page.goto('/portal?gdap=missing');
    const row = page.locator(`tbody tr[data-tenant-id="${target.tenantId}"]`);
    await row.scrollIntoViewIfNeeded();
    await row.getByRole('button', { name: `Request GDAP from ${target.name}` }).click();
    const dialog = page.getByRole('dialog', { name: `Request GDAP from ${target.name}` });
    await expect(dialog.getByTestId('requested-roles')).toContainText('Cloud Application Administrator');
    await expectAccessible(page, 'request GDAP dialog');
    await dialog.getByRole('button', { name: 'Request', exact: true }).click();
    const link = (await dialog.getByTestId('approval-link').textContent()) ?? '';
    expect(link).toContain('/AdminPortal/Home#/partners/invitation/granularAdminRelationships/');
    await screenshots(page, 'request-gdap');
    await dialog.getByRole('button', { name: 'Done' }).click();
    await expect(row).toContainText('Pending');

    // The client's Global Administrator opens the link in their own browser and approves.
    const client = await browser.newPage();
    await client.goto(link);
    await expect(client.getByText('Cloud Application Administrator')).toBeVisible();
    await client.getByLabel('Global administrator').fill(target.adminUsername);
    await client.getByLabel('Password').fill('emulator');
    await client.getByRole('button', { name: 'Approve all' }).click();
    await expect(client.getByText(/The relationship is now (activating|active)/)).toBeVisible();
    await client.close();

    // The portal follows it (the cron does the same every ten minutes): assign, then Ready.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'GDAP requests' }).click();
    const requestRow = page.getByRole('row').filter({ hasText: target.name });
    await expect(requestRow).toContainText('Waiting for approval');
    await expectAccessible(page, 'GDAP requests');
    for (let attempt = 0; attempt < 20; attempt += 1) {
      if ((await requestRow.textContent())?.includes('Ready')) break;
      await page.waitForTimeout(1500);
      const refresh = requestRow.getByRole('button', { name: 'Refresh' });
      if (await refresh.isVisible()) await refresh.click();
      await page.waitForTimeout(1500);
      await page.reload();
    }
    await expect(requestRow).toContainText('Ready');
    await screenshots(page, 'gdap-requests');

    await page.goto(`/tenants/${target.tenantId}`);
    for (let attempt = 0; attempt < 10; attempt += 1) {
      if (await page.getByText('Ready', { exact: true }).first().isVisible()) break;
      await page.waitForTimeout(1500);
      await page.reload();
    }
    await expect(page.getByText('Ready', { exact: true }).first()).toBeVisible();
  });

  test('operations list the sync with its per-tenant outcomes', async () => {
    await page.getByRole('link', { name: 'Operations' }).click();
    await expect(page).toHaveURL(/\/operations$/);
    const link = page.getByRole('link', { name: 'Sync Tenants' }).first();
    await expect(link).toBeVisible();
    await expectAccessible(page, 'operations');
    await screenshots(page, 'operations');
    await link.click();
    await expect(page).toHaveURL(/\/operations\/[0-9a-f-]{36}$/);
    await expect(page.getByRole('heading', { name: 'Tenants in this operation' })).toBeVisible();
    await expect(page.locator('tbody tr').first()).toBeVisible();
    await expectAccessible(page, 'operation detail');
    await screenshots(page, 'operation-detail');
  });

  test('Reauthenticate Partner Center goes through Microsoft again', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Managed tenants' }).click();
    await page.getByRole('button', { name: 'More table actions' }).click();
    await page.getByRole('menuitem', { name: 'Reauthenticate Partner Center' }).click();
    await signInAtMicrosoft(page);
    await expect(page.getByText('Partner Center connected.')).toBeVisible();
    await expect(page.getByText('Connected', { exact: true })).toBeVisible();
  });

  test('the settings pages: members, API keys, audit log', async () => {
    for (const [name, link, heading] of [
      ['members', 'Members and roles', 'Members and roles'],
      ['api-keys', 'API keys', 'API keys'],
      ['audit', 'Audit log', 'Audit log'],
      ['onboarding', 'Onboarding', 'Onboarding'],
    ] as const) {
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: link }).click();
      await expect(page.getByRole('heading', { name: heading, level: 1 })).toBeVisible();
      await expect(page.locator('[aria-busy="true"]')).toHaveCount(0);
      await expectAccessible(page, name);
      await screenshots(page, name);
    }
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Audit log' }).click();
    await page.getByRole('textbox', { name: 'Action' }).fill('partner_center.connected');
    await expect(page).toHaveURL(/action=partner_center.connected/);
    await expect(page.getByText('partner_center.connected').first()).toBeVisible();
  });

  test('a Ready tenant is onboarded to Petra Active from the table, follows its steps to Monitoring', async () => {
    const ready = truth.filter((tenant) => tenant.gdap === 'Ready');
    const target = (ready.find((tenant) => tenant.globalAdmin && !tenant.appConsented) ??
      ready.find((tenant) => tenant.globalAdmin) ??
      ready[0]) as ExpectedTenant;
    expect(target, 'the scenario has a Ready tenant').toBeDefined();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Managed tenants' }).click();
    await page.getByRole('textbox', { name: /Search tenants/ }).fill(target.domain);
    await expectShowing(page, 1);
    const row = page.locator(`tbody tr[data-tenant-id="${target.tenantId}"]`);
    await expect(row.locator('td').nth(5)).toHaveText('Not Protected');

    const picker = row.getByRole('combobox', { name: `Product for ${target.name}` });
    await expect(picker.getByRole('option')).toHaveText(['Petra Active', 'Petra Autopsy', 'Petra Scan']);
    await picker.selectOption({ label: 'Petra Active' });
    await row.getByRole('button', { name: `Onboard ${target.name} to Petra Active` }).click();

    // The row follows the operation: steps done of nine, then Monitoring with Pause and Offboard.
    const progress = row.getByRole('progressbar', { name: `Onboarding ${target.name}` });
    const monitoring = row.locator('td').nth(5).getByText('Monitoring', { exact: true });
    await expect(progress.or(monitoring)).toBeVisible();
    if (await progress.isVisible()) {
      await expect(row).toContainText(/of 9 steps done|Monitoring/);
      await screenshots(page, 'onboarding-progress');
    }
    await expect(monitoring).toBeVisible({ timeout: 120_000 });
    await expect(row.getByRole('button', { name: `Pause ${target.name}` })).toBeVisible();
    await expect(row.getByRole('button', { name: `Offboard ${target.name}` })).toBeVisible();

    // Email Perms: OK, or Fix grants what is missing and then they are OK.
    const email = row.locator('td').nth(6);
    const fix = row.getByRole('button', { name: `Fix Email Perms of ${target.name}` });
    await expect(email.getByText('OK', { exact: true }).or(fix)).toBeVisible({ timeout: 30_000 });
    if (await fix.isVisible()) {
      await fix.click();
      await expect(email.getByText('OK', { exact: true })).toBeVisible({ timeout: 60_000 });
    }
    // The pointer off the table (a hovered row is shaded) and the table scrolled back to its first column.
    await page.mouse.move(0, 0);
    await page.getByRole('region', { name: 'Managed tenants' }).evaluate((element) => element.scrollTo({ left: 0 }));
    await expectAccessible(page, 'portal with an onboarded tenant');
    await screenshots(page, 'portal-onboarded');

    // The tenant page's Onboarding section: status, product, Email Perms and every step.
    await row.getByRole('link', { name: target.name, exact: true }).click();
    await expect(page).toHaveURL(new RegExp(`/tenants/${target.tenantId}$`));
    await expect(page.getByRole('heading', { name: 'Onboarding', level: 2 })).toBeVisible();
    const onboarding = page.getByRole('article', { name: 'Onboarding · Petra Active' });
    await expect(onboarding.getByText('Succeeded', { exact: true })).toBeVisible();
    const steps = onboarding.getByRole('table');
    await expect(steps.getByRole('row')).toHaveCount(10);
    for (const name of ['Check GDAP access', 'Partner Center consent', "Petra's app in the tenant", 'Petra Status Monitoring']) {
      const step = steps.getByRole('row').filter({ has: page.getByText(name, { exact: true }) });
      await expect(step.getByText('Done', { exact: true })).toBeVisible();
    }
    await expect(page.getByRole('button', { name: `Pause ${target.name}` })).toBeVisible();
    await expectAccessible(page, 'tenant onboarding');
    await screenshots(page, 'tenant-onboarding');
  });

  test('Petra Scan: turned on by an operator, two tenants excluded, Onboard & Scan to 100 %, findings by severity', async () => {
    // Onboarding every Ready tenant to Petra Scan, then scanning them, takes a few minutes on two cores.
    test.setTimeout(420_000);
    // Scan is available on request: before the operator turns it on, the admin sees just that.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Petra Scan' }).click();
    await expect(page.getByText('Petra Scan is not enabled for your organization')).toBeVisible();
    operator(env('DATABASE_URL_E2E'), ['org', 'set-feature', 'Demo MSP', 'scan', 'on']);

    await page.goto('/portal');
    const scan = page.getByRole('region', { name: 'Petra Scan' });
    const onboardAndScan = scan.getByRole('button', { name: /^Onboard & Scan \d+ tenants?$/ });
    await expect(onboardAndScan).toBeEnabled();
    const count = async () => Number(/(\d+)/.exec((await onboardAndScan.textContent()) ?? '')?.[1] ?? 'NaN');
    const before = await count();
    expect(before).toBeGreaterThanOrEqual(3);

    // Two Ready tenants not yet protected are excluded with the table's Exclude box.
    const rows = await readTable(page);
    const candidates = truth.filter((tenant) => tenant.gdap === 'Ready' && /Not Protected/.test(rows.get(tenant.tenantId)?.text ?? ''));
    expect(candidates.length).toBeGreaterThanOrEqual(3);
    const excluded = candidates.slice(0, 2);
    for (const tenant of excluded) {
      await page.getByRole('textbox', { name: /Search tenants/ }).fill(tenant.domain);
      await expectShowing(page, 1);
      const box = page.getByRole('checkbox', { name: `Exclude ${tenant.name} from batch work` });
      await box.check();
      await expect(box).toBeChecked();
      await expect(box).toBeEnabled();
    }
    await page.getByRole('textbox', { name: /Search tenants/ }).fill('');
    await expect(onboardAndScan).toHaveText(new RegExp(`^Onboard & Scan ${before - 2} tenants?$`));
    // The Exclude box persists: the server keeps it.
    await page.reload();
    await page.getByRole('textbox', { name: /Search tenants/ }).fill(excluded[0]?.domain ?? '');
    await expect(page.getByRole('checkbox', { name: `Exclude ${excluded[0]?.name} from batch work` })).toBeChecked();
    await page.getByRole('textbox', { name: /Search tenants/ }).fill('');
    await expectAccessible(page, 'portal with Petra Scan');
    await screenshots(page, 'scan-portal');

    await onboardAndScan.click();
    await expect(page).toHaveURL(/\/scans\?operation=/);
    const progress = page.getByRole('progressbar', { name: 'Scan progress' });
    await expect(progress).toBeVisible();
    await expect(page.getByText(/of \d+ tenants? done/)).toBeVisible();
    await screenshots(page, 'scan-progress');
    // 100 %: every tenant of the scan is done.
    await expect(async () => {
      const now = Number(await progress.getAttribute('aria-valuenow'));
      const max = Number(await progress.getAttribute('aria-valuemax'));
      expect(max).toBe(before - 2);
      expect(now).toBe(max);
    }).toPass({ timeout: 240_000, intervals: [1000] });
    await expect(page.getByText(new RegExp(`^${before - 2} of ${before - 2} tenants? done`))).toBeVisible();

    const outcomes = page.getByRole('table', { name: 'Per-tenant outcomes' });
    await expect(outcomes.getByRole('row')).toHaveCount(before - 2 + 1);
    for (const tenant of excluded) {
      await expect(outcomes.getByRole('link', { name: tenant.name, exact: true })).toHaveCount(0);
    }
    await expect(page.getByRole('table', { name: 'Checks failing most across tenants' })).toBeVisible();
    await page.mouse.move(0, 0);
    await expectAccessible(page, 'scan results');
    await screenshots(page, 'scan-results');

    // A tenant's findings (one with failures, when the scenario has one): grouped by severity,
    // with evidence, remediation and Microsoft's link.
    const scanned = outcomes.getByRole('row').filter({ has: page.getByRole('link', { name: /^Findings of / }) });
    await expect(scanned.first()).toBeVisible({ timeout: 30_000 });
    const failing = scanned.filter({ hasNotText: 'No failed checks' });
    const chosen = (await failing.count()) > 0 ? failing.first() : scanned.first();
    const findings = chosen.getByRole('link', { name: /^Findings of / });
    const name = ((await findings.getAttribute('aria-label')) ?? '').replace(/^Findings of /, '');
    await findings.click();
    await expect(page.getByRole('heading', { name: `Findings · ${name}`, level: 1 })).toBeVisible();
    await expect(page.getByRole('heading', { name: 'Critical', level: 3 })).toBeVisible();
    await expect(page.getByRole('link', { name: `Printable report for ${name}` })).toBeVisible();
    if ((await page.getByRole('button', { name: /^Fail/ }).count()) > 0) {
      // Failed checks open by themselves with their remediation.
      await expect(page.getByText('Remediation', { exact: true }).first()).toBeVisible();
    } else {
      await page.getByRole('button', { name: /^Pass/ }).first().click();
    }
    await expect(page.getByRole('link', { name: /^Microsoft’s guidance/ }).first()).toBeVisible();
    await expectAccessible(page, 'tenant findings');
    await screenshots(page, 'scan-findings');

    // The same findings on the tenant's page.
    await page.getByRole('link', { name: 'Tenant page' }).click();
    await expect(page.getByRole('heading', { name: 'Petra Scan', level: 2, exact: true })).toBeVisible();
    await expect(page.getByRole('link', { name: `Findings CSV of ${name}` })).toBeVisible();
  });

  test('Disconnect asks first, then leaves the tenants in place', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Partner Center' }).click();
    await expect(page.getByRole('heading', { name: 'Partner Center', level: 1 })).toBeVisible();
    await expect(page.getByText(env('PARTNER_USERNAME'), { exact: true })).toBeVisible();
    const check = page.getByRole('region', { name: 'Connection check' });
    await check.getByRole('button', { name: 'Check connection' }).click();
    await expect(check.getByText('All good')).toBeVisible();
    for (const fact of [
      'Signed-in account',
      'Multifactor authentication',
      'AdminAgents',
      'GDAP access through',
      'Sign-in expires from inactivity',
      'Last Microsoft error',
    ]) {
      await expect(check.getByText(fact, { exact: true })).toBeVisible();
    }
    await expectAccessible(page, 'Partner Center settings');
    await screenshots(page, 'partner-center');
    await page.getByRole('button', { name: 'Disconnect' }).click();
    const dialog = page.getByRole('dialog', { name: 'Disconnect Partner Center?' });
    await expect(dialog).toBeVisible();
    await dialog.getByRole('button', { name: 'Disconnect' }).click();
    await expect(page.getByRole('button', { name: 'Connect Microsoft Partner Center' })).toBeVisible();

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Managed tenants' }).click();
    await expect(page.getByText('Partner Center is not connected')).toBeVisible();
    await expect(page.getByText('Partner Center connected.')).toHaveCount(0);
    await expectShowing(page, truth.length);
  });

  test('the API docs load from the portal itself, under its Content-Security-Policy', async () => {
    const refused: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') refused.push(message.text());
    });
    const external: string[] = [];
    page.on('request', (request) => {
      if (new URL(request.url()).origin !== new URL(page.url()).origin) external.push(request.url());
    });
    await page.goto('/api/docs');
    await expect(page.getByRole('heading', { name: /Petra Portal/ }).first()).toBeVisible();
    // Every operation of the contract is listed (Swagger UI draws one block per operation).
    await expect(page.locator('.swagger-ui .opblock').first()).toBeVisible();
    expect(external).toEqual([]);
    expect(refused.filter((text) => /Content Security Policy|Refused/i.test(text))).toEqual([]);
    await page.goBack();
  });

  test('signing out ends the session', async () => {
    await page.getByRole('button', { name: /^Account:/ }).click();
    await page.getByRole('menuitem', { name: 'Sign out' }).click();
    await expect(page).toHaveURL(/\/sign-in/);
    await page.goto('/settings/members');
    await expect(page).toHaveURL(/\/sign-in\?next=%2Fsettings%2Fmembers/);
  });

  test('a tenant without GDAP is added individually through its admin’s consent and reaches Monitoring', async ({ request }) => {
    const scenario = (await (await request.get(`${env('EMULATOR_URL')}/_emulator/scenario`)).json()) as {
      directTenants: { tenantId: string; displayName: string; domain: string; adminUsername: string }[];
    };
    const direct = scenario.directTenants[0];
    expect(direct, 'the scenario has a tenant without GDAP').toBeDefined();
    if (!direct) return;
    await page.goto('/portal');
    await page.getByRole('textbox', { name: 'Email' }).fill(env('DEMO_EMAIL'));
    await page.getByRole('textbox', { name: 'Password' }).fill(env('DEMO_PASSWORD'));
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('heading', { name: 'Managed tenants' })).toBeVisible();

    await page.getByRole('button', { name: 'Add Tenant' }).click();
    await page.getByRole('menuitem', { name: 'Add tenants individually' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add tenants individually' });
    await dialog.getByRole('combobox', { name: 'Product' }).selectOption({ label: 'Petra Active' });
    await expect(dialog.getByText(/The administrator is asked for:/)).toBeVisible();
    await expectAccessible(page, 'add tenants individually');
    await screenshots(page, 'add-individually');
    await dialog.getByRole('button', { name: 'Continue to Microsoft' }).click();

    // Microsoft's admin consent page, as the client's Global Administrator (who has MFA).
    await expect(page.getByRole('heading', { name: 'Sign in to your account' })).toBeVisible();
    await page.getByLabel('Email', { exact: true }).fill(direct.adminUsername);
    await page.getByLabel('Password', { exact: true }).fill(env('PARTNER_PASSWORD'));
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: 'Approve' }).click();
    await expect(page.getByRole('heading', { name: 'Permissions requested' })).toBeVisible();
    await expect(page.getByText('AuditLog.Read.All (application)')).toBeVisible();
    await screenshots(page, 'add-individually-consent');
    await page.getByRole('button', { name: 'Accept' }).click();

    await page.waitForURL(/\/portal/);
    await expect(page.getByText('Tenant added individually')).toBeVisible();
    // The outcome is read once and removed from the URL, so a reload does not replay it.
    await expect(page).toHaveURL(/\/portal$/);
    await page.getByRole('textbox', { name: /Search tenants/ }).fill(direct.tenantId);
    const row = page.locator(`tbody tr[data-tenant-id="${direct.tenantId}"]`);
    await expect(row.getByText('Added individually', { exact: true })).toBeVisible();
    await expect(row.getByText('Not applicable', { exact: true })).toBeVisible();
    await expect(row.locator('td').nth(5).getByText('Monitoring', { exact: true })).toBeVisible({ timeout: 120_000 });
    await expect(row.getByRole('link', { name: direct.displayName, exact: true })).toBeVisible({ timeout: 30_000 });
    await page.mouse.move(0, 0);
    await expectAccessible(page, 'portal with a tenant added individually');
    await screenshots(page, 'portal-added-individually');
  });
});

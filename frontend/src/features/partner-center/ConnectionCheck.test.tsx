import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { CauseOut, ConnectionCheckOut } from '../../api/schemas';
import { makeConnection, makeMe } from '../../test/fixtures';
import { jsonResponse, stubApi } from '../../test/http';
import { renderAt } from '../../test/render';
import { connectionNotice } from './connection';

const customerBlocked: CauseOut = {
  label: 'customer_conditional_access_blocked',
  summary: 'A Conditional Access policy of this customer tenant blocked the partner’s access.',
  action: 'Ask the customer’s administrator to exclude service provider users from the policy.',
  layer: 'client_policy',
  code: 'AADSTS53003',
  message: null,
  tenant_id: '22222222-2222-4222-8222-222222222222',
  at: '2026-01-12T09:00:00Z',
};

const partnerBlocked: CauseOut = {
  label: 'blocked_by_conditional_access',
  summary: 'A Conditional Access policy of the partner tenant blocked the partner sign-in for this app.',
  action: 'Adjust the partner tenant’s Conditional Access policy, then reauthenticate Partner Center.',
  layer: 'partner_sign_in',
  code: 'AADSTS53003',
  message: null,
  tenant_id: null,
  at: '2026-01-12T09:00:00Z',
};

function makeCheck(overrides: Partial<ConnectionCheckOut> = {}): ConnectionCheckOut {
  return {
    checked_at: '2026-01-12T09:30:00Z',
    ok: true,
    account: 'admin@fabrikam-partner.example',
    partner_tenant_id: '6f1c2a3b-0000-4000-8000-000000000001',
    mfa: true,
    admin_agent: true,
    gdap_groups: ['GDAP Administrators', 'GDAP Application Admins'],
    refresh_token_days_left: 90,
    last_error: null,
    problem: null,
    ...overrides,
  };
}

describe('the connection check on the Partner Center card', () => {
  it('shows the six facts of the last check after a reload', async () => {
    stubApi({
      'GET /api/v1/partner-center/connection': jsonResponse(makeConnection({ last_check: makeCheck({ last_error: customerBlocked }) })),
    });
    renderAt('/settings/partner-center', { me: makeMe() });
    const card = await screen.findByRole('region', { name: 'Connection check' });
    const text = card.textContent ?? '';
    expect(text).toContain('admin@fabrikam-partner.example');
    expect(text).toContain('tenant 6f1c2a3b-0000-4000-8000-000000000001');
    expect(within(card).getByText('Signed in with MFA')).toBeTruthy();
    expect(within(card).getByText('Member')).toBeTruthy();
    expect(within(card).getByText('GDAP Administrators')).toBeTruthy();
    expect(within(card).getByText('GDAP Application Admins')).toBeTruthy();
    expect(text).toContain('in 90 days unless used');
    expect(text).toContain('customer_conditional_access_blocked');
    expect(text).toContain('exclude service provider users');
    expect(within(card).getByText('All good')).toBeTruthy();
  });

  it('Check connection asks the API and shows what it found', async () => {
    const found = makeCheck({ ok: false, mfa: false, problem: { ...partnerBlocked, label: 'partner_center_mfa_required', summary: 'Partner Center requires MFA.', action: 'Reauthenticate with MFA.' } });
    const http = stubApi({
      'GET /api/v1/partner-center/connection': [jsonResponse(makeConnection()), jsonResponse(makeConnection({ last_check: found }))],
      'POST /api/v1/partner-center/connection/check': jsonResponse(found),
    });
    renderAt('/settings/partner-center', { me: makeMe() });
    const card = await screen.findByRole('region', { name: 'Connection check' });
    expect(card.textContent).toContain('Not checked yet');
    fireEvent.click(within(card).getByRole('button', { name: 'Check connection' }));
    await waitFor(() => expect(http.to('POST', '/api/v1/partner-center/connection/check')).toHaveLength(1));
    expect(await within(card).findByText('No MFA')).toBeTruthy();
    expect(within(card).getByText('Problem found')).toBeTruthy();
    expect(card.textContent).toContain('partner_center_mfa_required');
  });
});

describe('a partner-level failure', () => {
  it('is one banner on the connection with its cause, in place of the failed sync', async () => {
    stubApi({
      'GET /api/v1/partner-center/connection': jsonResponse(
        makeConnection({
          state: 'needs_reauth',
          problem: partnerBlocked,
          last_sync: { operation_id: 'op-1', state: 'failed', started_at: null, finished_at: null, error_code: 'partner_sign_in_required', error_message: 'Failed.' },
        }),
      ),
    });
    renderAt('/settings/partner-center', { me: makeMe() });
    const banners = await screen.findAllByRole('alert');
    expect(banners).toHaveLength(1);
    const banner = banners[0] as HTMLElement;
    expect(banner.textContent).toContain('every tenant is affected');
    expect(banner.textContent).toContain(partnerBlocked.summary);
    expect(banner.textContent).toContain(partnerBlocked.action);
    expect(banner.textContent).toContain('AADSTS53003');
    expect(within(banner).getByRole('button', { name: 'Reauthenticate Partner Center' })).toBeTruthy();
  });

  it('outranks the other notices; a customer’s failure does not raise one', () => {
    const failedSync = { operation_id: 'op-1', state: 'failed' as const, started_at: null, finished_at: null, error_code: 'x', error_message: 'The last sync failed.' };
    expect(connectionNotice(makeConnection({ problem: partnerBlocked, last_sync: failedSync }))).toEqual({
      kind: 'problem',
      cause: partnerBlocked,
      needsReauth: false,
    });
    expect(connectionNotice(makeConnection({ last_error: customerBlocked })).kind).toBe('none');
  });
});

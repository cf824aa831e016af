import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { ApiKeyOut, AuditEventOut, MemberOut } from '../api/schemas';
import { makeConnection, makeMe } from '../test/fixtures';
import { jsonResponse, problemResponse, stubApi } from '../test/http';
import { renderAt } from '../test/render';

const key: ApiKeyOut = {
  id: 'k-1',
  name: 'RMM integration',
  prefix: 'pk_live_ab',
  scope: 'read',
  created_at: '2026-01-10T09:00:00Z',
  last_used_at: null,
  revoked_at: null,
};

const ada: MemberOut = {
  id: 'm-1',
  email: 'ada@contoso.example',
  display_name: 'Ada',
  role: 'admin',
  can_manage_tenants: true,
  disabled: false,
  created_at: '2026-01-01T00:00:00Z',
  tenant_ids: [],
};
const bob: MemberOut = { ...ada, id: 'm-2', email: 'bob@contoso.example', display_name: 'Bob', role: 'full_member' };

describe('API keys', () => {
  it('creates a key with a scope and shows its secret once', async () => {
    const http = stubApi({
      'GET /api/v1/api-keys': [jsonResponse([]), jsonResponse([key])],
      'POST /api/v1/api-keys': jsonResponse({ ...key, key: 'pk_live_ab_secret_value' }, 201),
    });
    renderAt('/settings/api-keys', { me: makeMe() });
    fireEvent.click(await screen.findByRole('button', { name: 'Create API key' }));
    const dialog = await screen.findByRole('dialog', { name: 'Create an API key' });
    fireEvent.change(within(dialog).getByRole('textbox', { name: /Name/ }), { target: { value: 'RMM integration' } });
    fireEvent.click(within(dialog).getByRole('radio', { name: /Read and write/ }));
    fireEvent.click(within(dialog).getByRole('button', { name: 'Create' }));
    expect(await screen.findByText('pk_live_ab_secret_value')).toBeTruthy();
    expect(http.to('POST', '/api/v1/api-keys')[0]?.body).toEqual({ name: 'RMM integration', scope: 'read_write' });
    fireEvent.click(screen.getByRole('button', { name: 'Done' }));
    await waitFor(() => expect(screen.queryByText('pk_live_ab_secret_value')).toBeNull());
    expect(await screen.findByText('RMM integration')).toBeTruthy();
  });

  it('revokes a key after asking', async () => {
    const http = stubApi({
      'GET /api/v1/api-keys': [jsonResponse([key]), jsonResponse([{ ...key, revoked_at: new Date().toISOString() }])],
      'DELETE /api/v1/api-keys/k-1': jsonResponse(null, 204),
    });
    renderAt('/settings/api-keys', { me: makeMe() });
    fireEvent.click(await screen.findByRole('button', { name: 'Revoke RMM integration' }));
    const dialog = await screen.findByRole('dialog', { name: 'Revoke RMM integration?' });
    expect(http.to('DELETE', '/api/v1/api-keys/k-1')).toHaveLength(0);
    fireEvent.click(within(dialog).getByRole('button', { name: 'Revoke key' }));
    await waitFor(() => expect(http.to('DELETE', '/api/v1/api-keys/k-1')).toHaveLength(1));
    expect(await screen.findByText(/^Revoked/)).toBeTruthy();
  });
});

describe('members and roles', () => {
  it('invites a member and shows the generated password once', async () => {
    const http = stubApi({
      'GET /api/v1/members': jsonResponse([ada]),
      'POST /api/v1/members': jsonResponse({ ...bob, initial_password: 'generated-password-123' }, 201),
    });
    renderAt('/settings/members', { me: makeMe() });
    fireEvent.click(await screen.findByRole('button', { name: 'Invite member' }));
    const dialog = await screen.findByRole('dialog', { name: 'Invite a member' });
    fireEvent.change(within(dialog).getByRole('textbox', { name: /Email/ }), { target: { value: 'bob@contoso.example' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Invite' }));
    expect(await screen.findByText('generated-password-123')).toBeTruthy();
    expect(http.to('POST', '/api/v1/members')[0]?.body).toMatchObject({
      email: 'bob@contoso.example',
      role: 'full_member',
      can_manage_tenants: true,
      password: null,
    });
  });

  it("changes a member's access and shows the API's refusal in their row", async () => {
    const http = stubApi({
      'GET /api/v1/members': jsonResponse([ada, bob]),
      'PATCH /api/v1/members/m-2': problemResponse(409, 'last_admin', 'An organization needs at least one admin.'),
    });
    renderAt('/settings/members', { me: makeMe() });
    fireEvent.click(await screen.findByRole('switch', { name: 'Bob can manage tenants' }));
    await waitFor(() => expect(http.to('PATCH', '/api/v1/members/m-2')[0]?.body).toEqual({ can_manage_tenants: false }));
    expect(await screen.findByText('An organization needs at least one admin.')).toBeTruthy();
    // Nobody edits their own role or removes themselves here.
    expect(screen.queryByRole('button', { name: 'Remove Ada' })).toBeNull();
  });
});

describe('audit log', () => {
  it('filters by outcome through the URL and exports the same filter as CSV', async () => {
    const event: AuditEventOut = {
      id: 'e-1',
      created_at: '2026-01-12T10:00:00Z',
      actor_type: 'member',
      actor_id: 'm-1',
      actor_label: 'ada@contoso.example',
      action: 'partner_center.connected',
      target_type: 'partner_connection',
      target_id: null,
      outcome: 'failure',
      status_code: 303,
      error_code: null,
      ip: null,
      user_agent: null,
      correlation_id: null,
      details: { account: 'admin@fabrikam.example' },
    };
    const createObjectURL = vi.fn(() => 'blob:csv');
    vi.stubGlobal('URL', Object.assign(URL, { createObjectURL, revokeObjectURL: vi.fn() }));
    const http = stubApi({
      'GET /api/v1/audit-events': jsonResponse({ items: [event], next_cursor: null }),
      'GET /api/v1/members': jsonResponse([ada]),
      'GET /api/v1/audit-events/export.csv': new Response('id\n', { headers: { 'Content-Type': 'text/csv' } }),
    });
    renderAt('/settings/audit?outcome=failure', { me: makeMe() });
    expect(await screen.findByText('partner_center.connected')).toBeTruthy();
    expect(http.to('GET', '/api/v1/audit-events')[0]?.query).toMatchObject({ outcome: 'failure' });
    fireEvent.click(screen.getByRole('button', { name: 'Export CSV' }));
    await waitFor(() => expect(http.to('GET', '/api/v1/audit-events/export.csv')[0]?.query).toEqual({ outcome: 'failure' }));
    await waitFor(() => expect(createObjectURL).toHaveBeenCalled());
  });
});

describe('the Partner Center panel', () => {
  it('shows who connected, when, and how long the sign-in lasts; Disconnect asks first', async () => {
    const http = stubApi({
      'GET /api/v1/partner-center/connection': [jsonResponse(makeConnection()), jsonResponse({ state: 'disconnected' })],
      'DELETE /api/v1/partner-center/connection': jsonResponse(null, 204),
    });
    renderAt('/settings/partner-center', { me: makeMe() });
    expect(await screen.findByText('admin@fabrikam-partner.example')).toBeTruthy();
    expect(screen.getByText(/by ada@contoso.example/)).toBeTruthy();
    expect(screen.getByText('in 82 days unless used')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Disconnect' }));
    const dialog = await screen.findByRole('dialog', { name: 'Disconnect Partner Center?' });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Disconnect' }));
    await waitFor(() => expect(http.to('DELETE', '/api/v1/partner-center/connection')).toHaveLength(1));
    expect(await screen.findAllByRole('button', { name: 'Connect Microsoft Partner Center' })).toBeTruthy();
  });
});

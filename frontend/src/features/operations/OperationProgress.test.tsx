import { act, fireEvent, screen, waitFor } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { makeItem, makeMe, makeOperation } from '../../test/fixtures';
import { FakeEventSource, jsonResponse, stubApi } from '../../test/http';
import { renderAt } from '../../test/render';
import { progressSummary } from './OperationProgress';

const running = makeOperation({
  id: 'op-1',
  state: 'running',
  started_at: '2026-01-12T10:00:00Z',
  progress: {
    total: 40,
    pending: 20,
    running: 2,
    succeeded: 15,
    failed: 3,
    cancelled: 0,
    waiting_on_microsoft: 4,
    next_retry_at: '2026-01-12T10:05:00Z',
    eta_seconds: 95,
  },
});

beforeEach(() => FakeEventSource.install());

describe('progressSummary', () => {
  it('counts what is done, what failed and what runs', () => {
    expect(progressSummary(running)).toBe('18 of 40 tenants done · 15 succeeded · 3 failed · 2 running');
    expect(progressSummary(makeOperation({ state: 'running', step: 'Reading GDAP relationships' }))).toBe(
      'Reading GDAP relationships',
    );
  });
});

describe('an operation you can follow', () => {
  it('shows counts, waiting on Microsoft and the time left, then outcomes as they arrive', async () => {
    stubApi({
      'GET /api/v1/operations/op-1': jsonResponse(running),
      'GET /api/v1/operations/op-1/items': jsonResponse({ items: [], next_cursor: null }),
    });
    renderAt('/operations/op-1', { me: makeMe() });
    expect(await screen.findByText(/18 of 40 tenants done/)).toBeTruthy();
    expect(screen.getByText(/about 2 min left/)).toBeTruthy();
    expect(screen.getByText(/4 tenants waiting on Microsoft, next try/)).toBeTruthy();
    expect(screen.getByRole('progressbar', { name: 'Sync Tenants progress' })).toBeTruthy();

    await waitFor(() => expect(FakeEventSource.instances).toHaveLength(1));
    const source = FakeEventSource.last();
    act(() => {
      source.open();
      source.emit('tenant', makeItem({ tenant_id: 't-9', display_name: 'Litware', state: 'failed', message: 'GDAP access was removed.' }));
      source.emit('progress', { ...running, progress: { ...running.progress, succeeded: 30, failed: 4 } });
    });
    expect(await screen.findByText(/34 of 40 tenants done/)).toBeTruthy();
    const link = screen.getByRole('link', { name: 'Litware' });
    expect(link.getAttribute('href')).toBe('/tenants/t-9');
    expect(link.parentElement?.textContent).toContain('GDAP access was removed.');
  });

  it('cancels a running operation', async () => {
    const http = stubApi({
      'GET /api/v1/operations/op-1': [
        jsonResponse(running),
        jsonResponse({ ...running, cancel_requested_at: '2026-01-12T10:01:00Z' }),
      ],
      'GET /api/v1/operations/op-1/items': jsonResponse({ items: [], next_cursor: null }),
      'POST /api/v1/operations/op-1/cancel': jsonResponse({ ...running, cancel_requested_at: '2026-01-12T10:01:00Z' }),
    });
    renderAt('/operations/op-1', { me: makeMe() });
    fireEvent.click(await screen.findByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(http.to('POST', '/api/v1/operations/op-1/cancel')).toHaveLength(1));
    expect(await screen.findByText('Cancelling')).toBeTruthy();
  });

  it('retries only the failed tenants of a finished operation, and resumes a paused one', async () => {
    const finished = { ...running, state: 'partially_failed' as const, finished_at: '2026-01-12T10:02:00Z' };
    const http = stubApi({
      'GET /api/v1/operations/op-1': jsonResponse(finished),
      'GET /api/v1/operations/op-1/items': jsonResponse({
        items: [makeItem({ tenant_id: 't-2', display_name: 'Contoso', state: 'failed', message: 'Consent is missing.' })],
        next_cursor: null,
      }),
      'POST /api/v1/operations/op-1/retry': jsonResponse({ ...running, state: 'queued' }, 202),
    });
    renderAt('/operations/op-1', { me: makeMe() });
    expect(await screen.findByText('Consent is missing.')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Cancel' })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Retry failed' }));
    await waitFor(() => expect(http.to('POST', '/api/v1/operations/op-1/retry')).toHaveLength(1));
  });

  it('says why the breaker paused an operation and offers Resume', async () => {
    const paused = { ...running, state: 'paused' as const, pause_reason: 'Ten tenants failed in a row: Microsoft refused the partner sign-in.' };
    const http = stubApi({
      'GET /api/v1/operations/op-1': jsonResponse(paused),
      'GET /api/v1/operations/op-1/items': jsonResponse({ items: [], next_cursor: null }),
      'POST /api/v1/operations/op-1/resume': jsonResponse({ ...running }, 202),
    });
    renderAt('/operations/op-1', { me: makeMe() });
    expect(await screen.findByText(/Ten tenants failed in a row/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Resume' }));
    await waitFor(() => expect(http.to('POST', '/api/v1/operations/op-1/resume')).toHaveLength(1));
  });

  it('offers no commands to a read-only member', async () => {
    stubApi({
      'GET /api/v1/operations/op-1': jsonResponse(running),
      'GET /api/v1/operations/op-1/items': jsonResponse({ items: [], next_cursor: null }),
    });
    renderAt('/operations/op-1', { me: makeMe({ permissions: ['me.read', 'operations.read', 'tenants.read'] }) });
    await screen.findByText(/18 of 40 tenants done/);
    expect(screen.queryByRole('button', { name: 'Cancel' })).toBeNull();
  });
});

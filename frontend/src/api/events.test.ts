import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { makeItem, makeOperation } from '../test/fixtures';
import { FakeEventSource, jsonResponse, problemResponse, stubApi } from '../test/http';
import { RECONNECT_BASE_MS, streamOperation } from './events';

beforeEach(() => FakeEventSource.install());
afterEach(() => vi.useRealTimers());

function handlers() {
  return { onProgress: vi.fn(), onTenant: vi.fn(), onEnd: vi.fn(), onStatus: vi.fn(), onFatal: vi.fn() };
}

describe('streamOperation', () => {
  it('hands over progress, tenants and the end, then closes', () => {
    const h = handlers();
    streamOperation('op-1', h);
    const source = FakeEventSource.last();
    expect(source.url).toBe('/api/v1/operations/op-1/events');
    source.open();
    source.emit('progress', makeOperation({ state: 'running' }));
    source.emit('tenant', makeItem({ state: 'failed', message: 'Consent missing.' }));
    source.emit('end', { state: 'partially_failed' });

    expect(h.onProgress).toHaveBeenCalledWith(expect.objectContaining({ state: 'running' }));
    expect(h.onTenant).toHaveBeenCalledWith(expect.objectContaining({ message: 'Consent missing.' }));
    expect(h.onEnd).toHaveBeenCalledWith('partially_failed');
    expect(source.readyState).toBe(FakeEventSource.CLOSED);
    expect(h.onStatus.mock.calls.map(([status]) => status)).toEqual(['connecting', 'open', 'ended']);
  });

  it('lets the browser retry a dropped connection by itself', () => {
    const h = handlers();
    streamOperation('op-1', h);
    FakeEventSource.last().fail(false);
    expect(h.onStatus).toHaveBeenLastCalledWith('reconnecting');
    expect(FakeEventSource.instances).toHaveLength(1);
  });

  it('reconnects with backoff after the server refused the stream, refreshing progress meanwhile', async () => {
    vi.useFakeTimers();
    stubApi({ 'GET /api/v1/operations/op-1': jsonResponse(makeOperation({ id: 'op-1', state: 'running' })) });
    const h = handlers();
    streamOperation('op-1', h);
    FakeEventSource.last().fail(true);
    await vi.advanceTimersByTimeAsync(0);
    expect(h.onProgress).toHaveBeenCalledWith(expect.objectContaining({ id: 'op-1' }));
    expect(FakeEventSource.instances).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(RECONNECT_BASE_MS);
    expect(FakeEventSource.instances).toHaveLength(2);
    FakeEventSource.last().fail(true);
    await vi.advanceTimersByTimeAsync(RECONNECT_BASE_MS);
    expect(FakeEventSource.instances).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(RECONNECT_BASE_MS);
    expect(FakeEventSource.instances).toHaveLength(3);
  });

  it('gives up when the operation is gone or the session ended', async () => {
    vi.useFakeTimers();
    stubApi({ 'GET /api/v1/operations/op-1': problemResponse(401, 'not_authenticated', 'Sign in to continue.') });
    const h = handlers();
    streamOperation('op-1', h);
    FakeEventSource.last().fail(true);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(h.onFatal).toHaveBeenCalledWith(expect.objectContaining({ status: 401 }));
    expect(h.onStatus).toHaveBeenLastCalledWith('failed');
    expect(FakeEventSource.instances).toHaveLength(1);
  });

  it('stops for good when the caller stops', () => {
    const h = handlers();
    const stop = streamOperation('op-1', h);
    stop();
    FakeEventSource.last().emit('progress', makeOperation());
    expect(FakeEventSource.last().readyState).toBe(FakeEventSource.CLOSED);
  });
});

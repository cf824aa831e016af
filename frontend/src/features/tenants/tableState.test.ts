import { describe, expect, it } from 'vitest';
import { BUILT_IN_PRESETS, DEFAULT_STATE, presetSearch, readState, toQuery, toSearch, writeState } from './tableState';

describe('the table state in the URL', () => {
  it('reads every filter the API offers and round-trips it', () => {
    const params = new URLSearchParams(
      'q=contoso&gdap=missing&status=paused&email=needs_fix&excluded=no&active=yes&expiring=30&failed=yes&sort=users&desc=1',
    );
    const state = readState(params);
    expect(state).toEqual({
      q: 'contoso',
      gdap: 'missing',
      status: 'paused',
      email: 'needs_fix',
      excluded: false,
      active: true,
      expiring: 30,
      failed: true,
      sort: 'users',
      descending: true,
    });
    expect(readState(writeState(state))).toEqual(state);
  });

  it('drops values the API would refuse', () => {
    const state = readState(new URLSearchParams('gdap=maybe&status=&expiring=-3&sort=colour&excluded=perhaps'));
    expect(state).toEqual(DEFAULT_STATE);
  });

  it('keeps a shared link short and leaves other parameters alone', () => {
    const params = writeState({ ...DEFAULT_STATE, gdap: 'ready' }, new URLSearchParams('tab=x&q=old'));
    expect(params.toString()).toBe('tab=x&gdap=ready');
  });

  it('maps to the API query and the CSV export', () => {
    const query = toQuery(readState(new URLSearchParams('q=%20fabrikam%20&gdap=none&expiring=7&failed=no')));
    expect(query).toEqual({
      q: 'fabrikam',
      gdap_state: 'none',
      expiring_within_days: 7,
      last_sync_failed: false,
      sort: 'name',
      descending: false,
    });
    expect(toSearch(query)).toEqual({
      q: 'fabrikam',
      gdap_state: 'none',
      expiring_within_days: '7',
      last_sync_failed: 'false',
      sort: 'name',
      descending: 'false',
    });
  });

  it('recognises a preset whatever the order of its parameters', () => {
    const preset = BUILT_IN_PRESETS.find((p) => p.name === 'GDAP ending within 30 days');
    expect(presetSearch(new URLSearchParams('sort=gdap_end&expiring=30'))).toBe(preset?.search);
  });
});

import {
  emailPermissionsValues,
  gdapStateValues,
  petraStatusValues,
  sortFieldValues,
} from '../../api/generated/schema';
import type { EmailPermissions, GdapState, PetraStatus, SortField, TenantQuery } from '../../api/schemas';

/** The table's filters, sort and search, as they appear in the page's URL. */
export interface TableState {
  q: string;
  gdap: GdapState | null;
  status: PetraStatus | null;
  email: EmailPermissions | null;
  excluded: boolean | null;
  active: boolean | null;
  expiring: number | null;
  failed: boolean | null;
  sort: SortField;
  descending: boolean;
}

export const DEFAULT_STATE: TableState = {
  q: '',
  gdap: null,
  status: null,
  email: null,
  excluded: null,
  active: null,
  expiring: null,
  failed: null,
  sort: 'name',
  descending: false,
};

function oneOf<T extends string>(values: readonly T[], value: string | null): T | null {
  return value !== null && (values as readonly string[]).includes(value) ? (value as T) : null;
}

function flag(value: string | null): boolean | null {
  if (value === 'yes' || value === 'true') return true;
  if (value === 'no' || value === 'false') return false;
  return null;
}

export function readState(params: URLSearchParams): TableState {
  const expiring = Number(params.get('expiring'));
  return {
    q: (params.get('q') ?? '').slice(0, 200),
    gdap: oneOf(gdapStateValues, params.get('gdap')),
    status: oneOf(petraStatusValues, params.get('status')),
    email: oneOf(emailPermissionsValues, params.get('email')),
    excluded: flag(params.get('excluded')),
    active: flag(params.get('active')),
    expiring: params.has('expiring') && Number.isInteger(expiring) && expiring >= 0 && expiring <= 3650 ? expiring : null,
    failed: flag(params.get('failed')),
    sort: oneOf(sortFieldValues, params.get('sort')) ?? DEFAULT_STATE.sort,
    descending: params.get('desc') === '1',
  };
}

/** The URL form: only what differs from the default, so a shared link stays short. */
export function writeState(state: TableState, base?: URLSearchParams): URLSearchParams {
  const params = new URLSearchParams(base);
  for (const key of ['q', 'gdap', 'status', 'email', 'excluded', 'active', 'expiring', 'failed', 'sort', 'desc']) {
    params.delete(key);
  }
  if (state.q.trim()) params.set('q', state.q.trim());
  if (state.gdap) params.set('gdap', state.gdap);
  if (state.status) params.set('status', state.status);
  if (state.email) params.set('email', state.email);
  if (state.excluded !== null) params.set('excluded', state.excluded ? 'yes' : 'no');
  if (state.active !== null) params.set('active', state.active ? 'yes' : 'no');
  if (state.expiring !== null) params.set('expiring', String(state.expiring));
  if (state.failed !== null) params.set('failed', state.failed ? 'yes' : 'no');
  if (state.sort !== DEFAULT_STATE.sort) params.set('sort', state.sort);
  if (state.descending) params.set('desc', '1');
  return params;
}

/** The API's query for this state (without paging). */
export function toQuery(state: TableState): Omit<TenantQuery, 'cursor' | 'limit'> {
  const query: Omit<TenantQuery, 'cursor' | 'limit'> = { sort: state.sort, descending: state.descending };
  if (state.q.trim()) query.q = state.q.trim();
  if (state.gdap) query.gdap_state = state.gdap;
  if (state.status) query.status = state.status;
  if (state.email) query.email_permissions = state.email;
  if (state.excluded !== null) query.excluded = state.excluded;
  if (state.active !== null) query.active = state.active;
  if (state.expiring !== null) query.expiring_within_days = state.expiring;
  if (state.failed !== null) query.last_sync_failed = state.failed;
  return query;
}

/** The same query as strings, for the CSV export's URL. */
export function toSearch(query: Omit<TenantQuery, 'cursor' | 'limit'>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null) out[key] = String(value);
  }
  return out;
}

export function activeFilterCount(state: TableState): number {
  return [state.gdap, state.status, state.email, state.excluded, state.active, state.expiring, state.failed].filter(
    (value) => value !== null,
  ).length;
}

export interface Preset {
  name: string;
  /** The URL query string the preset stands for. */
  search: string;
}

/** Views an MSP reaches for every day; each is only a URL, so it can be bookmarked or shared. */
export const BUILT_IN_PRESETS: Preset[] = [
  { name: 'All tenants', search: '' },
  { name: 'GDAP missing', search: 'gdap=missing' },
  { name: 'GDAP ending within 30 days', search: 'expiring=30&sort=gdap_end' },
  { name: 'No access any more', search: 'gdap=none' },
  { name: 'Last sync failed', search: 'failed=yes' },
  { name: 'Email permissions to fix', search: 'email=needs_fix' },
  { name: 'Excluded from batch work', search: 'excluded=yes' },
];

const PRESETS_KEY = 'petra.tenants.presets';

export function loadSavedPresets(storage: Storage = window.localStorage): Preset[] {
  try {
    const parsed: unknown = JSON.parse(storage.getItem(PRESETS_KEY) ?? '[]');
    if (!Array.isArray(parsed)) return [];
    return parsed.filter(
      (item): item is Preset =>
        typeof item === 'object' && item !== null && typeof item.name === 'string' && typeof item.search === 'string',
    );
  } catch {
    return [];
  }
}

export function storeSavedPresets(presets: Preset[], storage: Storage = window.localStorage): void {
  storage.setItem(PRESETS_KEY, JSON.stringify(presets));
}

/** The filter part of a URL query string, normalised, for comparing with a preset. */
export function presetSearch(params: URLSearchParams): string {
  return writeState(readState(params), new URLSearchParams()).toString();
}

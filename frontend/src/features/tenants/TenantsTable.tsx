import { Fragment, useState } from 'react';
import type { GdapState, SortField } from '../../api/types';
import { StatusPanel } from '../../components/StatusPanel';
import { plural } from '../../lib/dates';
import { TenantDetailRow } from './TenantDetailRow';
import { TenantRow } from './TenantRow';
import { useDebouncedValue } from './useDebouncedValue';
import { useTenants } from './useTenants';

export const SEARCH_DEBOUNCE_MS = 300;

interface TenantsTableProps {
  /** Bumped by the page after a sync so the table shows the new rows. */
  refreshKey?: number;
}

export function TenantsTable({ refreshKey = 0 }: TenantsTableProps) {
  const [search, setSearch] = useState('');
  const [gdapState, setGdapState] = useState<GdapState | null>(null);
  const [sort, setSort] = useState<{ field: SortField; descending: boolean }>({
    field: 'name',
    descending: false,
  });
  const [expanded, setExpanded] = useState<string | null>(null);
  const q = useDebouncedValue(search, SEARCH_DEBOUNCE_MS);
  const tenants = useTenants(
    { q, gdapState, sort: sort.field, descending: sort.descending },
    refreshKey,
  );

  const filtered = q.trim() !== '' || gdapState !== null;

  function sortBy(field: SortField) {
    setSort((previous) => ({
      field,
      descending: previous.field === field ? !previous.descending : false,
    }));
  }

  function clearFilters() {
    setSearch('');
    setGdapState(null);
  }

  return (
    <section className="card" aria-labelledby="tenants-title">
      <header className="card__header">
        <div className="card__heading">
          <h2 id="tenants-title">Managed tenants</h2>
          {tenants.hasLoaded && !tenants.error && (
            <span className="muted small" aria-live="polite">
              {plural(tenants.total, 'tenant')}
            </span>
          )}
        </div>
      </header>

      <div className="toolbar">
        <label className="field">
          <span>Search</span>
          <input
            type="search"
            placeholder="Name, domain or tenant ID"
            value={search}
            onChange={(event) => setSearch(event.target.value)}
          />
        </label>
        <label className="field">
          <span>GDAP Permissions</span>
          <select
            value={gdapState ?? 'all'}
            onChange={(event) => {
              const value = event.target.value;
              setGdapState(value === 'ready' || value === 'missing' ? value : null);
            }}
          >
            <option value="all">All</option>
            <option value="ready">Ready</option>
            <option value="missing">Missing</option>
          </select>
        </label>
      </div>

      {!tenants.hasLoaded && tenants.loading && <StatusPanel kind="loading" title="Loading tenants…" />}

      {tenants.error && (
        <StatusPanel
          kind="error"
          title="Could not load tenants"
          action={
            <button type="button" className="button" onClick={tenants.reload}>
              Try again
            </button>
          }
        >
          {tenants.error.detail}
        </StatusPanel>
      )}

      {!tenants.loading &&
        !tenants.error &&
        tenants.items.length === 0 &&
        (filtered ? (
          <StatusPanel
            kind="empty"
            title="No tenants match these filters"
            action={
              <button type="button" className="button" onClick={clearFilters}>
                Clear filters
              </button>
            }
          />
        ) : (
          <StatusPanel kind="empty" title="No client tenants yet — connect Partner Center and sync">
            Every client tenant with an active GDAP relationship appears here after a sync.
          </StatusPanel>
        ))}

      {tenants.items.length > 0 && !tenants.error && (
        <div className="table-wrap" aria-busy={tenants.loading}>
          <table className={`tenants${tenants.loading ? ' tenants--stale' : ''}`}>
            <thead>
              <tr>
                <SortHeader label="Tenant" field="name" sort={sort} onSort={sortBy} />
                <SortHeader
                  label="GDAP Permissions"
                  field="gdap_end"
                  hint="Sort by GDAP end date"
                  sort={sort}
                  onSort={sortBy}
                />
                <SortHeader label="Users" field="users" sort={sort} onSort={sortBy} />
                <th scope="col">Petra Status</th>
                <th scope="col">Email Perms</th>
                <th scope="col">Exclude</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {tenants.items.map((tenant) => (
                <Fragment key={tenant.tenant_id}>
                  <TenantRow
                    tenant={tenant}
                    expanded={expanded === tenant.tenant_id}
                    onToggleView={() =>
                      setExpanded((open) => (open === tenant.tenant_id ? null : tenant.tenant_id))
                    }
                    onExclude={tenants.setExcluded}
                  />
                  {expanded === tenant.tenant_id && <TenantDetailRow tenantId={tenant.tenant_id} />}
                </Fragment>
              ))}
            </tbody>
          </table>
        </div>
      )}

      {tenants.items.length > 0 && !tenants.error && (
        <footer className="table-footer">
          <span className="muted small">
            Showing {tenants.items.length} of {plural(tenants.total, 'tenant')}
          </span>
          {tenants.hasMore && (
            <button
              type="button"
              className="button"
              onClick={tenants.loadMore}
              disabled={tenants.loadingMore}
            >
              {tenants.loadingMore ? 'Loading…' : 'Load more'}
            </button>
          )}
          {tenants.moreError && (
            <span className="small text-error" role="alert">
              {tenants.moreError.detail}
            </span>
          )}
        </footer>
      )}
    </section>
  );
}

interface SortHeaderProps {
  label: string;
  field: SortField;
  hint?: string;
  sort: { field: SortField; descending: boolean };
  onSort: (field: SortField) => void;
}

function SortHeader({ label, field, hint, sort, onSort }: SortHeaderProps) {
  const active = sort.field === field;
  const direction = sort.descending ? 'descending' : 'ascending';
  return (
    <th scope="col" aria-sort={active ? direction : 'none'}>
      <button
        type="button"
        className="sort-button"
        title={hint ?? `Sort by ${label}`}
        onClick={() => onSort(field)}
      >
        {label}
        <span className="sort-indicator" aria-hidden="true">
          {active ? (sort.descending ? '▼' : '▲') : '↕'}
        </span>
      </button>
    </th>
  );
}

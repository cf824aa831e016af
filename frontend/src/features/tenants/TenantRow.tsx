import { useState } from 'react';
import { ApiError } from '../../api/client';
import type { TenantOut } from '../../api/types';
import { daysUntil, formatDate, plural } from '../../lib/dates';
import {
  ACTION_LABELS,
  EMAIL_PERMISSION_HINTS,
  EMAIL_PERMISSION_LABELS,
  GDAP_WARNING_DAYS,
  PETRA_STATUS_LABELS,
  USER_SOURCE_HINTS,
} from './labels';

interface TenantRowProps {
  tenant: TenantOut;
  expanded: boolean;
  onToggleView: () => void;
  onExclude: (tenantId: string, excluded: boolean) => Promise<void>;
}

export function TenantRow({ tenant, expanded, onToggleView, onExclude }: TenantRowProps) {
  return (
    <tr className={tenant.active ? undefined : 'row--inactive'}>
      <td>
        <div className="tenant-name">{tenant.display_name}</div>
        <div className="mono small muted">{tenant.tenant_id}</div>
        {!tenant.active && <div className="small muted">No active GDAP relationship</div>}
      </td>
      <td>
        <GdapCell tenant={tenant} />
      </td>
      <td title={USER_SOURCE_HINTS[tenant.users_source]}>
        {tenant.users === null ? '—' : tenant.users.toLocaleString()}
      </td>
      <td>
        <span className={`badge badge--status-${tenant.status}`}>
          {PETRA_STATUS_LABELS[tenant.status]}
        </span>
      </td>
      <td>
        <span
          className={`badge badge--email-${tenant.email_permissions}`}
          title={EMAIL_PERMISSION_HINTS[tenant.email_permissions]}
        >
          {EMAIL_PERMISSION_LABELS[tenant.email_permissions]}
        </span>
      </td>
      <td>
        <ExcludeToggle tenant={tenant} onExclude={onExclude} />
      </td>
      <td>
        <div className="row-actions">
          {tenant.actions.map((action) => {
            if (action === 'exclude') return null;
            if (action === 'view') {
              return (
                <button
                  key={action}
                  type="button"
                  className="button button--small"
                  aria-expanded={expanded}
                  aria-label={`${expanded ? 'Hide' : 'View'} ${tenant.display_name}`}
                  onClick={onToggleView}
                >
                  {expanded ? 'Hide' : ACTION_LABELS.view}
                </button>
              );
            }
            return (
              <button
                key={action}
                type="button"
                className="button button--small"
                disabled
                title="Coming soon"
              >
                {ACTION_LABELS[action]}
              </button>
            );
          })}
        </div>
      </td>
    </tr>
  );
}

function GdapCell({ tenant }: { tenant: TenantOut }) {
  const ready = tenant.gdap_state === 'ready';
  const days = daysUntil(tenant.gdap_latest_end_at);
  const expiring = tenant.active && days !== null && days >= 0 && days <= GDAP_WARNING_DAYS;
  return (
    <>
      <span
        className={`badge ${ready ? 'badge--ready' : 'badge--missing'}`}
        title={
          ready ? `Roles: ${tenant.gdap_roles.join(', ')}` : (tenant.gdap_missing_reason ?? undefined)
        }
      >
        {ready ? 'Ready' : 'Missing'}
      </span>
      {tenant.gdap_latest_end_at && (
        <div className="small muted">Ends {formatDate(tenant.gdap_latest_end_at)}</div>
      )}
      {expiring && (
        <div className="small text-warning">
          {days === 0 ? 'Expires today' : `Expires in ${plural(days, 'day')}`}
          {tenant.gdap_auto_extend && ' (auto-extends)'}
        </div>
      )}
    </>
  );
}

function ExcludeToggle({ tenant, onExclude }: Pick<TenantRowProps, 'tenant' | 'onExclude'>) {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const allowed = tenant.actions.includes('exclude');

  async function toggle(excluded: boolean) {
    setPending(true);
    setError(null);
    try {
      await onExclude(tenant.tenant_id, excluded);
    } catch (caught) {
      setError(caught instanceof ApiError ? caught.detail : 'Could not save. Try again.');
    } finally {
      setPending(false);
    }
  }

  return (
    <>
      <input
        type="checkbox"
        aria-label={`Exclude ${tenant.display_name}`}
        checked={tenant.excluded}
        disabled={!allowed || pending}
        title={
          allowed ? 'Skip this tenant in batch scans and onboarding' : 'You cannot change this tenant'
        }
        onChange={(event) => void toggle(event.target.checked)}
      />
      {error && (
        <div className="small text-error" role="alert">
          {error}
        </div>
      )}
    </>
  );
}

import { formatDate, formatDateTime } from '../../lib/dates';
import { useTenantDetail } from './useTenantDetail';

const COLUMN_COUNT = 7;

export function TenantDetailRow({ tenantId }: { tenantId: string }) {
  const { load, reload } = useTenantDetail(tenantId);
  return (
    <tr className="detail-row">
      <td colSpan={COLUMN_COUNT}>
        {load.status === 'loading' && (
          <p className="muted" role="status">
            Loading tenant details…
          </p>
        )}
        {load.status === 'error' && (
          <p className="form-error" role="alert">
            {load.error.detail}{' '}
            <button type="button" className="button button--small" onClick={reload}>
              Try again
            </button>
          </p>
        )}
        {load.status === 'ready' && (
          <div className="detail">
            <dl className="facts">
              <div>
                <dt>Default domain</dt>
                <dd>{load.tenant.default_domain ?? '—'}</dd>
              </div>
              <div>
                <dt>Last synced</dt>
                <dd>{formatDateTime(load.tenant.last_synced_at)}</dd>
              </div>
              <div>
                <dt>Product</dt>
                <dd>{load.tenant.product ?? '—'}</dd>
              </div>
              {load.tenant.excluded && (
                <div>
                  <dt>Excluded</dt>
                  <dd>
                    {formatDateTime(load.tenant.excluded_at)}
                    {load.tenant.excluded_by && ` by ${load.tenant.excluded_by}`}
                  </dd>
                </div>
              )}
            </dl>
            {load.tenant.last_error?.message && (
              <p className="callout callout--warning">
                {load.tenant.last_error.message} {load.tenant.last_error.action}
              </p>
            )}
            <h3>GDAP relationships</h3>
            {load.tenant.relationships.length === 0 ? (
              <p className="muted">No active GDAP relationship.</p>
            ) : (
              <ul className="relationships">
                {load.tenant.relationships.map((relationship) => (
                  <li key={relationship.id}>
                    <strong>{relationship.display_name}</strong>{' '}
                    <span className="muted small">
                      {relationship.status} · ends {formatDate(relationship.end_at)}
                      {relationship.auto_extend_duration && ' · auto-extends'}
                    </span>
                    <div className="small">{relationship.roles.join(', ') || 'No roles'}</div>
                  </li>
                ))}
              </ul>
            )}
          </div>
        )}
      </td>
    </tr>
  );
}

import type { ConnectionOut } from '../../api/types';
import { formatDateTime, plural } from '../../lib/dates';
import { operationStateLabel } from './labels';

// Microsoft expires an unused refresh token after 90 days; two weeks leaves time to act.
const TOKEN_WARNING_DAYS = 14;

export function ConnectionFacts({ connection }: { connection: ConnectionOut }) {
  const daysLeft = connection.refresh_token_days_left;
  const lastSync = connection.last_sync;

  return (
    <dl className="facts">
      <div>
        <dt>Account</dt>
        <dd>{connection.account ?? '—'}</dd>
      </div>
      <div>
        <dt>Partner tenant ID</dt>
        <dd className="mono">{connection.partner_tenant_id ?? '—'}</dd>
      </div>
      <div>
        <dt>Connected on</dt>
        <dd>
          {formatDateTime(connection.connected_at)}
          {connection.connected_by && (
            <span className="muted small"> by {connection.connected_by}</span>
          )}
        </dd>
      </div>
      {connection.state === 'connected' && daysLeft !== null && daysLeft !== undefined && (
        <div>
          <dt>Sign-in expires</dt>
          <dd className={daysLeft <= TOKEN_WARNING_DAYS ? 'text-warning' : undefined}>
            {plural(daysLeft, 'day')} left
          </dd>
        </div>
      )}
      <div>
        <dt>Last sync</dt>
        <dd>
          {lastSync ? (
            <>
              {operationStateLabel(lastSync.state)}
              {lastSync.finished_at && (
                <span className="muted small"> · {formatDateTime(lastSync.finished_at)}</span>
              )}
              {lastSync.error_message && (
                <span className="fact-error">{lastSync.error_message}</span>
              )}
            </>
          ) : (
            'Never'
          )}
        </dd>
      </div>
    </dl>
  );
}

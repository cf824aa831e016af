import { useCallback, useEffect, useState } from 'react';
import { ApiError } from '../../api/client';
import type { ConnectionOut, OperationOut } from '../../api/types';
import { isOperationActive } from '../../api/operations';
import { OverflowMenu, type MenuItem } from '../../components/OverflowMenu';
import { StatusPanel } from '../../components/StatusPanel';
import { formatDateTime } from '../../lib/dates';
import { ConnectionFacts } from './ConnectionFacts';
import { CONNECTION_LABELS, syncProgressText, syncResultText } from './labels';
import { useConnection } from './useConnection';
import { useSyncOperation, type SyncState } from './useSyncOperation';

export interface PartnerCenterPermissions {
  connect: boolean;
  manage: boolean;
  sync: boolean;
}

interface PartnerCenterCardProps {
  permissions: PartnerCenterPermissions;
  onSyncFinished?: (operation: OperationOut) => void;
  /** Leaves the SPA for Microsoft's sign-in page; replaceable in tests. */
  redirect?: (url: string) => void;
}

function leaveFor(url: string) {
  window.location.assign(url);
}

export function PartnerCenterCard({
  permissions,
  onSyncFinished,
  redirect = leaveFor,
}: PartnerCenterCardProps) {
  const { load, reload, connect, reauthenticate, disconnect } = useConnection();
  const handleFinished = useCallback(
    (operation: OperationOut) => {
      reload();
      onSyncFinished?.(operation);
    },
    [reload, onSyncFinished],
  );
  const { sync, start, follow } = useSyncOperation(handleFinished);
  const [pending, setPending] = useState<'redirect' | 'disconnect' | null>(null);
  const [confirmingDisconnect, setConfirmingDisconnect] = useState(false);
  const [actionError, setActionError] = useState<string | null>(null);

  const lastSync = load.status === 'ready' ? load.connection.last_sync : null;
  const finishedId = sync.status === 'finished' ? sync.operation.id : null;
  // A sync started elsewhere (another tab, the nightly run) shows progress here too.
  useEffect(() => {
    const free = sync.status === 'idle' || sync.status === 'finished';
    if (free && lastSync && isOperationActive(lastSync.state) && lastSync.operation_id !== finishedId) {
      follow(lastSync.operation_id);
    }
  }, [sync.status, finishedId, lastSync, follow]);

  if (load.status === 'loading') {
    return <StatusPanel kind="loading" title="Loading your Partner Center connection…" />;
  }
  if (load.status === 'error') {
    return (
      <StatusPanel
        kind="error"
        title="Could not load the Partner Center connection"
        action={
          <button type="button" className="button" onClick={reload}>
            Try again
          </button>
        }
      >
        {load.error.detail}
      </StatusPanel>
    );
  }

  const connection = load.connection;
  const syncing = sync.status === 'starting' || sync.status === 'running';

  async function signIn(begin: () => Promise<string>) {
    setPending('redirect');
    setActionError(null);
    try {
      redirect(await begin());
    } catch (error) {
      setActionError(
        error instanceof ApiError ? error.detail : 'Could not start the Microsoft sign-in.',
      );
      setPending(null);
    }
  }

  async function confirmDisconnect() {
    setPending('disconnect');
    setActionError(null);
    try {
      await disconnect();
      setConfirmingDisconnect(false);
    } catch (error) {
      setActionError(
        error instanceof ApiError ? error.detail : 'Could not disconnect Partner Center.',
      );
    } finally {
      setPending(null);
    }
  }

  const menuItems: MenuItem[] = [];
  if (connection.state === 'connected' && permissions.sync) {
    menuItems.push({ label: 'Sync Tenants', onSelect: start, disabled: syncing });
  }
  if (connection.state !== 'disconnected' && permissions.connect) {
    menuItems.push({
      label: 'Reauthenticate Partner Center',
      onSelect: () => signIn(reauthenticate),
    });
  }
  if (connection.state !== 'disconnected' && permissions.manage) {
    menuItems.push({
      label: 'Disconnect',
      onSelect: () => setConfirmingDisconnect(true),
      danger: true,
    });
  }

  return (
    <section className="card" aria-labelledby="partner-center-title">
      <header className="card__header">
        <div className="card__heading">
          <h2 id="partner-center-title">Microsoft Partner Center</h2>
          <span className={`badge badge--${connection.state}`}>
            {CONNECTION_LABELS[connection.state]}
          </span>
        </div>
        {menuItems.length > 0 && <OverflowMenu label="Partner Center actions" items={menuItems} />}
      </header>

      {connection.state === 'disconnected' && (
        <Disconnected
          canConnect={permissions.connect}
          pending={pending === 'redirect'}
          onConnect={() => signIn(connect)}
        />
      )}

      {connection.state === 'needs_reauth' && (
        <NeedsReauth
          connection={connection}
          canConnect={permissions.connect}
          pending={pending === 'redirect'}
          onReauthenticate={() => signIn(reauthenticate)}
        />
      )}

      {connection.state !== 'disconnected' && <ConnectionFacts connection={connection} />}

      <SyncStatus sync={sync} />

      {confirmingDisconnect && (
        <div className="confirm" role="group" aria-labelledby="disconnect-title">
          <p id="disconnect-title">
            <strong>Disconnect Partner Center?</strong> Petra forgets the stored Microsoft sign-in and
            stops syncing. Tenants already in the table stay.
          </p>
          <div className="button-row">
            <button
              type="button"
              className="button button--danger"
              onClick={confirmDisconnect}
              disabled={pending === 'disconnect'}
            >
              {pending === 'disconnect' ? 'Disconnecting…' : 'Yes, disconnect'}
            </button>
            <button type="button" className="button" onClick={() => setConfirmingDisconnect(false)}>
              Cancel
            </button>
          </div>
        </div>
      )}

      {actionError && (
        <p className="form-error" role="alert">
          {actionError}
        </p>
      )}
    </section>
  );
}

interface DisconnectedProps {
  canConnect: boolean;
  pending: boolean;
  onConnect: () => void;
}

function Disconnected({ canConnect, pending, onConnect }: DisconnectedProps) {
  return (
    <>
      <p className="muted">
        Connect your CSP account to see every client tenant with an active GDAP relationship in one
        place, and onboard them without each client&apos;s Global Admin.
      </p>
      {canConnect ? (
        <button
          type="button"
          className="button button--primary button--inline"
          onClick={onConnect}
          disabled={pending}
        >
          {pending ? 'Opening Microsoft sign-in…' : 'Connect Microsoft Partner Center'}
        </button>
      ) : (
        <p className="muted">Ask an admin of your organization to connect Partner Center.</p>
      )}
    </>
  );
}

interface NeedsReauthProps {
  connection: ConnectionOut;
  canConnect: boolean;
  pending: boolean;
  onReauthenticate: () => void;
}

function NeedsReauth({ connection, canConnect, pending, onReauthenticate }: NeedsReauthProps) {
  return (
    <div className="callout callout--warning" role="alert">
      <p>
        <strong>Partner Center needs you to sign in again.</strong> Syncing and onboarding are paused
        until you do.
      </p>
      {connection.reauth_reason && <p>{connection.reauth_reason}</p>}
      {canConnect && (
        <button
          type="button"
          className="button button--primary button--inline"
          onClick={onReauthenticate}
          disabled={pending}
        >
          {pending ? 'Opening Microsoft sign-in…' : 'Reauthenticate Partner Center'}
        </button>
      )}
    </div>
  );
}

function SyncStatus({ sync }: { sync: SyncState }) {
  let text: string | null = null;
  let tone = 'muted';
  if (sync.status === 'starting') text = 'Starting sync…';
  if (sync.status === 'running') text = syncProgressText(sync.operation);
  if (sync.status === 'finished') {
    const finishedAt = sync.operation.finished_at;
    text = syncResultText(sync.operation);
    if (finishedAt) text += ` (${formatDateTime(finishedAt)})`;
    tone = sync.operation.state === 'succeeded' ? 'success' : 'warning';
  }
  if (sync.status === 'error') {
    text = sync.error.detail;
    tone = 'error';
  }
  return (
    <p
      className={`sync-status sync-status--${tone}`}
      role="status"
      aria-live="polite"
      hidden={text === null}
    >
      {(sync.status === 'running' || sync.status === 'starting') && (
        <span className="spinner spinner--small" aria-hidden="true" />
      )}
      {text}
    </p>
  );
}

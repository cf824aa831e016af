import { Alert, Button, Skeleton, Stack } from '@mantine/core';
import { IconPlugConnected, IconRefresh } from '@tabler/icons-react';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { toApiError } from '../../api/client';
import { PageHeader } from '../../components/PageHeader';
import { QueryError, StatusPanel } from '../../components/StatusPanel';
import { IndividualOutcomeNotice } from '../add-tenant/IndividualOutcomeNotice';
import { useIndividualOutcome } from '../add-tenant/useIndividualOutcome';
import { useCan } from '../auth/session';
import { isActive, useSyncTenants } from '../operations/hooks';
import { OperationProgress } from '../operations/OperationProgress';
import { useConnection, useStartSignIn } from '../partner-center/connection';
import { ConnectCallToAction, ConnectionNotice, ConnectionSummary } from '../partner-center/ConnectionNotice';
import { useSignInOutcome } from '../partner-center/useSignInOutcome';
import { ScanControls } from '../scans/ScanControls';
import { TenantsPanel } from '../tenants/TenantsPanel';
import { useTenants } from '../tenants/hooks';

/** /portal: the Partner Center connection above the managed tenants table. */
export function PortalPage() {
  const can = useCan();
  if (!can('tenants.read')) {
    return (
      <StatusPanel kind="empty" title="Your role does not include client tenants">
        Ask an admin of your organization for access to Partner Center and tenants.
      </StatusPanel>
    );
  }
  return can('partner_center.read') ? <PartnerPortal /> : <GuestPortal />;
}

/** External guests see the tenants shared with them, and nothing of Partner Center. */
function GuestPortal() {
  return (
    <Stack>
      <PageHeader title="Managed tenants" description="The client tenants your organization shared with you." />
      <TenantsPanel
        canManage={false}
        canSync={false}
        canReauthenticate={false}
        syncing={false}
        reauthenticating={false}
        onSync={() => undefined}
        onReauthenticate={() => undefined}
        emptyState={<StatusPanel kind="empty" title="No tenants shared with you yet" />}
      />
    </Stack>
  );
}

function PartnerPortal() {
  const can = useCan();
  const connection = useConnection();
  const { outcome, dismiss } = useSignInOutcome();
  const individual = useIndividualOutcome();
  const sync = useSyncTenants();
  const connect = useStartSignIn('connect');
  const reauthenticate = useStartSignIn('reauthenticate');
  const [followed, setFollowed] = useState<string | null>(null);
  const [dismissed, setDismissed] = useState<string | null>(null);
  const navigate = useNavigate();
  // Only to know whether the table is empty; the panel shares this cached query.
  const anyTenants = useTenants({ sort: 'name', descending: false });
  const hasTenants = (anyTenants.data?.pages[0]?.total ?? 0) > 0;

  const data = connection.data;
  const lastSync = data?.last_sync;
  // A sync started elsewhere (another tab, the scheduler) is followed too.
  const running = lastSync && isActive(lastSync.state) ? lastSync.operation_id : null;
  const operationId = followed ?? running;
  const connected = data?.state === 'connected';
  const canConnect = can('partner_center.connect');
  const canSync = can('tenants.manage') && connected;

  const startSync = () => sync.mutate(undefined, { onSuccess: (operation) => setFollowed(operation.id) });
  const connectButton = (
    <Button leftSection={<IconPlugConnected size={16} aria-hidden />} loading={connect.isPending} onClick={() => connect.mutate('portal')}>
      Connect Microsoft Partner Center
    </Button>
  );
  const reauthenticateButton = canConnect ? (
    <Button color="orange" loading={reauthenticate.isPending} onClick={() => reauthenticate.mutate('portal')}>
      Reauthenticate Partner Center
    </Button>
  ) : undefined;
  const syncButton = canSync ? (
    <Button variant="default" leftSection={<IconRefresh size={16} aria-hidden />} loading={sync.isPending} onClick={startSync}>
      Sync Tenants
    </Button>
  ) : undefined;

  let empty;
  if (!data || data.state === 'disconnected') {
    empty = <ConnectCallToAction button={connectButton} canConnect={canConnect} />;
  } else {
    empty = (
      <StatusPanel kind="empty" title="No tenants yet" action={syncButton}>
        Sync Tenants reads your active GDAP relationships from Microsoft and lists every client tenant here.
      </StatusPanel>
    );
  }

  const actionError = sync.error ?? connect.error ?? reauthenticate.error;
  return (
    <Stack gap="sm">
      <PageHeader
        title="Managed tenants"
        description={data ? <ConnectionSummary connection={data} /> : connection.isPending ? <Skeleton h={20} w={240} /> : null}
      />
      <IndividualOutcomeNotice outcome={individual.outcome} onDismiss={individual.dismiss} />
      {connection.isError && (
        <QueryError error={connection.error} title="The Partner Center connection could not be loaded" onRetry={() => void connection.refetch()} />
      )}
      {data && (
        <ConnectionNotice
          connection={data}
          outcome={outcome}
          onDismissOutcome={dismiss}
          connectButton={canConnect ? connectButton : undefined}
          reauthenticateButton={reauthenticateButton}
          syncButton={syncButton}
          hasTenants={hasTenants}
        />
      )}
      {actionError && (
        <Alert color="red" role="alert" withCloseButton onClose={() => { sync.reset(); connect.reset(); reauthenticate.reset(); }} closeButtonLabel="Dismiss">
          {toApiError(actionError).detail}
        </Alert>
      )}
      {operationId && operationId !== dismissed && (
        <OperationProgress operationId={operationId} onDismiss={() => { setDismissed(operationId); setFollowed(null); }} />
      )}
      {connected && hasTenants && (
        <ScanControls onStarted={(started) => void navigate(`/scans?operation=${started.operation.id}`)} />
      )}
      <TenantsPanel
        canManage={can('tenants.manage')}
        canSync={canSync}
        canReauthenticate={canConnect && data !== undefined && data.state !== 'disconnected'}
        syncing={sync.isPending || running !== null}
        reauthenticating={reauthenticate.isPending}
        onSync={startSync}
        onReauthenticate={() => reauthenticate.mutate('portal')}
        emptyState={empty}
      />
    </Stack>
  );
}

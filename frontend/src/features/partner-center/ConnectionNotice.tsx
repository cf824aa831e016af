import { Alert, Badge, Group, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import type { ConnectionOut } from '../../api/schemas';
import { formatRelative, plural } from '../../lib/dates';
import { connectionNotice } from './connection';
import type { SignInOutcome } from './signInOutcome';

export const CONNECTION_STATE_LABELS: Record<ConnectionOut['state'], string> = {
  connected: 'Connected',
  needs_reauth: 'Needs reauthentication',
  disconnected: 'Not connected',
};

export const CONNECTION_STATE_COLORS: Record<ConnectionOut['state'], string> = {
  connected: 'green',
  needs_reauth: 'orange',
  disconnected: 'gray',
};

/** One line: the badge, the account and the last sync. */
export function ConnectionSummary({ connection }: { connection: ConnectionOut }) {
  return (
    <Group gap="xs" wrap="wrap">
      <Badge color={CONNECTION_STATE_COLORS[connection.state]} variant="light">
        {CONNECTION_STATE_LABELS[connection.state]}
      </Badge>
      {connection.account && <Text size="sm">{connection.account}</Text>}
      {connection.last_sync?.finished_at && (
        <Text size="sm" c="dimmed">
          · last sync {formatRelative(connection.last_sync.finished_at)}
        </Text>
      )}
    </Group>
  );
}

interface ConnectionNoticeProps {
  connection: ConnectionOut;
  outcome: SignInOutcome | null;
  onDismissOutcome: () => void;
  /** Buttons the notice may offer; absent when the person may not take the action. */
  connectButton?: ReactNode;
  reauthenticateButton?: ReactNode;
  syncButton?: ReactNode;
  /** Whether there are tenants on screen (changes what "not connected" means). */
  hasTenants: boolean;
}

/**
 * At most one message about Partner Center, the most pressing, with the action that fixes it.
 * Every message is derived from the current state, so none outlives what caused it.
 */
export function ConnectionNotice(props: ConnectionNoticeProps) {
  const { connection, outcome } = props;
  if (outcome?.kind === 'error') {
    return (
      <Alert color="red" title="Partner Center was not connected." withCloseButton onClose={props.onDismissOutcome} closeButtonLabel="Dismiss">
        <Text size="sm">{outcome.message}</Text>
        <Group mt="xs">{connection.state === 'disconnected' ? props.connectButton : props.reauthenticateButton}</Group>
      </Alert>
    );
  }
  const notice = connectionNotice(connection);
  switch (notice.kind) {
    case 'problem':
      return (
        <Alert color={notice.needsReauth ? 'orange' : 'red'} title="Partner Center connection problem: every tenant is affected" role="alert">
          <Text size="sm">{notice.cause.summary}</Text>
          <Text size="sm" mt={4}>
            <Text span fw={600} size="sm">
              Fix:{' '}
            </Text>
            {notice.cause.action}
          </Text>
          <Text size="xs" c="dimmed" mt={4}>
            Cause: {notice.cause.label}
            {notice.cause.code && ` · Microsoft code ${notice.cause.code}`}
          </Text>
          {notice.needsReauth && <Group mt="xs">{props.reauthenticateButton}</Group>}
        </Alert>
      );
    case 'disconnected':
      // With no tenants the empty state carries the call to connect.
      return props.hasTenants ? (
        <Alert color="gray" title="Partner Center is not connected">
          <Text size="sm">
            Connect Microsoft Partner Center to sync every client tenant with an active GDAP relationship. Tenants
            from an earlier sync show what it found; tenants added individually do not need Partner Center.
          </Text>
          <Group mt="xs">{props.connectButton}</Group>
        </Alert>
      ) : null;
    case 'needs_reauth':
      return (
        <Alert color="orange" title="Reauthenticate Partner Center">
          <Text size="sm">{notice.message} Sign in again to keep tenants in sync.</Text>
          <Group mt="xs">{props.reauthenticateButton}</Group>
        </Alert>
      );
    case 'expiring':
      return (
        <Alert color="yellow" title={`The Partner Center sign-in expires in ${plural(notice.days, 'day')}`}>
          <Text size="sm">
            Microsoft ends a sign-in that is not used for 90 days. A sync uses it and keeps it alive.
          </Text>
          <Group mt="xs">{props.syncButton}</Group>
        </Alert>
      );
    case 'sync_failed':
      return (
        <Alert color="red" title="The last sync failed">
          <Text size="sm">{notice.message}</Text>
          <Group mt="xs">{props.syncButton}</Group>
        </Alert>
      );
    case 'none':
      return outcome?.kind === 'connected' ? (
        <Alert color="green" title="Partner Center connected." withCloseButton onClose={props.onDismissOutcome} closeButtonLabel="Dismiss">
        </Alert>
      ) : null;
  }
}

/** The call to action when nothing is connected yet: the seed's words. */
export function ConnectCallToAction({ button, canConnect }: { button: ReactNode; canConnect: boolean }) {
  return (
    <Alert color="blue" variant="light" title="Connect Microsoft Partner Center">
      <Text size="sm">
        See all of your GDAP-managed tenants in one place. You sign in with your MSP tenant credentials
        on Microsoft&apos;s page and consent to the requested permissions; Petra then lists every client
        tenant with an active GDAP relationship. Nothing is installed in a client tenant until you onboard it.
      </Text>
      <Text size="sm" mt="xs">
        The account that connects must be in the AdminAgents group of your partner tenant.
      </Text>
      <Group mt="sm">
        {canConnect ? button : <Text size="sm">Ask an admin of your organization to connect Partner Center.</Text>}
      </Group>
    </Alert>
  );
}

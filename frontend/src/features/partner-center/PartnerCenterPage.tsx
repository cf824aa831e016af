import { Alert, Anchor, Badge, Button, Group, Paper, SimpleGrid, Stack, Text } from '@mantine/core';
import { Link } from 'react-router';
import { toApiError } from '../../api/client';
import type { ConnectionOut } from '../../api/schemas';
import { ConfirmButton } from '../../components/ConfirmButton';
import { CopyId } from '../../components/CopyId';
import { PageHeader } from '../../components/PageHeader';
import { QueryError, StatusPanel } from '../../components/StatusPanel';
import { formatDateTime, formatRelative, plural } from '../../lib/dates';
import { useCan } from '../auth/session';
import { OPERATION_STATE_COLORS, OPERATION_STATE_LABELS } from '../operations/labels';
import { EXPIRY_WARNING_DAYS, useConnection, useDisconnect, useStartSignIn } from './connection';
import { ConnectionCheck } from './ConnectionCheck';
import { ConnectCallToAction, ConnectionNotice, CONNECTION_STATE_COLORS, CONNECTION_STATE_LABELS } from './ConnectionNotice';
import { useSignInOutcome } from './useSignInOutcome';

function Fact({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="sm" fw={500} component="div">
        {children}
      </Text>
    </div>
  );
}

function ConnectionFacts({ connection }: { connection: ConnectionOut }) {
  const days = connection.refresh_token_days_left;
  const sync = connection.last_sync;
  return (
    <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }} spacing="md">
      <Fact label="Status">
        <Badge color={CONNECTION_STATE_COLORS[connection.state]} variant="light">
          {CONNECTION_STATE_LABELS[connection.state]}
        </Badge>
      </Fact>
      <Fact label="Account">{connection.account ?? '—'}</Fact>
      <Fact label="Partner tenant">{connection.partner_tenant_id ? <CopyId id={connection.partner_tenant_id} label="partner tenant id" size="sm" /> : '—'}</Fact>
      <Fact label="Connected since">
        {formatDateTime(connection.connected_at)}
        {connection.connected_by && ` by ${connection.connected_by}`}
      </Fact>
      <Fact label="Sign-in expires from inactivity">
        {days === null || days === undefined ? (
          '—'
        ) : (
          <Text span size="sm" fw={500} c={days <= EXPIRY_WARNING_DAYS ? 'var(--mantine-color-orange-light-color)' : undefined}>
            in {plural(days, 'day')} unless used
          </Text>
        )}
      </Fact>
      <Fact label="Last used">{connection.last_token_refresh_at ? formatRelative(connection.last_token_refresh_at) : '—'}</Fact>
      <Fact label="Last sync">
        {sync ? (
          <Group gap={6}>
            <Badge color={OPERATION_STATE_COLORS[sync.state]} variant="light">
              {OPERATION_STATE_LABELS[sync.state]}
            </Badge>
            <Anchor component={Link} to={`/operations/${sync.operation_id}`} size="sm">
              {formatRelative(sync.finished_at ?? sync.started_at)}
            </Anchor>
          </Group>
        ) : (
          'Never'
        )}
      </Fact>
    </SimpleGrid>
  );
}

/** /settings/partner-center: the connection's vitals, Reauthenticate and Disconnect. */
export function PartnerCenterPage() {
  const connection = useConnection();
  const can = useCan();
  const { outcome, dismiss } = useSignInOutcome();
  const connect = useStartSignIn('connect');
  const reauthenticate = useStartSignIn('reauthenticate');
  const disconnect = useDisconnect();
  const canConnect = can('partner_center.connect');
  const canManage = can('partner_center.manage');

  if (connection.isPending) return <StatusPanel kind="loading" title="Loading the Partner Center connection…" />;
  if (connection.isError) {
    return <QueryError error={connection.error} title="The Partner Center connection could not be loaded" onRetry={() => void connection.refetch()} />;
  }
  const data = connection.data;
  const connectButton = (
    <Button loading={connect.isPending} onClick={() => connect.mutate('portal')}>
      Connect Microsoft Partner Center
    </Button>
  );
  const reauthenticateButton = canConnect ? (
    <Button variant={data.state === 'needs_reauth' ? 'filled' : 'default'} color={data.state === 'needs_reauth' ? 'orange' : undefined} loading={reauthenticate.isPending} onClick={() => reauthenticate.mutate('portal')}>
      Reauthenticate Partner Center
    </Button>
  ) : undefined;
  const error = connect.error ?? reauthenticate.error ?? disconnect.error;

  return (
    <Stack>
      <PageHeader title="Partner Center" description="The Microsoft Partner Center account Petra uses to read your GDAP relationships." />
      <ConnectionNotice
        connection={data}
        outcome={outcome}
        onDismissOutcome={dismiss}
        connectButton={canConnect ? connectButton : undefined}
        reauthenticateButton={reauthenticateButton}
        hasTenants={false}
      />
      {error && <Alert color="red" role="alert">{toApiError(error).detail}</Alert>}
      {data.state === 'disconnected' ? (
        <ConnectCallToAction button={connectButton} canConnect={canConnect} />
      ) : (
        <Paper withBorder p="md" radius="md">
          <Stack>
            <ConnectionFacts connection={data} />
            <ConnectionCheck check={data.last_check} canCheck={canConnect && data.state === 'connected'} />
            <Group>
              {reauthenticateButton}
              {canManage && (
                <ConfirmButton
                  variant="default"
                  color="red"
                  loading={disconnect.isPending}
                  title="Disconnect Partner Center?"
                  message="Petra forgets the stored Microsoft sign-in and stops syncing. Tenants already in the table stay, and onboarded tenants keep working. You can connect again at any time."
                  confirmLabel="Disconnect"
                  onConfirm={() => disconnect.mutate()}
                >
                  Disconnect
                </ConfirmButton>
              )}
            </Group>
          </Stack>
        </Paper>
      )}
      <Paper withBorder p="md" radius="md">
        <Text fw={600} size="sm">
          Before connecting
        </Text>
        <Text size="sm" c="dimmed" component="ul" pl="md" my={4}>
          <li>Your Microsoft Partner Center account has active GDAP relationships for the tenants you want to manage.</li>
          <li>The user connecting Partner Center is in the AdminAgents security group in your MSP tenant.</li>
          <li>The user signs in with multifactor authentication (MFA): Partner Center refuses calls made without it.</li>
          <li>The relationships hold Global Administrator, Application Administrator or Cloud Application Administrator to onboard a tenant.</li>
        </Text>
      </Paper>
    </Stack>
  );
}

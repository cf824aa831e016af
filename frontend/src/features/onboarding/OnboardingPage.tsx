import { Alert, Button, Group, List, Paper, Stack, Stepper, Text } from '@mantine/core';
import { useState } from 'react';
import { Link } from 'react-router';
import { toApiError } from '../../api/client';
import { PageHeader } from '../../components/PageHeader';
import { QueryError, StatusPanel } from '../../components/StatusPanel';
import { plural } from '../../lib/dates';
import { useCan } from '../auth/session';
import { isActive, useOperation, useSyncTenants } from '../operations/hooks';
import { OperationProgress } from '../operations/OperationProgress';
import { useConnection, useStartSignIn } from '../partner-center/connection';
import { useSignInOutcome } from '../partner-center/useSignInOutcome';
import { useTenants } from '../tenants/hooks';

function TenantCounts() {
  const ready = useTenants({ gdap_state: 'ready', active: true });
  const missing = useTenants({ gdap_state: 'missing', active: true });
  const total = (query: typeof ready) => query.data?.pages[0]?.total ?? 0;
  if (ready.isPending || missing.isPending) return <Text size="sm">Counting tenants…</Text>;
  return (
    <List size="sm">
      <List.Item>{plural(total(ready), 'tenant')} with GDAP Ready: you can onboard them.</List.Item>
      <List.Item>
        {plural(total(missing), 'tenant')} with GDAP Missing: their relationship lacks Global Administrator,
        Application Administrator or Cloud Application Administrator.
      </List.Item>
    </List>
  );
}

/** /onboarding: connect Partner Center, sync, and see what can be onboarded. */
export function OnboardingPage() {
  const connection = useConnection();
  const { outcome, dismiss } = useSignInOutcome();
  const connect = useStartSignIn('connect');
  const sync = useSyncTenants();
  const can = useCan();
  const [syncId, setSyncId] = useState<string | null>(null);
  const followed = useOperation(syncId);
  const [chosen, setChosen] = useState<number | null>(null);

  if (connection.isPending) return <StatusPanel kind="loading" title="Loading…" />;
  if (connection.isError) {
    return <QueryError error={connection.error} title="The Partner Center connection could not be loaded" onRetry={() => void connection.refetch()} />;
  }
  const data = connection.data;
  const connected = data.state === 'connected';
  const synced = followed.data ? !isActive(followed.data.state) : data.last_sync?.state === 'succeeded' || data.last_sync?.state === 'partially_failed';
  // Back from Microsoft, the wizard continues where the person left it.
  const derived = !connected ? (outcome ? 1 : 0) : synced ? 3 : 2;
  const step = chosen ?? derived;

  return (
    <Stack>
      <PageHeader title="Onboarding" description="Connect Partner Center and bring in every client tenant with an active GDAP relationship." />
      <Paper withBorder p="md" radius="md">
        <Stepper active={step} onStepClick={(index) => index <= derived && setChosen(index)} size="sm" orientation="horizontal" allowNextStepsSelect={false}>
          <Stepper.Step label="Before you start" description="Prerequisites">
            <Stack mt="md">
              <List size="sm" spacing={4}>
                <List.Item>You have a Microsoft Partner Center account with active GDAP relationships for the tenants you want to manage.</List.Item>
                <List.Item>The user connecting Partner Center is in the AdminAgents security group in your MSP tenant.</List.Item>
                <List.Item>Audit logs are turned on in the client tenants you plan to onboard.</List.Item>
              </List>
              <Group>
                <Button onClick={() => setChosen(1)}>Next</Button>
              </Group>
            </Stack>
          </Stepper.Step>
          <Stepper.Step label="Connect Partner Center" description="Sign in at Microsoft">
            <Stack mt="md">
              {outcome?.kind === 'error' && (
                <Alert color="red" title="Partner Center was not connected." withCloseButton onClose={dismiss} closeButtonLabel="Dismiss">
                  {outcome.message}
                </Alert>
              )}
              {connected ? (
                <Alert color="green" title="Partner Center connected.">
                  Signed in as {data.account}.
                </Alert>
              ) : (
                <Text size="sm">
                  Sign in with your MSP tenant credentials on the Microsoft login page and consent to the requested
                  permissions. Microsoft sends you back to this wizard.
                </Text>
              )}
              {connect.error && <Alert color="red" role="alert">{toApiError(connect.error).detail}</Alert>}
              <Group>
                {connected ? (
                  <Button onClick={() => setChosen(2)}>Next</Button>
                ) : (
                  <Button loading={connect.isPending} onClick={() => connect.mutate('onboarding')}>
                    Connect Microsoft Partner Center
                  </Button>
                )}
              </Group>
            </Stack>
          </Stepper.Step>
          <Stepper.Step label="Sync tenants" description="Read GDAP relationships">
            <Stack mt="md">
              <Text size="sm">
                Sync Tenants reads your active GDAP relationships from Microsoft: tenant names, user counts and whether
                each relationship holds the roles Petra needs.
              </Text>
              {sync.error && <Alert color="red" role="alert">{toApiError(sync.error).detail}</Alert>}
              {syncId && <OperationProgress operationId={syncId} />}
              <Group>
                {can('tenants.manage') && (
                  <Button
                    loading={sync.isPending || (followed.data ? isActive(followed.data.state) : false)}
                    onClick={() => sync.mutate(undefined, { onSuccess: (operation) => setSyncId(operation.id) })}
                  >
                    Sync Tenants
                  </Button>
                )}
                {synced && <Button variant="default" onClick={() => setChosen(3)}>Next</Button>}
              </Group>
            </Stack>
          </Stepper.Step>
          <Stepper.Step label="Review tenants" description="Ready or Missing">
            <Stack mt="md">
              <TenantCounts />
              <Group>
                <Button component={Link} to="/portal">
                  Open the managed tenants table
                </Button>
                <Button component={Link} to="/portal?gdap=missing" variant="default">
                  See tenants with GDAP Missing
                </Button>
              </Group>
            </Stack>
          </Stepper.Step>
        </Stepper>
      </Paper>
    </Stack>
  );
}

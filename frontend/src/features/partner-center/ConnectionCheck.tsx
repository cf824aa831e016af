import { Alert, Badge, Button, Group, List, SimpleGrid, Stack, Text } from '@mantine/core';
import { toApiError } from '../../api/client';
import type { CauseOut, ConnectionCheckOut } from '../../api/schemas';
import { formatRelative, plural } from '../../lib/dates';
import { useCheckConnection } from './connection';

function YesNo({ value, yes, no }: { value: boolean | null | undefined; yes: string; no: string }) {
  if (value === null || value === undefined) return <Badge color="gray" variant="light">Unknown</Badge>;
  return (
    <Badge color={value ? 'green' : 'red'} variant="light">
      {value ? yes : no}
    </Badge>
  );
}

function CheckFact({ label, children }: { label: string; children: React.ReactNode }) {
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

/** A Microsoft failure: what went wrong, the fix, the label and where it happened. */
export function CauseText({ cause }: { cause: CauseOut }) {
  return (
    <Stack gap={2}>
      <Text size="sm">{cause.summary}</Text>
      <Text size="sm">
        <Text span fw={600} size="sm">
          Fix:{' '}
        </Text>
        {cause.action}
      </Text>
      <Text size="xs" c="dimmed">
        {cause.label}
        {cause.code && ` · ${cause.code}`}
        {cause.tenant_id ? ` · customer tenant ${cause.tenant_id}` : ' · partner level'} · {formatRelative(cause.at)}
      </Text>
    </Stack>
  );
}

/** The six facts of the last connection check. */
export function CheckFacts({ check }: { check: ConnectionCheckOut }) {
  const days = check.refresh_token_days_left;
  const groups = check.gdap_groups ?? [];
  return (
    <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }} spacing="md">
      <CheckFact label="Signed-in account">
        {check.account ?? '—'}
        {check.partner_tenant_id && (
          <Text size="xs" c="dimmed">
            tenant {check.partner_tenant_id}
          </Text>
        )}
      </CheckFact>
      <CheckFact label="Multifactor authentication">
        <YesNo value={check.mfa} yes="Signed in with MFA" no="No MFA" />
      </CheckFact>
      <CheckFact label="AdminAgents">
        <YesNo value={check.admin_agent} yes="Member" no="Not a member" />
      </CheckFact>
      <CheckFact label="GDAP access through">
        {groups.length ? (
          <List size="sm" spacing={0}>
            {groups.map((group) => (
              <List.Item key={group}>{group}</List.Item>
            ))}
          </List>
        ) : (
          'No group with an active access assignment found'
        )}
      </CheckFact>
      <CheckFact label="Sign-in expires from inactivity">
        {days === null || days === undefined ? '—' : `in ${plural(days, 'day')} unless used`}
      </CheckFact>
      <CheckFact label="Last Microsoft error">{check.last_error ? <CauseText cause={check.last_error} /> : 'None'}</CheckFact>
    </SimpleGrid>
  );
}

/** The connection self-check on the Partner Center card: its last result and Check now. */
export function ConnectionCheck({ check, canCheck }: { check: ConnectionCheckOut | null | undefined; canCheck: boolean }) {
  const run = useCheckConnection();
  return (
    <Stack gap="sm" aria-label="Connection check" role="region">
      <Group justify="space-between">
        <Group gap="xs">
          <Text fw={600} size="sm">
            Connection check
          </Text>
          {check && (
            <Badge color={check.ok ? 'green' : 'red'} variant="light">
              {check.ok ? 'All good' : 'Problem found'}
            </Badge>
          )}
          {check && (
            <Text size="xs" c="dimmed">
              checked {formatRelative(check.checked_at)}
            </Text>
          )}
        </Group>
        {canCheck && (
          <Button variant="default" size="xs" loading={run.isPending} onClick={() => run.mutate()}>
            Check connection
          </Button>
        )}
      </Group>
      {run.error && (
        <Alert color="red" role="alert">
          {toApiError(run.error).detail}
        </Alert>
      )}
      {check ? (
        <>
          {check.problem && (
            <Alert color="red" title="The check found a problem">
              <CauseText cause={check.problem} />
            </Alert>
          )}
          <CheckFacts check={check} />
        </>
      ) : (
        <Text size="sm" c="dimmed">
          Not checked yet. The check asks Microsoft which account is signed in, whether it used MFA, whether it is in
          AdminAgents and which groups its GDAP access comes through.
        </Text>
      )}
    </Stack>
  );
}

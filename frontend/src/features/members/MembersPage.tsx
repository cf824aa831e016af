import { Alert, Badge, Button, Group, Modal, MultiSelect, Select, Stack, Switch, Table, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useState } from 'react';
import { toApiError } from '../../api/client';
import { roleValues } from '../../api/generated/schema';
import type { MemberOut } from '../../api/schemas';
import { ConfirmButton } from '../../components/ConfirmButton';
import { PageHeader } from '../../components/PageHeader';
import { QueryError, StatusPanel } from '../../components/StatusPanel';
import { formatDate, plural } from '../../lib/dates';
import { useCan, useSession } from '../auth/session';
import { useMembers, useRemoveMember, useTenantChoices, useUpdateMember } from './hooks';
import { InviteMember } from './InviteMember';
import { ROLE_HINTS, ROLE_LABELS } from './labels';

function GuestTenants({ member, canManage }: { member: MemberOut; canManage: boolean }) {
  const [opened, { open, close }] = useDisclosure(false);
  const tenants = useTenantChoices(opened);
  const update = useUpdateMember();
  const [chosen, setChosen] = useState<string[]>(member.tenant_ids ?? []);
  const count = member.tenant_ids?.length ?? 0;
  return (
    <>
      <Group gap={4}>
        <Text size="sm">{plural(count, 'tenant')}</Text>
        {canManage && (
          <Button size="compact-xs" variant="subtle" onClick={() => { setChosen(member.tenant_ids ?? []); open(); }} aria-label={`Choose the tenants ${member.email} sees`}>
            Choose
          </Button>
        )}
      </Group>
      <Modal opened={opened} onClose={close} title={`Tenants ${member.display_name || member.email} sees`} centered>
        <Stack>
          <MultiSelect
            label="Tenants"
            searchable
            data={(tenants.data?.items ?? []).map((t) => ({ value: t.tenant_id, label: t.display_name }))}
            value={chosen}
            onChange={setChosen}
            nothingFoundMessage={tenants.isPending ? 'Loading…' : 'No tenant matches'}
          />
          {update.error && <Alert color="red" role="alert">{toApiError(update.error).detail}</Alert>}
          <Group justify="flex-end">
            <Button
              loading={update.isPending}
              onClick={() => update.mutate({ memberId: member.id, update: { tenant_ids: chosen } }, { onSuccess: close })}
            >
              Save
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}

function MemberRow({ member, self, canManage }: { member: MemberOut; self: boolean; canManage: boolean }) {
  const update = useUpdateMember();
  const remove = useRemoveMember();
  const editable = canManage && !self;
  const error = update.error ?? remove.error;
  const name = member.display_name || member.email;
  return (
    <Table.Tr>
      <Table.Td>
        <Text size="sm" fw={600} component="div">
          {member.display_name || '—'} {self && <Badge size="xs" variant="outline">You</Badge>}
        </Text>
        <Text size="xs" c="dimmed">
          {member.email}
        </Text>
        {error && (
          <Text size="xs" c="var(--mantine-color-red-light-color)" role="alert">
            {toApiError(error).detail}
          </Text>
        )}
      </Table.Td>
      <Table.Td>
        {editable ? (
          <Select
            size="xs"
            w={160}
            aria-label={`Role of ${name}`}
            data={roleValues.map((value) => ({ value, label: ROLE_LABELS[value] }))}
            value={member.role}
            allowDeselect={false}
            disabled={update.isPending}
            onChange={(value) => {
              const role = roleValues.find((v) => v === value);
              if (role && role !== member.role) update.mutate({ memberId: member.id, update: { role } });
            }}
          />
        ) : (
          <Text size="sm" title={ROLE_HINTS[member.role]}>
            {ROLE_LABELS[member.role]}
          </Text>
        )}
      </Table.Td>
      <Table.Td>
        {member.role === 'full_member' ? (
          <Switch
            size="xs"
            aria-label={`${name} can manage tenants`}
            checked={member.can_manage_tenants}
            disabled={!editable || update.isPending}
            onChange={(event) => update.mutate({ memberId: member.id, update: { can_manage_tenants: event.currentTarget.checked } })}
          />
        ) : member.role === 'external_guest' ? (
          <GuestTenants member={member} canManage={canManage} />
        ) : (
          <Text size="sm" c="dimmed">
            {member.role === 'admin' ? 'Always' : 'Never'}
          </Text>
        )}
      </Table.Td>
      <Table.Td>
        <Switch
          size="xs"
          aria-label={`${name} may sign in`}
          checked={!member.disabled}
          disabled={!editable || update.isPending}
          onChange={(event) => update.mutate({ memberId: member.id, update: { disabled: !event.currentTarget.checked } })}
        />
      </Table.Td>
      <Table.Td>
        <Text size="sm">{formatDate(member.created_at)}</Text>
      </Table.Td>
      <Table.Td>
        {editable && (
          <ConfirmButton
            size="compact-xs"
            variant="subtle"
            color="red"
            aria-label={`Remove ${name}`}
            loading={remove.isPending}
            title={`Remove ${name}?`}
            message="They are signed out at once and can no longer sign in. The audit log keeps what they did."
            confirmLabel="Remove member"
            onConfirm={() => remove.mutate(member.id)}
          >
            Remove
          </ConfirmButton>
        )}
      </Table.Td>
    </Table.Tr>
  );
}

/** /settings/members: who is in the organization and what each role may do. */
export function MembersPage() {
  const members = useMembers();
  const me = useSession();
  const can = useCan();
  const canManage = can('members.manage');

  let body;
  if (members.isPending) body = <StatusPanel kind="loading" title="Loading members…" />;
  else if (members.isError) body = <QueryError error={members.error} title="The members could not be loaded" onRetry={() => void members.refetch()} />;
  else {
    body = (
      <Table.ScrollContainer minWidth={760}>
        <Table verticalSpacing="xs" striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Member</Table.Th>
              <Table.Th scope="col">Role</Table.Th>
              <Table.Th scope="col">Tenants</Table.Th>
              <Table.Th scope="col">May sign in</Table.Th>
              <Table.Th scope="col">Added</Table.Th>
              <Table.Th scope="col">
                <span className="visually-hidden">Actions</span>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {members.data.map((member) => (
              <MemberRow key={member.id} member={member} self={member.id === me.member_id} canManage={canManage} />
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    );
  }

  return (
    <Stack>
      <PageHeader
        title="Members and roles"
        description="Admins manage everything; Full Members work with Partner Center and tenants; External Guests see only the tenants shared with them; Billing sees neither."
        actions={canManage && <InviteMember />}
      />
      {body}
    </Stack>
  );
}

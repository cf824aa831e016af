import { Alert, Badge, Button, Group, Modal, MultiSelect, NumberInput, SegmentedControl, Stack, Switch, Table, Text, TextInput } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useState } from 'react';
import { Link } from 'react-router';
import { toApiError } from '../../api/client';
import type { GdapRequestOut, GdapRequestState, TemplateCreate, TemplateOut } from '../../api/schemas';
import { ConfirmButton } from '../../components/ConfirmButton';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/StatusPanel';
import { formatDate, formatRelative } from '../../lib/dates';
import { useCan } from '../auth/session';
import { ApprovalLink } from './ApprovalLink';
import { useDeleteTemplate, useGdapRequests, useGdapRoles, useGdapTemplates, useRefreshGdapRequest, useSaveTemplate } from './hooks';

export const STATE_LABELS: Record<GdapRequestState, string> = {
  approval_pending: 'Waiting for approval',
  active: 'Approved',
  assigning: 'Assigning roles',
  ready: 'Ready',
  expired: 'Expired',
  terminated: 'Declined or ended',
  failed: 'Failed',
};
const STATE_COLORS: Record<GdapRequestState, string> = {
  approval_pending: 'orange',
  active: 'blue',
  assigning: 'blue',
  ready: 'green',
  expired: 'gray',
  terminated: 'red',
  failed: 'red',
};
const OPEN: GdapRequestState[] = ['approval_pending', 'active', 'assigning'];
const GLOBAL_ADMINISTRATOR = '62e90394-69f5-4237-9190-012177145e10';

function RequestRow({ item, canManage }: { item: GdapRequestOut; canManage: boolean }) {
  const refresh = useRefreshGdapRequest();
  return (
    <Table.Tr>
      <Table.Td>
        {item.tenant_id ? (
          <Text component={Link} to={`/tenants/${item.tenant_id}`} size="sm" fw={600}>
            {item.customer_name}
          </Text>
        ) : (
          <Text size="sm" fw={600}>
            {item.customer_name}
          </Text>
        )}
        <Text size="xs" c="dimmed">
          {item.roles.map((r) => r.name).join(', ')}
        </Text>
      </Table.Td>
      <Table.Td>
        <Badge color={STATE_COLORS[item.state]} variant="light">
          {STATE_LABELS[item.state]}
        </Badge>
        {item.reminder === 'approval_pending_7_days' && (
          <Text size="xs" c="var(--mantine-color-orange-light-color)">
            Waiting for more than a week: remind the client&apos;s admin.
          </Text>
        )}
        {item.error && (
          <Text size="xs" c="var(--mantine-color-red-light-color)">
            {item.error.message} {item.error.action}
          </Text>
        )}
      </Table.Td>
      <Table.Td>
        <Text size="sm" title={item.created_at}>
          {formatRelative(item.created_at)}
        </Text>
        {item.state === 'approval_pending' && (
          <Text size="xs" c="dimmed">
            Link works until {formatDate(item.link_expires_at)}
          </Text>
        )}
      </Table.Td>
      <Table.Td>
        <Group gap={4} wrap="nowrap">
          {item.approval_link && item.state === 'approval_pending' && <ApprovalLink link={item.approval_link} compact />}
          {canManage && OPEN.includes(item.state) && (
            <Button size="compact-xs" variant="subtle" loading={refresh.isPending} onClick={() => refresh.mutate(item.id)}>
              Refresh
            </Button>
          )}
        </Group>
      </Table.Td>
    </Table.Tr>
  );
}

function TemplateEditor({ template, opened, onClose }: { template: TemplateOut | null; opened: boolean; onClose: () => void }) {
  const roles = useGdapRoles();
  const save = useSaveTemplate();
  const [name, setName] = useState(template?.name ?? '');
  const [roleIds, setRoleIds] = useState<string[]>(template?.roles.map((r) => r.id) ?? []);
  const [days, setDays] = useState<number>(template?.duration_days ?? 730);
  const [autoExtend, setAutoExtend] = useState(template?.auto_extend ?? false);
  const [group, setGroup] = useState(template?.group_id ?? '');
  const withGlobalAdmin = roleIds.includes(GLOBAL_ADMINISTRATOR);

  function submit() {
    const body = {
      name,
      role_ids: roleIds,
      duration_days: days,
      auto_extend: autoExtend && !withGlobalAdmin,
      group_id: group || null,
    } as TemplateCreate;
    save.mutate({ id: template?.id ?? null, body }, { onSuccess: onClose });
  }

  return (
    <Modal opened={opened} onClose={onClose} title={template ? `Edit ${template.name}` : 'New role template'} centered size="lg" closeButtonProps={{ 'aria-label': 'Close' }}>
      <Stack gap="sm">
        <TextInput label="Name" value={name} onChange={(e) => setName(e.currentTarget.value)} maxLength={100} required />
        <MultiSelect
          label="Roles"
          searchable
          data={(roles.data ?? []).map((r) => ({ value: r.id, label: r.name }))}
          value={roleIds}
          onChange={setRoleIds}
        />
        {withGlobalAdmin && (
          <Alert color="orange">Global Administrator gives full control of the client&apos;s tenant; Microsoft never auto-extends it.</Alert>
        )}
        <NumberInput label="Duration (days)" min={1} max={730} value={days} onChange={(v) => setDays(Number(v) || 1)} />
        <Switch
          label="Auto-extend by 180 days at the end"
          checked={autoExtend && !withGlobalAdmin}
          disabled={withGlobalAdmin}
          onChange={(e) => setAutoExtend(e.currentTarget.checked)}
        />
        <TextInput
          label="Security group id (partner tenant)"
          description="Leave empty: Petra creates and uses the group 'Petra GDAP access'."
          value={group}
          onChange={(e) => setGroup(e.currentTarget.value.trim())}
        />
        {save.error && <Alert color="red" role="alert">{toApiError(save.error).detail}</Alert>}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button onClick={submit} loading={save.isPending} disabled={!name || roleIds.length === 0}>
            Save
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

function Templates({ canManage }: { canManage: boolean }) {
  const templates = useGdapTemplates();
  const remove = useDeleteTemplate();
  const [editing, setEditing] = useState<TemplateOut | null>(null);
  const [opened, { open, close }] = useDisclosure(false);
  return (
    <Stack gap="xs">
      <Group justify="space-between">
        <Text fw={600}>Role templates</Text>
        {canManage && (
          <Button size="xs" onClick={() => { setEditing(null); open(); }}>
            New template
          </Button>
        )}
      </Group>
      <Table>
        <Table.Tbody>
          {(templates.data ?? []).map((t) => (
            <Table.Tr key={t.id}>
              <Table.Td>
                <Text size="sm" fw={600} component="div">
                  {t.name} {t.is_default && <Badge size="xs">default</Badge>}
                </Text>
                <Text size="xs" c="dimmed">
                  {t.roles.map((r) => r.name).join(', ')} · {t.duration_days} days{t.auto_extend ? ' · auto-extends' : ''}
                </Text>
              </Table.Td>
              <Table.Td>
                {canManage && (
                  <Group gap={4} justify="flex-end">
                    <Button size="compact-xs" variant="subtle" onClick={() => { setEditing(t); open(); }}>
                      Edit
                    </Button>
                    {!t.is_default && (
                      <ConfirmButton
                        size="compact-xs"
                        variant="subtle"
                        color="red"
                        title={`Delete ${t.name}?`}
                        message="Requests made with it keep their roles; new requests can no longer use it."
                        confirmLabel="Delete"
                        onConfirm={() => remove.mutate(t.id)}
                      >
                        Delete
                      </ConfirmButton>
                    )}
                  </Group>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {opened && <TemplateEditor key={editing?.id ?? 'new'} template={editing} opened={opened} onClose={close} />}
    </Stack>
  );
}

/** Every GDAP request with its state, link and age; and the role templates they use. */
export function GdapRequestsPage() {
  const can = useCan();
  const [state, setState] = useState<string>('all');
  const requests = useGdapRequests(state === 'all' ? {} : { state: state as GdapRequestState });
  return (
    <Stack gap="lg">
      <PageHeader title="GDAP requests" description="Relationships asked of clients, followed until their tenant is Ready." />
      <SegmentedControl
        value={state}
        onChange={setState}
        data={[{ value: 'all', label: 'All' }, ...Object.entries(STATE_LABELS).map(([value, label]) => ({ value, label }))]}
      />
      {requests.error ? (
        <QueryError error={requests.error} title="The requests could not be loaded" onRetry={() => void requests.refetch()} />
      ) : (
        <Table aria-label="GDAP requests">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Client and roles</Table.Th>
              <Table.Th>State</Table.Th>
              <Table.Th>Requested</Table.Th>
              <Table.Th>Approval link</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(requests.data?.items ?? []).map((item) => (
              <RequestRow key={item.id} item={item} canManage={can('tenants.manage')} />
            ))}
          </Table.Tbody>
        </Table>
      )}
      {requests.data?.items.length === 0 && <Text c="dimmed">No request yet: use Request on a Missing tenant.</Text>}
      <Templates canManage={can('tenants.manage')} />
    </Stack>
  );
}

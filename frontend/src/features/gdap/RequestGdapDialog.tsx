import { Alert, Button, Group, List, Modal, Select, Stack, Switch, Text } from '@mantine/core';
import { useState } from 'react';
import type { GdapRequestOut, TenantOut } from '../../api/schemas';
import { formatDate } from '../../lib/dates';
import { ApprovalLink } from './ApprovalLink';
import { useGdapTemplates, useRequestGdap } from './hooks';

interface Props {
  tenant: TenantOut;
  opened: boolean;
  onClose: () => void;
  renew?: boolean;
}

/** Request GDAP: pick a template, see the roles in words, get the link for the client's admin. */
export function RequestGdapDialog({ tenant, opened, onClose, renew = false }: Props) {
  const templates = useGdapTemplates();
  const request = useRequestGdap();
  const [templateId, setTemplateId] = useState<string | null>(null);
  const [topUp, setTopUp] = useState(false);
  const [created, setCreated] = useState<GdapRequestOut | null>(null);
  const all = templates.data ?? [];
  const chosen = all.find((t) => t.id === templateId) ?? all.find((t) => t.is_default) ?? all[0];
  const held = new Set(tenant.gdap_account_roles);
  const roles = renew
    ? tenant.gdap_ending_roles
    : (chosen?.roles ?? []).map((r) => r.name).filter((name) => !topUp || !held.has(name));

  function close() {
    setCreated(null);
    request.reset();
    onClose();
  }

  function submit() {
    request.mutate(
      { tenantId: tenant.tenant_id, templateId: chosen?.id ?? null, topUp, renew },
      { onSuccess: (answer) => setCreated(answer) },
    );
  }

  const title = renew ? `Renew GDAP for ${tenant.display_name}` : `Request GDAP from ${tenant.display_name}`;
  return (
    <Modal opened={opened} onClose={close} title={title} size="lg" centered closeButtonProps={{ 'aria-label': 'Close' }}>
      {created ? (
        <Stack gap="sm">
          <Text size="sm">
            Send this link to a Global Administrator of {created.customer_name}. It works until{' '}
            {formatDate(created.link_expires_at)}.
          </Text>
          {created.approval_link && <ApprovalLink link={created.approval_link} />}
          {created.error && (
            <Alert color="red" title="Microsoft refused the request">
              {created.error.message} {created.error.action}
            </Alert>
          )}
          <Text size="sm" c="dimmed">
            Once they approve, Petra assigns the roles to {created.group_name ?? 'its security group'}, waits until
            Microsoft has applied them and syncs the tenant: it turns Ready without anything else to do.
          </Text>
          <Group justify="flex-end">
            <Button onClick={close}>Done</Button>
          </Group>
        </Stack>
      ) : (
        <Stack gap="sm">
          {!renew && (
            <Select
              label="Role template"
              data={all.map((t) => ({ value: t.id, label: t.is_default ? `${t.name} (default)` : t.name }))}
              value={chosen?.id ?? null}
              onChange={setTemplateId}
              allowDeselect={false}
              disabled={templates.isPending}
            />
          )}
          {!renew && tenant.gdap_account_roles.length > 0 && (
            <Switch
              label="Only the roles this tenant is missing (top-up)"
              checked={topUp}
              onChange={(event) => setTopUp(event.currentTarget.checked)}
            />
          )}
          <div>
            <Text size="sm" fw={600}>
              What the client&apos;s admin will see
            </Text>
            <Text size="sm">
              A request from your partner organization for {chosen?.duration_days ?? 730} days
              {chosen?.auto_extend && !renew ? ', extended automatically every 180 days' : ''}, with these roles:
            </Text>
            <List size="sm" data-testid="requested-roles">
              {roles.map((role) => (
                <List.Item key={role}>{role}</List.Item>
              ))}
            </List>
            {roles.length === 0 && (
              <Text size="sm" c="dimmed">
                The connected account holds every role of this template here already.
              </Text>
            )}
          </div>
          {request.error && (
            <Alert color="red" title="The request was not made">
              {request.error.message}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button onClick={submit} loading={request.isPending} disabled={roles.length === 0 || !chosen}>
              {renew ? 'Renew' : 'Request'}
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}

import { Button, Group, Text, Tooltip } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import type { TenantOut } from '../../api/schemas';
import { useCan } from '../auth/session';
import { daysUntil, formatRelative } from '../../lib/dates';
import { ApprovalLink } from './ApprovalLink';
import { usePendingByTenant } from './hooks';
import { RequestGdapDialog } from './RequestGdapDialog';

const RENEW_WITHIN_DAYS = 30;

/** Request on a Missing tenant; a pending request's age and link instead once one is open. */
export function RequestGdapButton({ tenant }: { tenant: TenantOut }) {
  const [opened, { open, close }] = useDisclosure(false);
  const pending = usePendingByTenant().get(tenant.tenant_id);
  const can = useCan();
  // The dialog stays mounted in the same place once the request exists: it keeps showing the
  // link while the row switches to the pending request.
  return (
    <>
      {opened && <RequestGdapDialog tenant={tenant} opened={opened} onClose={close} />}
      {pending ? (
        <Group gap={4} wrap="nowrap">
          <Tooltip label="Waiting for the client's admin to approve" withArrow>
            <Text size="xs" c="dimmed">
              Pending {formatRelative(pending.created_at)}
            </Text>
          </Tooltip>
          {pending.approval_link && <ApprovalLink link={pending.approval_link} compact />}
        </Group>
      ) : (
        can('tenants.manage') && (
          <Button size="compact-xs" variant="light" onClick={open} aria-label={`Request GDAP from ${tenant.display_name}`}>
            Request
          </Button>
        )
      )}
    </>
  );
}

/** One-click renew for relationships whose roles end within 30 days (and do not auto-extend). */
export function RenewGdapButton({ tenant }: { tenant: TenantOut }) {
  const [opened, { open, close }] = useDisclosure(false);
  const can = useCan();
  const days = daysUntil(tenant.gdap_earliest_end_at);
  if (!can('tenants.manage') || days === null || days > RENEW_WITHIN_DAYS || tenant.gdap_auto_extend) return null;
  if (tenant.gdap_ending_roles.length === 0) return null;
  return (
    <>
      <Button size="compact-xs" variant="light" color="orange" onClick={open} aria-label={`Renew GDAP for ${tenant.display_name}`}>
        Renew
      </Button>
      {opened && <RequestGdapDialog tenant={tenant} opened={opened} onClose={close} renew />}
    </>
  );
}

import { Button, Menu, Modal, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconChevronDown, IconPlugConnected, IconPlus, IconUserPlus } from '@tabler/icons-react';
import { useNavigate } from 'react-router';
import { useCan } from '../auth/session';

/** Add Tenant in the navbar: through Partner Center, or one tenant at a time. */
export function AddTenantMenu() {
  const navigate = useNavigate();
  const can = useCan();
  const [opened, { open, close }] = useDisclosure(false);
  return (
    <>
      <Menu position="bottom-end" width={260} shadow="md">
        <Menu.Target>
          <Button size="xs" leftSection={<IconPlus size={14} aria-hidden />} rightSection={<IconChevronDown size={14} aria-hidden />}>
            Add Tenant
          </Button>
        </Menu.Target>
        <Menu.Dropdown>
          {can('partner_center.read') && (
            <Menu.Item leftSection={<IconPlugConnected size={14} />} onClick={() => navigate('/portal')}>
              Continue with Partner Center
            </Menu.Item>
          )}
          <Menu.Item leftSection={<IconUserPlus size={14} />} onClick={open}>
            Add tenants individually
          </Menu.Item>
        </Menu.Dropdown>
      </Menu>
      <Modal opened={opened} onClose={close} title="Add tenants individually" centered>
        <Text size="sm">
          Adding a tenant on its own uses a direct Microsoft sign-in in which the client&apos;s Global Admin
          consents to the Petra app. This is coming soon; until then, connect Partner Center to add every
          tenant with an active GDAP relationship at once.
        </Text>
      </Modal>
    </>
  );
}

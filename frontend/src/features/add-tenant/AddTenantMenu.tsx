import { Alert, Button, Group, Menu, Modal, NativeSelect, Stack, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconChevronDown, IconExternalLink, IconPlugConnected, IconPlus, IconUserPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { toApiError } from '../../api/client';
import type { ProductName } from '../../api/schemas';
import { useCan } from '../auth/session';
import { PRODUCT_TITLES } from '../tenants/onboardingLabels';
import { useProducts } from '../tenants/onboarding';
import { useAddIndividually } from './individual';

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
          {can('tenants.add_individually') && (
            <Menu.Item leftSection={<IconUserPlus size={14} />} onClick={open}>
              Add tenants individually
            </Menu.Item>
          )}
        </Menu.Dropdown>
      </Menu>
      <Modal opened={opened} onClose={close} title="Add tenants individually" centered closeButtonProps={{ 'aria-label': 'Close' }}>
        {opened && <AddIndividually />}
      </Modal>
    </>
  );
}

/** Product, then Microsoft's admin consent page, where the client's Global Administrator accepts. */
export function AddIndividually() {
  const products = useProducts();
  const add = useAddIndividually();
  const [product, setProduct] = useState<ProductName>('active');
  const options = (products.data?.products ?? [{ name: 'active' as const, title: PRODUCT_TITLES.active }]).map((item) => ({
    value: item.name,
    label: item.title,
  }));
  const chosen = products.data?.products.find((item) => item.name === product);
  const reads = chosen?.permissions.filter((permission) => permission.type === 'application') ?? [];
  return (
    <Stack gap="sm">
      <Text size="sm">
        For a client without a GDAP relationship: its Global Administrator signs in at Microsoft and consents to the Petra app
        for the whole tenant. The tenant is then added here and checked until it shows Monitoring.
      </Text>
      <NativeSelect
        label="Product"
        data={options}
        value={product}
        onChange={(event) => setProduct(event.currentTarget.value as ProductName)}
        description={chosen?.summary}
        disabled={add.isPending}
      />
      {reads.length > 0 && (
        <Text size="xs" c="dimmed">
          The administrator is asked for: {reads.map((permission) => permission.name).join(', ')}.
        </Text>
      )}
      {add.error && (
        <Alert color="red" role="alert">
          {toApiError(add.error).detail}
        </Alert>
      )}
      <Group justify="flex-end">
        <Button rightSection={<IconExternalLink size={14} aria-hidden />} loading={add.isPending} onClick={() => add.mutate(product)}>
          Continue to Microsoft
        </Button>
      </Group>
    </Stack>
  );
}

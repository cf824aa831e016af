import { Alert, Button, Group, Paper, Stack, Text } from '@mantine/core';
import { IconShieldSearch } from '@tabler/icons-react';
import { Link } from 'react-router';
import { toApiError } from '../../api/client';
import type { ScanStarted } from '../../api/schemas';
import { plural } from '../../lib/dates';
import { useCan, useSession } from '../auth/session';
import { useScanAvailability, useScanEligible, useStartScan } from './hooks';

/**
 * The portal's Scan entry point: Scan and Onboard & Scan over every eligible tenant minus the
 * excluded, each button saying how many. Hidden while the organization's feature is off; an
 * admin sees that it is available on request.
 */
export function ScanControls({ onStarted }: { onStarted: (started: ScanStarted) => void }) {
  const can = useCan();
  const me = useSession();
  const availability = useScanAvailability();
  const enabled = availability.data?.scan === true;
  const canScan = can('tenants.manage');
  const eligible = useScanEligible(enabled && canScan);
  const start = useStartScan();
  if (!availability.data) return null;
  if (!enabled) {
    if (me.role !== 'admin') return null;
    return (
      <Text size="sm" c="dimmed">
        {availability.data.note}
      </Text>
    );
  }
  const counts = eligible.data;
  const both = counts ? counts.scan + counts.onboard : 0;
  return (
    <Paper withBorder p="xs" radius="md" role="region" aria-label="Petra Scan">
      <Stack gap={4}>
        <Group gap="xs" justify="space-between" wrap="wrap">
          <Group gap={6}>
            <IconShieldSearch size={18} aria-hidden />
            <Text size="sm" fw={600}>
              Petra Scan
            </Text>
            <Text size="sm" c="dimmed">
              Read-only security checks of every eligible tenant; excluded tenants are left out.
            </Text>
          </Group>
          <Group gap="xs">
            {canScan && (
              <>
                <Button
                  size="xs"
                  variant="default"
                  disabled={!counts || counts.scan === 0}
                  loading={start.isPending && start.variables?.onboard === false}
                  onClick={() => start.mutate({ onboard: false }, { onSuccess: onStarted })}
                >
                  Scan {counts ? plural(counts.scan, 'tenant') : 'tenants'}
                </Button>
                <Button
                  size="xs"
                  disabled={!counts || both === 0}
                  loading={start.isPending && start.variables?.onboard === true}
                  onClick={() => start.mutate({ onboard: true }, { onSuccess: onStarted })}
                >
                  Onboard &amp; Scan {counts ? plural(both, 'tenant') : 'tenants'}
                </Button>
              </>
            )}
            <Button size="xs" variant="subtle" component={Link} to="/scans">
              Scan results
            </Button>
          </Group>
        </Group>
        {start.error && (
          <Alert color="red" role="alert" withCloseButton onClose={() => start.reset()} closeButtonLabel="Dismiss">
            {toApiError(start.error).detail}
          </Alert>
        )}
      </Stack>
    </Paper>
  );
}

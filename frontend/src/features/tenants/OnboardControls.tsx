import { Anchor, Button, Group, Loader, NativeSelect, Progress, Stack, Text, Tooltip } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { toApiError } from '../../api/client';
import { keys } from '../../api/keys';
import type { OnboardingOut, OperationOut, ProductName, RecordOut, TenantOut } from '../../api/schemas';
import { ConfirmButton } from '../../components/ConfirmButton';
import { useCan } from '../auth/session';
import { isActive, useOperation, useOperationStream } from '../operations/hooks';
import {
  type Lane,
  useFixEmail,
  useLiveOperation,
  useOffboard,
  useOnboard,
  useProducts,
  useSetPaused,
  useTenantOnboarding,
} from './onboarding';
import {
  CONFIRMATIONS,
  PRODUCT_TITLES,
  STEP_STATE_LABELS,
  stepCount,
  stepLabel,
} from './onboardingLabels';

type Tenant = Pick<TenantOut, 'tenant_id' | 'display_name' | 'status' | 'actions' | 'email_permissions'>;

function ErrorText({ error }: { error: unknown }) {
  if (!error) return null;
  return (
    <Text size="xs" c="var(--mantine-color-red-light-color)" role="alert">
      {toApiError(error).detail}
    </Text>
  );
}

/** The seed's "select the product from the dropdown, then click Onboard". */
export function OnboardPicker({ tenant, size = 'xs' }: { tenant: Tenant; size?: 'xs' | 'sm' }) {
  // Access lost and back: onboarding again is the Reconsent the row offers.
  const verb = tenant.actions.includes('reconsent') ? 'Reconsent' : 'Onboard';
  const products = useProducts();
  const onboard = useOnboard(tenant.tenant_id);
  const [product, setProduct] = useState<ProductName>('active');
  const options = (products.data?.products ?? [{ name: 'active' as const, title: PRODUCT_TITLES.active }]).map((item) => ({
    value: item.name,
    label: item.title,
  }));
  const chosen = products.data?.products.find((item) => item.name === product);
  return (
    <Stack gap={2}>
      <Group gap={4} wrap="nowrap">
        <NativeSelect
          size={size}
          data={options}
          value={product}
          onChange={(event) => setProduct(event.currentTarget.value as ProductName)}
          aria-label={`Product for ${tenant.display_name}`}
          title={chosen?.summary}
          disabled={onboard.isPending}
        />
        <Button
          size={size === 'xs' ? 'compact-xs' : 'sm'}
          loading={onboard.isPending}
          onClick={() => onboard.mutate(product)}
          aria-label={`${verb} ${tenant.display_name} to ${chosen?.title ?? PRODUCT_TITLES[product]}`}
        >
          {verb}
        </Button>
      </Group>
      <ErrorText error={onboard.error} />
    </Stack>
  );
}

/** Pause / Resume / Offboard, each after a confirmation that says what happens. */
export function StatusActions({ tenant, size = 'xs' }: { tenant: Tenant; size?: 'xs' | 'sm' }) {
  const can = useCan();
  const paused = useSetPaused(tenant.tenant_id);
  const offboard = useOffboard(tenant.tenant_id);
  if (!can('tenants.manage') || (tenant.status !== 'monitoring' && tenant.status !== 'paused')) return null;
  const buttonSize = size === 'xs' ? 'compact-xs' : 'sm';
  const name = tenant.display_name;
  return (
    <Stack gap={2}>
      <Group gap={4} wrap="nowrap">
        {tenant.status === 'monitoring' ? (
          <ConfirmButton
            size={buttonSize}
            variant="default"
            loading={paused.isPending}
            title={CONFIRMATIONS.pause.title(name)}
            message={CONFIRMATIONS.pause.message}
            confirmLabel={CONFIRMATIONS.pause.confirm}
            confirmColor="yellow"
            onConfirm={() => paused.mutate(true)}
            aria-label={`Pause ${name}`}
          >
            Pause
          </ConfirmButton>
        ) : (
          <ConfirmButton
            size={buttonSize}
            variant="light"
            loading={paused.isPending}
            title={CONFIRMATIONS.resume.title(name)}
            message={CONFIRMATIONS.resume.message}
            confirmLabel={CONFIRMATIONS.resume.confirm}
            confirmColor="blue"
            onConfirm={() => paused.mutate(false)}
            aria-label={`Resume ${name}`}
          >
            Resume
          </ConfirmButton>
        )}
        <ConfirmButton
          size={buttonSize}
          variant="default"
          color="red"
          loading={offboard.isPending}
          title={CONFIRMATIONS.offboard.title(name)}
          message={CONFIRMATIONS.offboard.message}
          confirmLabel={CONFIRMATIONS.offboard.confirm}
          onConfirm={() => offboard.mutate()}
          aria-label={`Offboard ${name}`}
        >
          Offboard
        </ConfirmButton>
      </Group>
      <ErrorText error={paused.error ?? offboard.error} />
    </Stack>
  );
}

/**
 * Follows an operation a person started for a tenant: its state from the event stream, and the
 * tenant's onboarding record (with its steps) read again while it runs.
 */
export function useFollowedOperation(tenantId: string, operationId: string | null) {
  const client = useQueryClient();
  const { data: operation } = useOperation(operationId);
  useOperationStream(operationId, operation?.state);
  const running = operation ? isActive(operation.state) : false;
  const view = useTenantOnboarding(tenantId, { enabled: operationId !== null, poll: running });
  // Every progress event may mean a step moved on.
  const progress = operation ? `${operation.state}:${operation.step ?? ''}:${JSON.stringify(operation.progress)}` : '';
  useEffect(() => {
    if (operationId && progress) void client.invalidateQueries({ queryKey: keys.tenantOnboarding(tenantId) });
  }, [client, operationId, tenantId, progress]);
  const record = view.data?.history.find((item) => item.operation_id === operationId) ?? null;
  return { operation, running, record, view: view.data };
}

/** Steps done of a record, and the step it is on. */
export function stepProgress(record: RecordOut | null): { done: number; current: RecordOut['steps'][number] | null } {
  const steps = record?.steps ?? [];
  const done = steps.filter((step) => step.state === 'done').length;
  const current = [...steps].reverse().find((step) => step.state !== 'done' && step.state !== 'pending') ?? steps.at(-1) ?? null;
  return { done, current };
}

/** One progress bar for assistive technology: steps done of the onboarding's `total`, or running when `done` is null. */
export function StepsBar({
  label,
  done,
  summary,
  size,
  total,
}: {
  label: string;
  done: number | null;
  summary: string;
  size: 'sm' | 'md';
  total: number;
}) {
  const value = done === null ? 100 : (done / total) * 100;
  return (
    <Progress.Root
      size={size}
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={total}
      aria-valuenow={done ?? undefined}
      aria-valuetext={summary}
    >
      <Progress.Section value={value} striped animated aria-hidden />
    </Progress.Root>
  );
}

const OPERATION_VERBS: Record<OperationOut['kind'], string> = {
  onboard: 'Onboarding',
  offboard: 'Offboarding',
  email_permissions: 'Email Perms',
  sync: 'Sync',
  gdap_follow: 'Following GDAP requests',
  scan: 'Scanning',
  monitor: 'Checking access',
};

/** The row's view of an onboarding or offboarding while it runs, and what went wrong if it failed. */
function LiveOperationRow({ tenant, operation, record }: { tenant: Tenant; operation: OperationOut; record: RecordOut | null }) {
  const running = isActive(operation.state);
  const verb = OPERATION_VERBS[operation.kind];
  const product = record?.product ? ` to ${PRODUCT_TITLES[record.product]}` : '';
  if (running) {
    const { done, current } = stepProgress(record);
    const onboarding = operation.kind === 'onboard';
    const total = stepCount(record?.steps);
    const summary = onboarding ? `${verb}${product}: ${done} of ${total} steps done` : `${verb}…`;
    return (
      <Stack gap={2} w="100%">
        <Text size="xs" fw={600}>
          {summary}
        </Text>
        <StepsBar label={`${verb} ${tenant.display_name}`} done={onboarding ? done : null} summary={summary} size="sm" total={total} />
        {current && (
          <Text size="xs" c="dimmed" aria-live="polite">
            {stepLabel(current.name)}: {STEP_STATE_LABELS[current.state]}
          </Text>
        )}
      </Stack>
    );
  }
  if (operation.state === 'succeeded') {
    const settled = operation.kind === 'onboard' ? tenant.status === 'monitoring' : tenant.status === 'previously_deleted';
    return settled ? null : (
      <Group gap={4} wrap="nowrap">
        <Loader size="xs" aria-hidden />
        <Text size="xs">{verb} done; refreshing…</Text>
      </Group>
    );
  }
  const failed = [...(record?.steps ?? [])].reverse().find((step) => step.state === 'failed');
  return (
    <Text size="xs" c="var(--mantine-color-red-light-color)">
      {verb} {operation.state === 'cancelled' ? 'cancelled' : 'failed'}
      {failed ? ` at ${stepLabel(failed.name)}` : ''}: {record?.message ?? failed?.message ?? operation.error_message ?? 'see the tenant page.'}{' '}
      <Anchor component={Link} to={`/tenants/${tenant.tenant_id}`} size="xs">
        Steps
      </Anchor>
    </Text>
  );
}

function useLane(tenant: Tenant, lane: Lane) {
  const operationId = useLiveOperation(tenant.tenant_id, lane);
  return { operationId, ...useFollowedOperation(tenant.tenant_id, operationId) };
}

/** The table's onboarding actions for one tenant: picker and Onboard, live progress, Pause / Resume / Offboard. */
export function RowOnboarding({ tenant }: { tenant: Tenant }) {
  const { operation, record, running } = useLane(tenant, 'onboarding');
  const live = operation ? <LiveOperationRow tenant={tenant} operation={operation} record={record} /> : null;
  if (running) return live;
  return (
    <Stack gap={4}>
      {live}
      {(tenant.actions.includes('onboard') || tenant.actions.includes('reconsent')) && <OnboardPicker tenant={tenant} />}
      <StatusActions tenant={tenant} />
    </Stack>
  );
}

const FIX_HINT = 'Email Perms lack something Petra needs. Fix grants exactly what is missing.';

/** Fix on Email Perms: starts the fix and shows it running, then what is still missing, if anything. */
export function FixEmail({ tenant, note, size = 'xs' }: { tenant: Tenant; note?: string | null; size?: 'xs' | 'sm' }) {
  const fix = useFixEmail(tenant.tenant_id);
  const { operation, running, view } = useLane(tenant, 'email');
  if (running || fix.isPending) {
    return (
      <Group gap={4} wrap="nowrap">
        <Loader size="xs" aria-hidden />
        <Text size="xs" aria-live="polite">
          {operation?.kind === 'email_permissions' ? 'Fixing…' : 'Starting…'}
        </Text>
      </Group>
    );
  }
  const missing = note ?? (view as OnboardingOut | undefined)?.email_permissions_note ?? null;
  return (
    <Stack gap={2}>
      <Tooltip label={missing ?? FIX_HINT} withArrow multiline w={260}>
        <Button
          size={size === 'xs' ? 'compact-xs' : 'xs'}
          color="orange"
          variant="light"
          onClick={() => fix.mutate()}
          aria-label={`Fix Email Perms of ${tenant.display_name}`}
        >
          Fix
        </Button>
      </Tooltip>
      {operation && !running && operation.state !== 'succeeded' && (
        <Text size="xs" c="var(--mantine-color-red-light-color)">
          The fix failed: {operation.error_message ?? 'see the tenant page.'}
        </Text>
      )}
      {operation?.state === 'succeeded' && missing && (
        <Text size="xs" c="dimmed">
          {missing}
        </Text>
      )}
      <ErrorText error={fix.error} />
    </Stack>
  );
}

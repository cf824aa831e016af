import { Alert, Button, Group, Paper, Stack, Text } from '@mantine/core';
import { useLocalStorage } from '@mantine/hooks';
import { getCoreRowModel, useReactTable, type RowSelectionState, type VisibilityState } from '@tanstack/react-table';
import { useCallback, useMemo, useState, type ReactNode } from 'react';
import { useSearchParams } from 'react-router';
import { toApiError } from '../../api/client';
import type { SortField, TenantOut } from '../../api/schemas';
import { QueryError, StatusPanel } from '../../components/StatusPanel';
import { plural } from '../../lib/dates';
import { useExportTenants, useSetExcluded, useTenants } from './hooks';
import { ColumnChooser, Filters, isDefault, PresetMenu, SearchBox, TableActions } from './TableToolbar';
import { DEFAULT_HIDDEN, tenantColumns, TenantsTable } from './TenantsTable';
import { presetSearch, readState, toQuery, writeState, type TableState } from './tableState';

interface TenantsPanelProps {
  canManage: boolean;
  canSync: boolean;
  canReauthenticate: boolean;
  syncing: boolean;
  reauthenticating: boolean;
  onSync: () => void;
  onReauthenticate: () => void;
  /** What to show when there are no tenants at all (depends on the connection). */
  emptyState: ReactNode;
}

export function TenantsPanel(props: TenantsPanelProps) {
  const [params, setParams] = useSearchParams();
  const state = useMemo(() => readState(params), [params]);
  const query = useMemo(() => toQuery(state), [state]);
  const tenants = useTenants(query);
  const exclude = useSetExcluded();
  const exporter = useExportTenants();
  const [selection, setSelection] = useState<RowSelectionState>({});
  const [visibility, setVisibility] = useLocalStorage<VisibilityState>({
    key: 'petra.tenants.columns',
    defaultValue: DEFAULT_HIDDEN,
    getInitialValueInEffect: false,
  });
  const [excluding, setExcluding] = useState<ReadonlySet<string>>(new Set());

  const update = useCallback(
    (next: Partial<TableState>) => {
      setParams((current) => writeState({ ...readState(current), ...next }, current), { replace: true });
    },
    [setParams],
  );

  const setExcluded = useCallback(
    (tenantIds: string[], value: boolean) => {
      setExcluding((current) => new Set([...current, ...tenantIds]));
      exclude.mutate(
        { tenantIds, excluded: value },
        {
          onSettled: () =>
            setExcluding((current) => new Set([...current].filter((id) => !tenantIds.includes(id)))),
        },
      );
    },
    [exclude],
  );

  const columns = useMemo(
    () =>
      tenantColumns({
        canManage: props.canManage,
        excluding,
        onExclude: (tenant: TenantOut, value: boolean) => setExcluded([tenant.tenant_id], value),
      }),
    [props.canManage, excluding, setExcluded],
  );
  const rows = useMemo(() => tenants.data?.pages.flatMap((page) => page.items) ?? [], [tenants.data]);
  const total = tenants.data?.pages[0]?.total ?? 0;
  // eslint-disable-next-line react-hooks/incompatible-library -- only used to list columns for the chooser
  const chooser = useReactTable({
    data: [] as TenantOut[],
    columns,
    getCoreRowModel: getCoreRowModel(),
    state: { columnVisibility: visibility },
    onColumnVisibilityChange: (updater) => setVisibility(typeof updater === 'function' ? updater(visibility) : updater),
  });

  const selected = Object.keys(selection).filter((id) => selection[id]);
  const { fetchNextPage, hasNextPage, isFetchingNextPage } = tenants;
  const loadMore = useCallback(() => {
    if (!isFetchingNextPage) void fetchNextPage();
  }, [fetchNextPage, isFetchingNextPage]);
  const filtered = !isDefault(state);

  let body: ReactNode;
  if (tenants.isPending) {
    body = <StatusPanel kind="loading" title="Loading tenants…" />;
  } else if (tenants.isError && rows.length === 0) {
    body = <QueryError error={tenants.error} title="The tenants could not be loaded" onRetry={() => void tenants.refetch()} />;
  } else if (rows.length === 0 && !filtered) {
    body = props.emptyState;
  } else if (rows.length === 0) {
    body = (
      <StatusPanel
        kind="empty"
        title="No tenants match these filters"
        action={
          <Button variant="default" onClick={() => setParams(new URLSearchParams(), { replace: true })}>
            Clear filters
          </Button>
        }
      >
        Change the search or the filters to see more tenants.
      </StatusPanel>
    );
  } else {
    body = (
      <TenantsTable
        tenants={rows}
        columns={columns}
        sort={state.sort}
        descending={state.descending}
        onSort={(sort: SortField, descending: boolean) => update({ sort, descending })}
        visibility={visibility}
        selection={selection}
        onSelectionChange={setSelection}
        stale={tenants.isPlaceholderData}
        hasMore={hasNextPage}
        loadMore={loadMore}
      />
    );
  }

  const mutationError = exclude.error ?? exporter.error;
  return (
    <Stack gap="xs">
      <Group justify="space-between" gap="xs" wrap="wrap" align="flex-end">
        <Group gap={6} wrap="wrap" role="search" aria-label="Filter tenants">
          <SearchBox state={state} onChange={update} />
          <Filters state={state} onChange={update} />
          <PresetMenu
            current={presetSearch(params)}
            onApply={(search) => setParams(new URLSearchParams(search), { replace: false })}
          />
          <ColumnChooser columns={chooser.getAllLeafColumns()} />
        </Group>
        <TableActions
          canSync={props.canSync}
          syncing={props.syncing}
          canReauthenticate={props.canReauthenticate}
          reauthenticating={props.reauthenticating}
          exporting={exporter.isPending}
          onSync={props.onSync}
          onReauthenticate={props.onReauthenticate}
          onExport={() => exporter.mutate(query)}
        />
      </Group>
      <Group justify="space-between" gap="xs" mih={28}>
        <Text size="sm" c="dimmed" aria-live="polite">
          {tenants.data
            ? `Showing ${rows.length.toLocaleString()} of ${plural(total, 'tenant')}${filtered ? ' matching the filters' : ''}`
            : ''}
          {isFetchingNextPage && ' · loading more…'}
        </Text>
        {filtered && (
          <Button size="compact-xs" variant="subtle" onClick={() => setParams(new URLSearchParams(), { replace: true })}>
            Clear filters
          </Button>
        )}
      </Group>
      {selected.length > 0 && (
        <Paper withBorder p={6} radius="sm" role="toolbar" aria-label="Bulk actions">
          <Group gap="xs">
            <Text size="sm" fw={600}>
              {plural(selected.length, 'tenant')} selected
            </Text>
            <Button size="compact-xs" variant="default" onClick={() => setExcluded(selected, true)} loading={exclude.isPending}>
              Exclude from batch work
            </Button>
            <Button size="compact-xs" variant="default" onClick={() => setExcluded(selected, false)} loading={exclude.isPending}>
              Include in batch work
            </Button>
            <Button size="compact-xs" variant="subtle" onClick={() => setSelection({})}>
              Clear selection
            </Button>
          </Group>
        </Paper>
      )}
      {mutationError && (
        <Alert color="red" role="alert" withCloseButton onClose={() => { exclude.reset(); exporter.reset(); }}>
          {toApiError(mutationError).detail}
        </Alert>
      )}
      {tenants.isError && rows.length > 0 && (
        <Alert color="red">Refreshing the tenants failed: {toApiError(tenants.error).detail}</Alert>
      )}
      {body}
    </Stack>
  );
}

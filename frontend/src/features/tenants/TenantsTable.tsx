import { Box, Checkbox, Table, Text, UnstyledButton } from '@mantine/core';
import { IconArrowDown, IconArrowUp, IconArrowsSort } from '@tabler/icons-react';
import {
  flexRender,
  getCoreRowModel,
  useReactTable,
  type ColumnDef,
  type RowSelectionState,
  type VisibilityState,
} from '@tanstack/react-table';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useMemo, useRef } from 'react';
import type { SortField, TenantOut } from '../../api/schemas';
import {
  ActionsCell,
  EmailCell,
  ExcludeCell,
  GdapCell,
  GdapEndCell,
  LastSyncCell,
  StatusCell,
  TenantCell,
  UsersCell,
} from './cells';
import { SORT_LABELS } from './labels';
import classes from './TenantsTable.module.css';

export interface TenantColumnMeta {
  sort?: SortField;
  width: number;
  label: string;
}

export interface TableCallbacks {
  canManage: boolean;
  excluding: ReadonlySet<string>;
  onExclude: (tenant: TenantOut, excluded: boolean) => void;
}

export function tenantColumns({ canManage, excluding, onExclude }: TableCallbacks): ColumnDef<TenantOut>[] {
  const column = (
    id: string,
    label: string,
    width: number,
    cell: (tenant: TenantOut) => React.ReactNode,
    sort?: SortField,
  ): ColumnDef<TenantOut> => ({
    id,
    header: label,
    cell: ({ row }) => cell(row.original),
    meta: { sort, width, label } satisfies TenantColumnMeta,
    enableHiding: id !== 'tenant',
  });
  const columns: ColumnDef<TenantOut>[] = [
    column('tenant', 'Tenant', 250, (t) => <TenantCell tenant={t} />, 'name'),
    column('gdap', 'GDAP Permissions', 290, (t) => <GdapCell tenant={t} />, 'gdap'),
    column('gdap_end', SORT_LABELS.gdap_end, 110, (t) => <GdapEndCell tenant={t} />, 'gdap_end'),
    column('users', 'Users', 80, (t) => <UsersCell tenant={t} />, 'users'),
    column('status', 'Petra Status', 140, (t) => <StatusCell tenant={t} />, 'status'),
    column('email', 'Email Perms', 100, (t) => <EmailCell tenant={t} />, 'email'),
    column(
      'excluded',
      'Exclude',
      80,
      (t) => <ExcludeCell tenant={t} pending={excluding.has(t.tenant_id)} onChange={(value) => onExclude(t, value)} />,
      'excluded',
    ),
    column('last_synced', 'Last sync', 160, (t) => <LastSyncCell tenant={t} />, 'last_synced'),
    column('tenant_id', 'Tenant ID', 300, (t) => <Text size="xs" ff="monospace">{t.tenant_id}</Text>, 'tenant_id'),
    column('actions', 'Actions', 260, (t) => <ActionsCell tenant={t} />),
  ];
  if (!canManage) return columns;
  return [
    {
      id: 'select',
      header: ({ table }) => (
        <Checkbox
          size="xs"
          aria-label="Select all loaded tenants"
          checked={table.getIsAllRowsSelected()}
          indeterminate={table.getIsSomeRowsSelected()}
          onChange={table.getToggleAllRowsSelectedHandler()}
        />
      ),
      cell: ({ row }) => (
        <Checkbox
          size="xs"
          aria-label={`Select ${row.original.display_name}`}
          checked={row.getIsSelected()}
          onChange={row.getToggleSelectedHandler()}
        />
      ),
      meta: { width: 40, label: 'Select' } satisfies TenantColumnMeta,
      enableHiding: false,
    },
    ...columns,
  ];
}

export const DEFAULT_HIDDEN: VisibilityState = { tenant_id: false };

interface TenantsTableProps {
  tenants: TenantOut[];
  columns: ColumnDef<TenantOut>[];
  sort: SortField;
  descending: boolean;
  onSort: (sort: SortField, descending: boolean) => void;
  visibility: VisibilityState;
  selection: RowSelectionState;
  onSelectionChange: (selection: RowSelectionState) => void;
  stale: boolean;
  hasMore: boolean;
  loadMore: () => void;
}

const ESTIMATED_ROW_HEIGHT = 64;

/** The managed tenants table: sorted by the API, rows rendered only while they are on screen. */
export function TenantsTable(props: TenantsTableProps) {
  const { tenants, columns, sort, descending, onSort, visibility, selection, onSelectionChange } = props;
  const scrollRef = useRef<HTMLDivElement>(null);

  // eslint-disable-next-line react-hooks/incompatible-library -- the table instance is read during render only
  const table = useReactTable({
    data: tenants,
    columns,
    getRowId: (tenant) => tenant.tenant_id,
    getCoreRowModel: getCoreRowModel(),
    manualSorting: true,
    enableRowSelection: true,
    state: { columnVisibility: visibility, rowSelection: selection },
    onRowSelectionChange: (updater) => onSelectionChange(typeof updater === 'function' ? updater(selection) : updater),
  });
  const rows = table.getRowModel().rows;

  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ESTIMATED_ROW_HEIGHT,
    overscan: 8,
  });
  const items = virtualizer.getVirtualItems();
  const last = items.at(-1)?.index ?? -1;
  const { hasMore, loadMore } = props;
  useEffect(() => {
    if (hasMore && last >= rows.length - 20) loadMore();
  }, [hasMore, last, loadMore, rows.length]);

  const width = useMemo(
    () =>
      table
        .getVisibleLeafColumns()
        .reduce((sum, col) => sum + ((col.columnDef.meta as TenantColumnMeta | undefined)?.width ?? 100), 0),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- recomputed when the visible columns change
    [visibility, columns],
  );
  const paddingTop = items[0]?.start ?? 0;
  const paddingBottom = items.length > 0 ? virtualizer.getTotalSize() - (items.at(-1)?.end ?? 0) : 0;
  const colSpan = table.getVisibleLeafColumns().length;

  return (
    <Box
      ref={scrollRef}
      className={classes.scroller}
      data-stale={props.stale || undefined}
      tabIndex={0}
      role="region"
      aria-label="Managed tenants"
    >
      <Table
        className={classes.table}
        stickyHeader
        highlightOnHover
        verticalSpacing={6}
        horizontalSpacing="xs"
        style={{ minWidth: width }}
        aria-rowcount={rows.length + 1}
      >
        <colgroup>
          {table.getVisibleLeafColumns().map((col) => (
            <col key={col.id} style={{ width: (col.columnDef.meta as TenantColumnMeta | undefined)?.width }} />
          ))}
        </colgroup>
        <Table.Thead>
          {table.getHeaderGroups().map((group) => (
            <Table.Tr key={group.id}>
              {group.headers.map((header) => {
                const meta = header.column.columnDef.meta as TenantColumnMeta | undefined;
                const sorted = meta?.sort === sort;
                const ariaSort = sorted ? (descending ? 'descending' : 'ascending') : meta?.sort ? 'none' : undefined;
                return (
                  <Table.Th key={header.id} aria-sort={ariaSort} scope="col">
                    {meta?.sort ? (
                      <UnstyledButton
                        className={classes.sort}
                        onClick={() => onSort(meta.sort as SortField, sorted ? !descending : false)}
                      >
                        {flexRender(header.column.columnDef.header, header.getContext())}
                        {sorted ? (
                          descending ? (
                            <IconArrowDown size={12} aria-hidden />
                          ) : (
                            <IconArrowUp size={12} aria-hidden />
                          )
                        ) : (
                          <IconArrowsSort size={12} aria-hidden opacity={0.4} />
                        )}
                      </UnstyledButton>
                    ) : (
                      flexRender(header.column.columnDef.header, header.getContext())
                    )}
                  </Table.Th>
                );
              })}
            </Table.Tr>
          ))}
        </Table.Thead>
        <Table.Tbody>
          {paddingTop > 0 && (
            <tr aria-hidden>
              <td colSpan={colSpan} style={{ height: paddingTop, padding: 0, border: 0 }} />
            </tr>
          )}
          {items.map((item) => {
            const row = rows[item.index];
            if (!row) return null;
            return (
              <Table.Tr
                key={row.id}
                data-index={item.index}
                ref={virtualizer.measureElement}
                aria-rowindex={item.index + 2}
                data-tenant-id={row.original.tenant_id}
                className={row.original.active ? undefined : classes.inactive}
                bg={row.getIsSelected() ? 'var(--mantine-primary-color-light)' : undefined}
              >
                {row.getVisibleCells().map((cell) => (
                  <Table.Td key={cell.id}>{flexRender(cell.column.columnDef.cell, cell.getContext())}</Table.Td>
                ))}
              </Table.Tr>
            );
          })}
          {paddingBottom > 0 && (
            <tr aria-hidden>
              <td colSpan={colSpan} style={{ height: paddingBottom, padding: 0, border: 0 }} />
            </tr>
          )}
        </Table.Tbody>
      </Table>
    </Box>
  );
}

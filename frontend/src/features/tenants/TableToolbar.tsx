import { ActionIcon, Button, Checkbox, Group, Menu, Select, TextInput } from '@mantine/core';
import { useDebouncedCallback } from '@mantine/hooks';
import {
  IconBookmark,
  IconColumns,
  IconDotsVertical,
  IconDownload,
  IconKey,
  IconRefresh,
  IconSearch,
  IconTrash,
} from '@tabler/icons-react';
import type { Column } from '@tanstack/react-table';
import { useState } from 'react';
import { emailPermissionsValues, gdapStateValues, petraStatusValues } from '../../api/generated/schema';
import type { TenantOut } from '../../api/schemas';
import { EMAIL_PERMISSION_LABELS, GDAP_LABELS, PETRA_STATUS_LABELS } from './labels';
import type { TenantColumnMeta } from './TenantsTable';
import {
  BUILT_IN_PRESETS,
  DEFAULT_STATE,
  loadSavedPresets,
  storeSavedPresets,
  type Preset,
  type TableState,
} from './tableState';

interface FiltersProps {
  state: TableState;
  onChange: (next: Partial<TableState>) => void;
}

const ANY = '';

function yesNo(value: boolean | null): string {
  return value === null ? ANY : value ? 'yes' : 'no';
}

function fromYesNo(value: string | null): boolean | null {
  return value === 'yes' ? true : value === 'no' ? false : null;
}

export function SearchBox({ state, onChange }: FiltersProps) {
  const [text, setText] = useState(state.q);
  const [seen, setSeen] = useState(state.q);
  // A preset or Clear filters changes the URL; the box follows it.
  if (state.q !== seen) {
    setSeen(state.q);
    setText(state.q);
  }
  const push = useDebouncedCallback((value: string) => onChange({ q: value }), 300);
  return (
    <TextInput
      size="xs"
      w={260}
      leftSection={<IconSearch size={14} aria-hidden />}
      placeholder="Name, domain or tenant ID"
      aria-label="Search tenants by name, domain or tenant ID"
      value={text}
      onChange={(event) => {
        setText(event.currentTarget.value);
        push(event.currentTarget.value);
      }}
    />
  );
}

export function Filters({ state, onChange }: FiltersProps) {
  const common = { size: 'xs' as const, w: 170, allowDeselect: false, comboboxProps: { withinPortal: true } };
  return (
    <>
      <Select
        {...common}
        aria-label="GDAP Permissions"
        data={[{ value: ANY, label: 'GDAP: any' }, ...gdapStateValues.map((v) => ({ value: v, label: `GDAP: ${GDAP_LABELS[v]}` }))]}
        value={state.gdap ?? ANY}
        onChange={(value) => onChange({ gdap: gdapStateValues.find((v) => v === value) ?? null })}
      />
      <Select
        {...common}
        aria-label="Relationship"
        data={[
          { value: ANY, label: 'Access: any' },
          { value: 'yes', label: 'Access: active' },
          { value: 'no', label: 'Access: none any more' },
        ]}
        value={yesNo(state.active)}
        onChange={(value) => onChange({ active: fromYesNo(value) })}
      />
      <Select
        {...common}
        aria-label="Petra Status"
        data={[{ value: ANY, label: 'Status: any' }, ...petraStatusValues.map((v) => ({ value: v, label: `Status: ${PETRA_STATUS_LABELS[v]}` }))]}
        value={state.status ?? ANY}
        onChange={(value) => onChange({ status: petraStatusValues.find((v) => v === value) ?? null })}
      />
      <Select
        {...common}
        aria-label="Email Perms"
        data={[
          { value: ANY, label: 'Email: any' },
          ...emailPermissionsValues.map((v) => ({ value: v, label: `Email: ${v === 'needs_fix' ? 'needs fix' : EMAIL_PERMISSION_LABELS[v]}` })),
        ]}
        value={state.email ?? ANY}
        onChange={(value) => onChange({ email: emailPermissionsValues.find((v) => v === value) ?? null })}
      />
      <Select
        {...common}
        aria-label="GDAP ending"
        data={[
          { value: ANY, label: 'Ending: any time' },
          ...[7, 30, 60, 90].map((days) => ({ value: String(days), label: `Ending within ${days} days` })),
        ]}
        value={state.expiring === null ? ANY : String(state.expiring)}
        onChange={(value) => onChange({ expiring: value ? Number(value) : null })}
      />
      <Select
        {...common}
        aria-label="Last sync"
        data={[
          { value: ANY, label: 'Last sync: any' },
          { value: 'yes', label: 'Last sync failed' },
          { value: 'no', label: 'Last sync succeeded' },
        ]}
        value={yesNo(state.failed)}
        onChange={(value) => onChange({ failed: fromYesNo(value) })}
      />
      <Select
        {...common}
        aria-label="Exclude"
        data={[
          { value: ANY, label: 'Excluded: any' },
          { value: 'yes', label: 'Excluded only' },
          { value: 'no', label: 'Not excluded' },
        ]}
        value={yesNo(state.excluded)}
        onChange={(value) => onChange({ excluded: fromYesNo(value) })}
      />
    </>
  );
}

interface PresetMenuProps {
  current: string;
  onApply: (search: string) => void;
}

/** Named views; each is a URL query string, the saved ones kept in this browser. */
export function PresetMenu({ current, onApply }: PresetMenuProps) {
  const [saved, setSaved] = useState<Preset[]>(() => loadSavedPresets());
  const [name, setName] = useState('');

  function save() {
    const trimmed = name.trim();
    if (!trimmed) return;
    const next = [...saved.filter((preset) => preset.name !== trimmed), { name: trimmed, search: current }];
    setSaved(next);
    storeSavedPresets(next);
    setName('');
  }

  function remove(preset: Preset) {
    const next = saved.filter((item) => item !== preset);
    setSaved(next);
    storeSavedPresets(next);
  }

  return (
    <Menu shadow="md" width={280} position="bottom-start" closeOnItemClick>
      <Menu.Target>
        <Button size="xs" variant="default" leftSection={<IconBookmark size={14} aria-hidden />}>
          Views
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>Views</Menu.Label>
        {BUILT_IN_PRESETS.map((preset) => (
          <Menu.Item
            key={preset.name}
            onClick={() => onApply(preset.search)}
            fw={preset.search === current ? 700 : undefined}
          >
            {preset.name}
          </Menu.Item>
        ))}
        {saved.length > 0 && <Menu.Label>Saved</Menu.Label>}
        {saved.map((preset) => (
          <Menu.Item
            key={preset.name}
            onClick={() => onApply(preset.search)}
            fw={preset.search === current ? 700 : undefined}
            rightSection={
              <ActionIcon
                size="xs"
                variant="subtle"
                color="red"
                component="span"
                aria-label={`Delete view ${preset.name}`}
                onClick={(event) => {
                  event.stopPropagation();
                  remove(preset);
                }}
              >
                <IconTrash size={12} />
              </ActionIcon>
            }
          >
            {preset.name}
          </Menu.Item>
        ))}
        <Menu.Divider />
        <Group gap={4} p={6} wrap="nowrap">
          <TextInput
            size="xs"
            placeholder="Name this view"
            aria-label="Name for the current view"
            value={name}
            onChange={(event) => setName(event.currentTarget.value)}
            onKeyDown={(event) => {
              event.stopPropagation();
              if (event.key === 'Enter') save();
            }}
          />
          <Button size="xs" onClick={save} disabled={!name.trim()}>
            Save
          </Button>
        </Group>
      </Menu.Dropdown>
    </Menu>
  );
}

export function ColumnChooser({ columns }: { columns: Column<TenantOut>[] }) {
  return (
    <Menu shadow="md" width={220} closeOnItemClick={false} position="bottom-end">
      <Menu.Target>
        <Button size="xs" variant="default" leftSection={<IconColumns size={14} aria-hidden />}>
          Columns
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>Show columns</Menu.Label>
        {columns
          .filter((column) => column.getCanHide())
          .map((column) => (
            <Menu.Item key={column.id} onClick={() => column.toggleVisibility()}>
              <Checkbox
                size="xs"
                readOnly
                tabIndex={-1}
                checked={column.getIsVisible()}
                label={(column.columnDef.meta as TenantColumnMeta | undefined)?.label ?? column.id}
              />
            </Menu.Item>
          ))}
      </Menu.Dropdown>
    </Menu>
  );
}

interface TableActionsProps {
  canSync: boolean;
  syncing: boolean;
  canReauthenticate: boolean;
  reauthenticating: boolean;
  exporting: boolean;
  onSync: () => void;
  onReauthenticate: () => void;
  onExport: () => void;
}

/** Sync Tenants in sight, and the overflow menu the seed describes at the top of the table. */
export function TableActions(props: TableActionsProps) {
  return (
    <Group gap={6} wrap="nowrap">
      {props.canSync && (
        <Button
          size="xs"
          leftSection={<IconRefresh size={14} aria-hidden />}
          loading={props.syncing}
          onClick={props.onSync}
        >
          Sync Tenants
        </Button>
      )}
      <Menu shadow="md" width={260} position="bottom-end">
        <Menu.Target>
          <ActionIcon variant="default" size="md" aria-label="More table actions">
            <IconDotsVertical size={16} />
          </ActionIcon>
        </Menu.Target>
        <Menu.Dropdown>
          {props.canSync && (
            <Menu.Item leftSection={<IconRefresh size={14} />} disabled={props.syncing} onClick={props.onSync}>
              Sync Tenants
            </Menu.Item>
          )}
          {props.canReauthenticate && (
            <Menu.Item
              leftSection={<IconKey size={14} />}
              disabled={props.reauthenticating}
              onClick={props.onReauthenticate}
            >
              Reauthenticate Partner Center
            </Menu.Item>
          )}
          <Menu.Item leftSection={<IconDownload size={14} />} disabled={props.exporting} onClick={props.onExport}>
            Export CSV
          </Menu.Item>
        </Menu.Dropdown>
      </Menu>
    </Group>
  );
}

export function isDefault(state: TableState): boolean {
  return (Object.keys(DEFAULT_STATE) as (keyof TableState)[]).every(
    (key) => key === 'sort' || key === 'descending' || state[key] === DEFAULT_STATE[key],
  );
}

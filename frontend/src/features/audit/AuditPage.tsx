import { Alert, Button, Group, Select, Stack, TextInput } from '@mantine/core';
import { useDebouncedCallback } from '@mantine/hooks';
import { IconDownload } from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import { toApiError } from '../../api/client';
import { outcomeValues } from '../../api/generated/schema';
import { PageHeader } from '../../components/PageHeader';
import { QueryError, StatusPanel } from '../../components/StatusPanel';
import { useMembers } from '../members/hooks';
import { useCan } from '../auth/session';
import { AuditTable } from './AuditTable';
import { useAuditEvents, useExportAudit, type AuditFilters } from './hooks';

const TARGET_TYPES = [
  { value: 'member', label: 'Member' },
  { value: 'api_key', label: 'API key' },
  { value: 'partner_connection', label: 'Partner Center connection' },
  { value: 'operation', label: 'Operation' },
  { value: 'tenant', label: 'Tenant' },
];

const FILTER_KEYS = ['action', 'outcome', 'actor_id', 'target_type', 'target_id', 'since', 'until'] as const;

/** Dates in the URL are days (yyyy-mm-dd); the API takes instants. */
function toFilters(params: URLSearchParams): AuditFilters {
  const filters: AuditFilters = {};
  const action = params.get('action');
  if (action) filters.action = action.slice(0, 80);
  const outcome = outcomeValues.find((v) => v === params.get('outcome'));
  if (outcome) filters.outcome = outcome;
  const actor = params.get('actor_id');
  if (actor) filters.actor_id = actor;
  const targetType = params.get('target_type');
  if (targetType) filters.target_type = targetType.slice(0, 40);
  const targetId = params.get('target_id');
  if (targetId) filters.target_id = targetId.slice(0, 80);
  const since = params.get('since');
  if (since && !Number.isNaN(Date.parse(since))) filters.since = new Date(`${since}T00:00:00`).toISOString();
  const until = params.get('until');
  if (until && !Number.isNaN(Date.parse(until))) filters.until = new Date(`${until}T23:59:59.999`).toISOString();
  return filters;
}

function DebouncedText({ label, value, onChange }: { label: string; value: string; onChange: (value: string) => void }) {
  const [text, setText] = useState(value);
  const push = useDebouncedCallback(onChange, 300);
  return (
    <TextInput
      size="xs"
      w={180}
      label={label}
      value={text}
      onChange={(event) => {
        setText(event.currentTarget.value);
        push(event.currentTarget.value);
      }}
    />
  );
}

/** /settings/audit: every action taken in the organization, filterable, exportable as CSV. */
export function AuditPage() {
  const [params, setParams] = useSearchParams();
  const filters = useMemo(() => toFilters(params), [params]);
  const events = useAuditEvents(filters);
  const exporter = useExportAudit();
  const can = useCan();
  const members = useMembers(can('members.read'));
  const rows = events.data?.pages.flatMap((page) => page.items) ?? [];

  const set = (key: (typeof FILTER_KEYS)[number], value: string | null) =>
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        if (value) next.set(key, value);
        else next.delete(key);
        return next;
      },
      { replace: true },
    );
  const filtered = FILTER_KEYS.some((key) => params.has(key));

  let body;
  if (events.isPending) body = <StatusPanel kind="loading" title="Loading the audit log…" />;
  else if (events.isError) body = <QueryError error={events.error} title="The audit log could not be loaded" onRetry={() => void events.refetch()} />;
  else if (rows.length === 0) {
    body = <StatusPanel kind="empty" title={filtered ? 'No events match these filters' : 'No events yet'} />;
  } else body = <AuditTable events={rows} />;

  return (
    <Stack>
      <PageHeader
        title="Audit log"
        description="Who did what, and when, newest first."
        actions={
          <Button
            variant="default"
            leftSection={<IconDownload size={16} aria-hidden />}
            loading={exporter.isPending}
            onClick={() => exporter.mutate(filters)}
          >
            Export CSV
          </Button>
        }
      />
      <Group gap="xs" align="flex-end" wrap="wrap" role="search" aria-label="Filter the audit log">
        <DebouncedText label="Action" value={params.get('action') ?? ''} onChange={(value) => set('action', value)} />
        <Select
          size="xs"
          w={140}
          label="Outcome"
          data={[{ value: '', label: 'Any' }, { value: 'success', label: 'Success' }, { value: 'failure', label: 'Failure' }]}
          value={params.get('outcome') ?? ''}
          allowDeselect={false}
          onChange={(value) => set('outcome', value)}
        />
        {members.data && (
          <Select
            size="xs"
            w={200}
            label="Member"
            searchable
            data={[{ value: '', label: 'Anyone' }, ...members.data.map((m) => ({ value: m.id, label: m.display_name || m.email }))]}
            value={params.get('actor_id') ?? ''}
            allowDeselect={false}
            onChange={(value) => set('actor_id', value)}
          />
        )}
        <Select
          size="xs"
          w={200}
          label="Target"
          data={[{ value: '', label: 'Anything' }, ...TARGET_TYPES]}
          value={params.get('target_type') ?? ''}
          allowDeselect={false}
          onChange={(value) => set('target_type', value)}
        />
        <DebouncedText label="Target ID" value={params.get('target_id') ?? ''} onChange={(value) => set('target_id', value)} />
        <TextInput size="xs" type="date" label="From" value={params.get('since') ?? ''} onChange={(event) => set('since', event.currentTarget.value)} />
        <TextInput size="xs" type="date" label="To" value={params.get('until') ?? ''} onChange={(event) => set('until', event.currentTarget.value)} />
        {filtered && (
          <Button size="xs" variant="subtle" onClick={() => setParams(new URLSearchParams(), { replace: true })}>
            Clear filters
          </Button>
        )}
      </Group>
      {exporter.error && <Alert color="red" role="alert">{toApiError(exporter.error).detail}</Alert>}
      {body}
      {events.hasNextPage && (
        <Button variant="default" onClick={() => void events.fetchNextPage()} loading={events.isFetchingNextPage}>
          Show older events
        </Button>
      )}
    </Stack>
  );
}

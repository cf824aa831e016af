import { Alert, Badge, Button, Code, CopyButton, Group, Modal, Radio, Stack, Table, Text, TextInput } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconKey } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { toApiError } from '../../api/client';
import { apiKeyScopeValues } from '../../api/generated/schema';
import type { ApiKeyCreated, ApiKeyOut, ApiKeyScope } from '../../api/schemas';
import { ConfirmButton } from '../../components/ConfirmButton';
import { PageHeader } from '../../components/PageHeader';
import { QueryError, StatusPanel } from '../../components/StatusPanel';
import { formatDateTime, formatRelative } from '../../lib/dates';
import { useCan } from '../auth/session';
import { SCOPE_LABELS } from '../members/labels';
import { useApiKeys, useCreateApiKey, useRevokeApiKey } from './hooks';

const SCOPE_HINTS: Record<ApiKeyScope, string> = {
  read: 'Reads tenants, operations, Partner Center status and the audit log.',
  read_write: 'Also starts syncs, excludes tenants and manages operations. Never members or keys.',
};

function CreateKey() {
  const [opened, { open, close }] = useDisclosure(false);
  const create = useCreateApiKey();
  const [name, setName] = useState('');
  const [scope, setScope] = useState<ApiKeyScope>('read');
  const [created, setCreated] = useState<ApiKeyCreated | null>(null);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    create.mutate(
      { name: name.trim(), scope },
      {
        onSuccess: (key) => {
          setCreated(key);
          setName('');
          close();
        },
      },
    );
  }

  return (
    <>
      <Button leftSection={<IconKey size={16} aria-hidden />} onClick={open}>
        Create API key
      </Button>
      <Modal opened={opened} onClose={() => { create.reset(); close(); }} title="Create an API key" centered>
        <form onSubmit={submit}>
          <Stack>
            <TextInput label="Name" description="Say what will use it, e.g. the RMM integration." required maxLength={100} value={name} onChange={(e) => setName(e.currentTarget.value)} />
            <Radio.Group label="Scope" value={scope} onChange={(value) => setScope(apiKeyScopeValues.find((v) => v === value) ?? 'read')}>
              <Stack gap="xs" mt={4}>
                {apiKeyScopeValues.map((value) => (
                  <Radio key={value} value={value} label={SCOPE_LABELS[value]} description={SCOPE_HINTS[value]} />
                ))}
              </Stack>
            </Radio.Group>
            {create.error && <Alert color="red" role="alert">{toApiError(create.error).detail}</Alert>}
            <Group justify="flex-end">
              <Button type="submit" loading={create.isPending} disabled={!name.trim()}>
                Create
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
      <Modal opened={created !== null} onClose={() => setCreated(null)} title="Copy the key now" centered>
        {created && (
          <Stack>
            <Alert color="yellow">This is the only time the key is shown. Store it in your secrets manager.</Alert>
            <Code block>{created.key}</Code>
            <Group justify="space-between">
              <CopyButton value={created.key}>
                {({ copied, copy }) => (
                  <Button variant="default" onClick={copy}>
                    {copied ? 'Copied' : 'Copy key'}
                  </Button>
                )}
              </CopyButton>
              <Button onClick={() => setCreated(null)}>Done</Button>
            </Group>
          </Stack>
        )}
      </Modal>
    </>
  );
}

function KeyRow({ apiKey, canManage }: { apiKey: ApiKeyOut; canManage: boolean }) {
  const revoke = useRevokeApiKey();
  const revoked = apiKey.revoked_at !== null;
  return (
    <Table.Tr>
      <Table.Td>
        <Text size="sm" fw={600}>
          {apiKey.name}
        </Text>
        <Text size="xs" c="dimmed" ff="monospace">
          {apiKey.prefix}…
        </Text>
        {revoke.error && <Text size="xs" c="var(--mantine-color-red-light-color)" role="alert">{toApiError(revoke.error).detail}</Text>}
      </Table.Td>
      <Table.Td>{SCOPE_LABELS[apiKey.scope]}</Table.Td>
      <Table.Td>
        <Text size="sm">{formatDateTime(apiKey.created_at)}</Text>
      </Table.Td>
      <Table.Td>
        <Text size="sm">{apiKey.last_used_at ? formatRelative(apiKey.last_used_at) : 'Never'}</Text>
      </Table.Td>
      <Table.Td>
        {revoked ? (
          <Badge color="gray" variant="light">
            Revoked {formatRelative(apiKey.revoked_at)}
          </Badge>
        ) : (
          <Badge color="green" variant="light">
            Active
          </Badge>
        )}
      </Table.Td>
      <Table.Td>
        {canManage && !revoked && (
          <ConfirmButton
            size="compact-xs"
            variant="subtle"
            color="red"
            aria-label={`Revoke ${apiKey.name}`}
            loading={revoke.isPending}
            title={`Revoke ${apiKey.name}?`}
            message="Anything using this key is refused from now on. This cannot be undone."
            confirmLabel="Revoke key"
            onConfirm={() => revoke.mutate(apiKey.id)}
          >
            Revoke
          </ConfirmButton>
        )}
      </Table.Td>
    </Table.Tr>
  );
}

/** /settings/api-keys: keys for integrations, with a read or read-and-write scope. */
export function ApiKeysPage() {
  const apiKeys = useApiKeys();
  const can = useCan();
  const canManage = can('api_keys.manage');
  let body;
  if (apiKeys.isPending) body = <StatusPanel kind="loading" title="Loading API keys…" />;
  else if (apiKeys.isError) body = <QueryError error={apiKeys.error} title="The API keys could not be loaded" onRetry={() => void apiKeys.refetch()} />;
  else if (apiKeys.data.length === 0) {
    body = (
      <StatusPanel kind="empty" title="No API keys yet">
        An API key lets a script or integration call Petra Portal without a person signing in.
      </StatusPanel>
    );
  } else {
    body = (
      <Table.ScrollContainer minWidth={720}>
        <Table verticalSpacing="xs" striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Key</Table.Th>
              <Table.Th scope="col">Scope</Table.Th>
              <Table.Th scope="col">Created</Table.Th>
              <Table.Th scope="col">Last used</Table.Th>
              <Table.Th scope="col">State</Table.Th>
              <Table.Th scope="col">
                <span className="visually-hidden">Actions</span>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {apiKeys.data.map((apiKey) => (
              <KeyRow key={apiKey.id} apiKey={apiKey} canManage={canManage} />
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    );
  }
  return (
    <Stack>
      <PageHeader
        title="API keys"
        description="Send a key as a Bearer token. Its secret is shown once, when it is created."
        actions={canManage && <CreateKey />}
      />
      {body}
    </Stack>
  );
}

import { ActionIcon, CopyButton, Group, Text, Tooltip } from '@mantine/core';
import { IconCheck, IconCopy } from '@tabler/icons-react';

/** A shortened id that copies the whole id. */
export function CopyId({ id, label = 'tenant id', size = 'xs' }: { id: string; label?: string; size?: 'xs' | 'sm' }) {
  return (
    <Group gap={2} wrap="nowrap">
      <Text size={size} c="dimmed" ff="monospace" title={id}>
        {id.slice(0, 8)}…
      </Text>
      <CopyButton value={id} timeout={1500}>
        {({ copied, copy }) => (
          <Tooltip label={copied ? 'Copied' : `Copy ${label}`} withArrow>
            <ActionIcon
              variant="subtle"
              color={copied ? 'teal' : 'gray'}
              size="xs"
              onClick={copy}
              aria-label={`Copy ${label} ${id}`}
            >
              {copied ? <IconCheck size={12} /> : <IconCopy size={12} />}
            </ActionIcon>
          </Tooltip>
        )}
      </CopyButton>
    </Group>
  );
}

import { ActionIcon, Code, CopyButton, Group, Tooltip } from '@mantine/core';
import { IconCheck, IconCopy } from '@tabler/icons-react';

/** The admin center link the client's Global Administrator opens, with a copy button. */
export function ApprovalLink({ link, compact = false }: { link: string; compact?: boolean }) {
  return (
    <Group gap={4} wrap="nowrap">
      {!compact && (
        <Code block style={{ wordBreak: 'break-all', flex: 1 }} data-testid="approval-link">
          {link}
        </Code>
      )}
      <CopyButton value={link} timeout={1500}>
        {({ copied, copy }) => (
          <Tooltip label={copied ? 'Copied' : 'Copy the approval link'} withArrow>
            <ActionIcon
              variant="light"
              color={copied ? 'teal' : 'blue'}
              size={compact ? 'xs' : 'md'}
              onClick={copy}
              aria-label="Copy the approval link"
            >
              {copied ? <IconCheck size={14} /> : <IconCopy size={14} />}
            </ActionIcon>
          </Tooltip>
        )}
      </CopyButton>
    </Group>
  );
}

import { Button, Loader, Paper, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { toApiError } from '../api/client';

interface StatusPanelProps {
  kind: 'loading' | 'empty' | 'error';
  title: string;
  children?: ReactNode;
  action?: ReactNode;
}

/** The one look for "nothing to show yet": loading, empty and error states. */
export function StatusPanel({ kind, title, children, action }: StatusPanelProps) {
  return (
    <Paper
      withBorder
      p="xl"
      radius="md"
      role={kind === 'error' ? 'alert' : 'status'}
      aria-busy={kind === 'loading'}
      style={{ borderStyle: kind === 'error' ? 'solid' : 'dashed' }}
    >
      <Stack align="center" gap="xs" ta="center">
        {kind === 'loading' && <Loader size="sm" aria-hidden />}
        <Title order={2} size="h4" c={kind === 'error' ? 'var(--mantine-color-red-light-color)' : undefined}>
          {title}
        </Title>
        {children && (
          <Text c="dimmed" maw="52ch" component="div">
            {children}
          </Text>
        )}
        {action}
      </Stack>
    </Paper>
  );
}

/** An error state for a failed query: the API's own sentence and a way to try again. */
export function QueryError({ error, title, onRetry }: { error: unknown; title: string; onRetry?: () => void }) {
  const problem = toApiError(error);
  return (
    <StatusPanel
      kind="error"
      title={title}
      action={
        onRetry && (
          <Button variant="default" onClick={onRetry}>
            Try again
          </Button>
        )
      }
    >
      {problem.detail}
      {problem.correlationId && (
        <Text size="xs" mt={4}>
          Reference: {problem.correlationId}
        </Text>
      )}
    </StatusPanel>
  );
}

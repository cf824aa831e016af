import { Alert, Anchor } from '@mantine/core';
import { Link } from 'react-router';
import type { IndividualOutcome } from './individual';

/** How the client's admin consent ended, shown once on the return to the portal. */
export function IndividualOutcomeNotice({ outcome, onDismiss }: { outcome: IndividualOutcome | null; onDismiss: () => void }) {
  if (!outcome) return null;
  if (outcome.kind === 'error') {
    return (
      <Alert color="red" role="alert" title="No tenant was added" withCloseButton onClose={onDismiss} closeButtonLabel="Dismiss">
        {outcome.message}
      </Alert>
    );
  }
  const color = outcome.kind === 'already_present' ? 'blue' : 'green';
  const title = outcome.kind === 'already_present' ? 'Already in your tenants' : 'Tenant added individually';
  return (
    <Alert color={color} role="status" title={title} withCloseButton onClose={onDismiss} closeButtonLabel="Dismiss">
      {outcome.message}{' '}
      {outcome.tenantId && (
        <Anchor component={Link} to={`/tenants/${outcome.tenantId}`} size="sm" c="inherit" fw={600} underline="always">
          View the tenant
        </Anchor>
      )}
    </Alert>
  );
}

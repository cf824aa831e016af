import type { ReactNode } from 'react';
import type { Action } from '../api/schemas';
import { StatusPanel } from '../components/StatusPanel';
import { useCan } from '../features/auth/session';

/** A page the person's role does not include says so, instead of failing with 403s. */
export function RequirePermission({ action, children }: { action: Action; children: ReactNode }) {
  const can = useCan();
  if (!can(action)) {
    return (
      <StatusPanel kind="empty" title="This page is not part of your role">
        Ask an admin of your organization if you need it.
      </StatusPanel>
    );
  }
  return children;
}

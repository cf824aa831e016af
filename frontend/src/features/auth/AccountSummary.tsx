import { useState } from 'react';
import { ApiError } from '../../api/client';
import type { Me, Role } from '../../api/types';

const ROLE_LABELS: Record<Role, string> = {
  admin: 'Admin',
  full_member: 'Full member',
  external_guest: 'External guest',
  billing: 'Billing',
};

export function roleLabel(me: Pick<Me, 'actor_type' | 'role'>): string {
  if (me.role) return ROLE_LABELS[me.role];
  return me.actor_type === 'api_key' ? 'API key' : 'No role';
}

interface AccountSummaryProps {
  me: Me;
  onSignOut: () => Promise<void>;
}

export function AccountSummary({ me, onSignOut }: AccountSummaryProps) {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function handleSignOut() {
    setPending(true);
    setError(null);
    try {
      await onSignOut();
    } catch (caught) {
      setError(caught instanceof ApiError ? caught.detail : 'Could not sign out. Please try again.');
      setPending(false);
    }
  }

  return (
    <section className="card account" aria-labelledby="account-title">
      <div>
        <p className="eyebrow">Organization</p>
        <h1 id="account-title">{me.organization.name}</h1>
      </div>
      <dl className="account__facts">
        <div>
          <dt>Signed in as</dt>
          <dd>{me.email ?? me.display_name ?? '—'}</dd>
        </div>
        <div>
          <dt>Role</dt>
          <dd>{roleLabel(me)}</dd>
        </div>
      </dl>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <button type="button" className="button" onClick={handleSignOut} disabled={pending}>
        {pending ? 'Signing out…' : 'Sign out'}
      </button>
    </section>
  );
}

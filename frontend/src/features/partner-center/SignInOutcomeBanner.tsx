import type { SignInOutcome } from './signInOutcome';

interface SignInOutcomeBannerProps {
  outcome: SignInOutcome;
  onDismiss: () => void;
}

export function SignInOutcomeBanner({ outcome, onDismiss }: SignInOutcomeBannerProps) {
  const success = outcome.kind === 'connected';
  return (
    <div
      className={`banner ${success ? 'banner--success' : 'banner--error'}`}
      role={success ? 'status' : 'alert'}
    >
      <div>
        <strong>
          {success ? 'Partner Center connected.' : 'Partner Center was not connected.'}
        </strong>{' '}
        {success
          ? 'Sync Tenants from the menu to load your GDAP-managed tenants.'
          : outcome.message}
      </div>
      <button
        type="button"
        className="button button--ghost"
        onClick={onDismiss}
        aria-label="Dismiss"
      >
        ×
      </button>
    </div>
  );
}

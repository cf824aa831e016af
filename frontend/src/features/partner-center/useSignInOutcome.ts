import { useUrlOutcome } from '../../lib/useUrlOutcome';
import { readSignInOutcome, type SignInOutcome } from './signInOutcome';

const OUTCOME_PARAMS = ['partner_center', 'partner_center_error'] as const;

/** The outcome the API appended after Microsoft's redirect, removed from the URL so a reload does not replay it. */
export function useSignInOutcome(): { outcome: SignInOutcome | null; dismiss: () => void } {
  return useUrlOutcome(readSignInOutcome, OUTCOME_PARAMS);
}

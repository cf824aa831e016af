import { useCallback, useEffect, useState } from 'react';
import { useSearchParams } from 'react-router';
import { readSignInOutcome, type SignInOutcome } from './signInOutcome';

const OUTCOME_PARAMS = ['partner_center', 'partner_center_error'];

/** The outcome the API appended after Microsoft's redirect, removed from the URL so a reload does not replay it. */
export function useSignInOutcome(): { outcome: SignInOutcome | null; dismiss: () => void } {
  const [params, setParams] = useSearchParams();
  const [outcome, setOutcome] = useState<SignInOutcome | null>(() => readSignInOutcome(params.toString()));
  const present = OUTCOME_PARAMS.some((name) => params.has(name));

  useEffect(() => {
    if (!present) return;
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        for (const name of OUTCOME_PARAMS) next.delete(name);
        return next;
      },
      { replace: true },
    );
  }, [present, setParams]);

  const dismiss = useCallback(() => setOutcome(null), []);
  return { outcome, dismiss };
}

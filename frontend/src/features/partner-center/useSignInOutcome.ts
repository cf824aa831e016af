import { useCallback, useEffect, useState } from 'react';
import { readSignInOutcome, withoutSignInOutcome, type SignInOutcome } from './signInOutcome';

export function useSignInOutcome(): { outcome: SignInOutcome | null; dismiss: () => void } {
  const [outcome, setOutcome] = useState<SignInOutcome | null>(() =>
    readSignInOutcome(window.location.search),
  );

  useEffect(() => {
    if (readSignInOutcome(window.location.search) === null) return;
    const cleaned = withoutSignInOutcome(window.location.href);
    window.history.replaceState(window.history.state, '', cleaned);
  }, []);

  const dismiss = useCallback(() => setOutcome(null), []);
  return { outcome, dismiss };
}

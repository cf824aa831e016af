import { useCallback, useEffect, useState } from 'react';
import { useSearchParams } from 'react-router';

/**
 * An outcome the API appended to the portal's URL after a redirect through Microsoft: read once,
 * then removed from the URL (`names`) so that a reload does not replay it.
 */
export function useUrlOutcome<T>(
  read: (query: string) => T | null,
  names: readonly string[],
): { outcome: T | null; dismiss: () => void } {
  const [params, setParams] = useSearchParams();
  const [outcome, setOutcome] = useState<T | null>(() => read(params.toString()));
  const present = names.some((name) => params.has(name));

  useEffect(() => {
    if (!present) return;
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        for (const name of names) next.delete(name);
        return next;
      },
      { replace: true },
    );
  }, [names, present, setParams]);

  const dismiss = useCallback(() => setOutcome(null), []);
  return { outcome, dismiss };
}

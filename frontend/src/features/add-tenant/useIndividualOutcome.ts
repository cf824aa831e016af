import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useState } from 'react';
import { useSearchParams } from 'react-router';
import { keys } from '../../api/keys';
import { OUTCOME_PARAMS, readIndividualOutcome, type IndividualOutcome } from './individual';

/** The admin consent's outcome, removed from the URL so a reload does not replay it. */
export function useIndividualOutcome(): { outcome: IndividualOutcome | null; dismiss: () => void } {
  const [params, setParams] = useSearchParams();
  const [outcome, setOutcome] = useState<IndividualOutcome | null>(() => readIndividualOutcome(params.toString()));
  const present = params.has('individual') || params.has('individual_error');
  const client = useQueryClient();

  // The tenant's row follows the checks the callback started, as if Onboard had been clicked here.
  useEffect(() => {
    if (outcome && outcome.kind !== 'error' && outcome.tenantId && outcome.operationId) {
      client.setQueryData(keys.liveOperation(outcome.tenantId, 'onboarding'), outcome.operationId);
    }
  }, [client, outcome]);

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

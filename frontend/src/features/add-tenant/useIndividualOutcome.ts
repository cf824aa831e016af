import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { keys } from '../../api/keys';
import { useUrlOutcome } from '../../lib/useUrlOutcome';
import { OUTCOME_PARAMS, readIndividualOutcome, type IndividualOutcome } from './individual';

/** The admin consent's outcome, removed from the URL so a reload does not replay it. */
export function useIndividualOutcome(): { outcome: IndividualOutcome | null; dismiss: () => void } {
  const { outcome, dismiss } = useUrlOutcome(readIndividualOutcome, OUTCOME_PARAMS);
  const client = useQueryClient();

  // The tenant's row follows the checks the callback started, as if Onboard had been clicked here.
  useEffect(() => {
    if (outcome && outcome.kind !== 'error' && outcome.tenantId && outcome.operationId) {
      client.setQueryData(keys.liveOperation(outcome.tenantId, 'onboarding'), outcome.operationId);
    }
  }, [client, outcome]);

  return { outcome, dismiss };
}

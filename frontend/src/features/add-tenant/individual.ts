import { useMutation } from '@tanstack/react-query';
import { api, call } from '../../api/client';
import type { ProductName } from '../../api/schemas';
import { browser } from '../../lib/leave';

/** Starts Microsoft's admin consent; on success the browser leaves for Microsoft, and comes back to /portal. */
export function useAddIndividually() {
  return useMutation({
    mutationFn: async (product: ProductName) => {
      const out = await call(api.POST('/api/v1/tenants/individual/connect', { body: { product } }));
      return out.admin_consent_url;
    },
    onSuccess: (url) => browser.leaveTo(url),
  });
}

export type IndividualOutcome =
  | {
      kind: 'added' | 'reconsented' | 'already_present';
      tenantId: string | null;
      /** The onboarding checks the portal started for the tenant, which its row follows. */
      operationId: string | null;
      message: string;
    }
  | { kind: 'error'; code: string; message: string };

// The codes come from the API's admin consent callback (api/onboarding/individual.py).
const ERROR_MESSAGES: Record<string, string> = {
  consent_declined: "The client's administrator declined the consent on Microsoft's page, so no tenant was added.",
  admin_required:
    "The account that signed in at Microsoft is not an administrator of its tenant. Start again and sign in as the client's Global Administrator.",
  consent_failed: 'Microsoft did not confirm the consent, so no tenant was added. Start again.',
  state_missing: "Microsoft's answer could not be matched to a consent started here. Start again.",
  state_unknown: 'This consent was not started from your account here. Start again.',
  state_foreign_user: 'This consent was started by another member of your organization. Start again yourself.',
  state_reused: 'This consent answer was already used. Start again.',
  state_expired: 'The consent took longer than 30 minutes and expired. Start again.',
  onboarding_busy: 'The tenant is being onboarded already: follow it in the tenant table.',
};

const SUCCESS_MESSAGES: Record<'added' | 'reconsented' | 'already_present', string> = {
  added: "The tenant was added. Petra is checking its access now; it shows Monitoring once the checks pass.",
  reconsented: 'The tenant consented again. Petra is checking its access now.',
  already_present: 'This tenant is already in your tenant list: nothing was added.',
};

export function individualErrorMessage(code: string): string {
  return ERROR_MESSAGES[code] ?? `The tenant could not be added (error code: ${code}). Start again, or contact support if it keeps happening.`;
}

export const OUTCOME_PARAMS = ['individual', 'individual_error', 'tenant', 'operation'];

/** Reads the outcome the API appended when it sent the browser back from Microsoft's admin consent. */
export function readIndividualOutcome(search: string): IndividualOutcome | null {
  const params = new URLSearchParams(search);
  const code = params.get('individual_error');
  if (code !== null) {
    const trimmed = code.trim().slice(0, 100) || 'unknown';
    return { kind: 'error', code: trimmed, message: individualErrorMessage(trimmed) };
  }
  const result = params.get('individual');
  if (result === 'added' || result === 'reconsented' || result === 'already_present') {
    return { kind: result, tenantId: params.get('tenant'), operationId: params.get('operation'), message: SUCCESS_MESSAGES[result] };
  }
  return null;
}

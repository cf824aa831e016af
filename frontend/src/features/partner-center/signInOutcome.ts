export type SignInOutcome =
  | { kind: 'connected' }
  | { kind: 'error'; code: string; message: string };

// The codes come from the API's sign-in callback (api/partner_center/signin.py).
const ERROR_MESSAGES: Record<string, string> = {
  state_reused: 'This Microsoft sign-in was already used. Start the connection again.',
  state_expired: 'The Microsoft sign-in took longer than 10 minutes and expired. Start again.',
  state_foreign_session:
    'The Microsoft sign-in was started in another browser session. ' +
    'Start again from this window.',
  consent_declined:
    'The Microsoft sign-in was cancelled or consent was declined, ' +
    'so Partner Center was not connected.',
  mfa_missing:
    'That account signed in without multifactor authentication (MFA), and Partner Center ' +
    'refuses every call made without it. Sign in with MFA: use an account that has MFA registered ' +
    'and complete MFA when Microsoft asks.',
  not_admin_agent:
    'That account cannot use Partner Center. ' +
    'Add it to the AdminAgents group of your partner tenant, then sign in again.',
  cannot_read_gdap:
    'That account cannot read your GDAP relationships. ' +
    'Sign in with an admin agent of your partner tenant.',
  wrong_partner_tenant:
    'That account belongs to a different tenant than the connected partner tenant. ' +
    'Sign in with an account of your partner tenant, or disconnect first.',
};

export function signInErrorMessage(code: string): string {
  return (
    ERROR_MESSAGES[code] ??
    `Partner Center could not be connected (error code: ${code}). ` +
      'Try again, or contact support if it keeps happening.'
  );
}

/** Reads the outcome the API appended when it sent the browser back from Microsoft. */
export function readSignInOutcome(search: string): SignInOutcome | null {
  const params = new URLSearchParams(search);
  const code = params.get('partner_center_error');
  if (code !== null) {
    const trimmed = code.trim().slice(0, 100) || 'unknown';
    return { kind: 'error', code: trimmed, message: signInErrorMessage(trimmed) };
  }
  if (params.get('partner_center') === 'connected') return { kind: 'connected' };
  return null;
}

import { describe, expect, it } from 'vitest';
import { readSignInOutcome, signInErrorMessage } from './signInOutcome';

describe('readSignInOutcome', () => {
  it('reads a successful connection', () => {
    expect(readSignInOutcome('?partner_center=connected')).toEqual({ kind: 'connected' });
  });

  it('ignores pages that did not come back from Microsoft', () => {
    expect(readSignInOutcome('')).toBeNull();
    expect(readSignInOutcome('?partner_center=maybe&tab=tenants')).toBeNull();
  });

  it.each([
    ['state_reused', 'This Microsoft sign-in was already used. Start the connection again.'],
    ['state_expired', 'The Microsoft sign-in took longer than 10 minutes and expired. Start again.'],
    ['state_foreign_session', 'The Microsoft sign-in was started in another browser session. Start again from this window.'],
    ['consent_declined', 'The Microsoft sign-in was cancelled or consent was declined, so Partner Center was not connected.'],
    [
      'mfa_missing',
      'That account signed in without multifactor authentication (MFA), and Partner Center refuses every call made without it. Sign in with MFA: use an account that has MFA registered and complete MFA when Microsoft asks.',
    ],
    ['not_admin_agent', 'That account cannot use Partner Center. Add it to the AdminAgents group of your partner tenant, then sign in again.'],
    ['cannot_read_gdap', 'That account cannot read your GDAP relationships. Sign in with an admin agent of your partner tenant.'],
    ['wrong_partner_tenant', 'That account belongs to a different tenant than the connected partner tenant. Sign in with an account of your partner tenant, or disconnect first.'],
  ])('explains %s in one sentence', (code, sentence) => {
    expect(readSignInOutcome(`?partner_center_error=${code}`)).toEqual({ kind: 'error', code, message: sentence });
  });

  it('gives unknown codes a generic sentence that names the code', () => {
    expect(signInErrorMessage('token_endpoint_down')).toBe(
      'Partner Center could not be connected (error code: token_endpoint_down). Try again, or contact support if it keeps happening.',
    );
  });

  it('prefers the error when both parameters are present', () => {
    expect(readSignInOutcome('?partner_center=connected&partner_center_error=state_expired')).toMatchObject({
      kind: 'error',
      code: 'state_expired',
    });
  });
});

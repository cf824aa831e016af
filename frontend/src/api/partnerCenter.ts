import { requestJson, requestNoContent } from './client';
import type { AuthorizationOut, ConnectionOut, ReturnTo } from './types';

export function getConnection(): Promise<ConnectionOut> {
  return requestJson<ConnectionOut>('GET', '/api/v1/partner-center/connection');
}

export function connectPartnerCenter(returnTo: ReturnTo = 'portal'): Promise<AuthorizationOut> {
  return requestJson<AuthorizationOut>('POST', '/api/v1/partner-center/connect', {
    return_to: returnTo,
  });
}

export function reauthenticatePartnerCenter(
  returnTo: ReturnTo = 'portal',
): Promise<AuthorizationOut> {
  return requestJson<AuthorizationOut>('POST', '/api/v1/partner-center/reauthenticate', {
    return_to: returnTo,
  });
}

export function disconnectPartnerCenter(): Promise<void> {
  return requestNoContent('DELETE', '/api/v1/partner-center/connection');
}

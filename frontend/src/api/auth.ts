import { requestJson, requestNoContent, setCsrfToken } from './client';
import type { Credentials, Me } from './types';

export async function getMe(): Promise<Me> {
  const me = await requestJson<Me>('GET', '/api/v1/me');
  setCsrfToken(me.csrf_token);
  return me;
}

export async function login(credentials: Credentials): Promise<Me> {
  const me = await requestJson<Me>('POST', '/api/v1/auth/login', {
    email: credentials.email,
    password: credentials.password,
  });
  setCsrfToken(me.csrf_token);
  return me;
}

export async function logout(): Promise<void> {
  await requestNoContent('POST', '/api/v1/auth/logout');
  setCsrfToken(null);
}

import { useCallback, useEffect, useState } from 'react';
import { ApiError, toApiError } from '../../api/client';
import { getTenant } from '../../api/tenants';
import type { TenantDetail } from '../../api/types';

export type TenantDetailLoad =
  | { status: 'loading' }
  | { status: 'error'; error: ApiError }
  | { status: 'ready'; tenant: TenantDetail };

export function useTenantDetail(tenantId: string): { load: TenantDetailLoad; reload: () => void } {
  const [attempt, setAttempt] = useState(0);
  const [result, setResult] = useState<{ key: string; load: TenantDetailLoad } | null>(null);
  const key = `${tenantId}:${attempt}`;

  useEffect(() => {
    let current = true;
    getTenant(tenantId).then(
      (tenant) => {
        if (current) setResult({ key, load: { status: 'ready', tenant } });
      },
      (error: unknown) => {
        if (current) setResult({ key, load: { status: 'error', error: toApiError(error) } });
      },
    );
    return () => {
      current = false;
    };
  }, [key, tenantId]);

  const reload = useCallback(() => setAttempt((n) => n + 1), []);
  return { load: result?.key === key ? result.load : { status: 'loading' }, reload };
}

import { requestJson } from './client';
import type { OperationOut, OperationState } from './types';

export function getOperation(operationId: string): Promise<OperationOut> {
  return requestJson<OperationOut>('GET', `/api/v1/operations/${encodeURIComponent(operationId)}`);
}

export function isOperationActive(state: OperationState | string): boolean {
  return state === 'queued' || state === 'running';
}

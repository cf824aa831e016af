import type { FindingStatus, Severity } from '../../api/schemas';

export const SEVERITIES: readonly Severity[] = ['critical', 'high', 'medium', 'low'];

export const SEVERITY_LABELS: Record<Severity, string> = {
  critical: 'Critical',
  high: 'High',
  medium: 'Medium',
  low: 'Low',
};

export const SEVERITY_COLORS: Record<Severity, string> = {
  critical: 'red',
  high: 'orange',
  medium: 'grape',
  low: 'blue',
};

export const FINDING_STATUS_LABELS: Record<FindingStatus, string> = {
  fail: 'Fail',
  error: 'Error',
  pass: 'Pass',
  not_applicable: 'Not applicable',
};

export const FINDING_STATUS_COLORS: Record<FindingStatus, string> = {
  fail: 'red',
  error: 'orange',
  pass: 'green',
  not_applicable: 'gray',
};

/** Failed, then errors, then the rest: what needs doing comes first. */
export const STATUS_ORDER: Record<FindingStatus, number> = { fail: 0, error: 1, pass: 2, not_applicable: 3 };

export const SCAN_NOT_ENABLED = 'Petra Scan is available on request: ask Petra support to turn it on.';

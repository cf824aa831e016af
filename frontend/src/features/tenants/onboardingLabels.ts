import type { ProductName, RecordKind, RecordState, StepState } from '../../api/schemas';

/** The product's name as the catalog titles it, for when the catalog is not loaded. */
export const PRODUCT_TITLES: Record<ProductName, string> = {
  active: 'Petra Active',
  autopsy: 'Petra Autopsy',
  scan: 'Petra Scan',
};

/** Onboarding's steps in the order the engine runs them, in words. */
export const STEP_LABELS: Record<string, string> = {
  preflight: 'Check GDAP access',
  admin_consent: "Client's admin consent",
  consent: 'Partner Center consent',
  service_principal: "Petra's app in the tenant",
  resource_service_principals: "Microsoft's APIs in the tenant",
  application_permissions: 'Application permissions',
  delegated_grants: 'Delegated permissions',
  email_permissions: 'Email Perms',
  verify: "Sign in with the app's own token",
  monitoring: 'Petra Status Monitoring',
};

export const ONBOARDING_STEP_COUNT = 9;
// A tenant added individually: its admin's consent stands for the GDAP and Partner Center steps.
export const INDIVIDUAL_STEP_COUNT = 6;

/** How many steps the record's onboarding has: nine, or six for a tenant added individually. */
export function stepCount(steps: { name: string }[] | undefined): number {
  return steps?.some((step) => step.name === 'admin_consent') ? INDIVIDUAL_STEP_COUNT : ONBOARDING_STEP_COUNT;
}

export function stepLabel(name: string): string {
  return STEP_LABELS[name] ?? name.replace(/_/g, ' ').replace(/^./, (first) => first.toUpperCase());
}

export const STEP_STATE_LABELS: Record<StepState, string> = {
  pending: 'Pending',
  running: 'Running',
  waiting: 'Waiting on Microsoft',
  done: 'Done',
  needs_fix: 'Needs a fix',
  failed: 'Failed',
};

export const STEP_STATE_COLORS: Record<StepState, string> = {
  pending: 'gray',
  running: 'blue',
  waiting: 'yellow',
  done: 'green',
  needs_fix: 'orange',
  failed: 'red',
};

export const RECORD_KIND_LABELS: Record<RecordKind, string> = {
  onboard: 'Onboarding',
  email_check: 'Email Perms check',
  email_fix: 'Email Perms fix',
  offboard: 'Offboarding',
  pause: 'Paused',
  resume: 'Resumed',
};

export const RECORD_STATE_LABELS: Record<RecordState, string> = {
  running: 'Running',
  succeeded: 'Succeeded',
  failed: 'Failed',
  cancelled: 'Cancelled',
};

export const RECORD_STATE_COLORS: Record<RecordState, string> = {
  running: 'blue',
  succeeded: 'green',
  failed: 'red',
  cancelled: 'gray',
};

/** What each confirmation says will happen, in the words the API's routes use. */
export const CONFIRMATIONS = {
  pause: {
    title: (name: string) => `Pause monitoring of ${name}?`,
    message:
      'Petra stops monitoring this tenant. Its app and permissions stay in the client’s tenant and Petra keeps the tenant’s data, so Resume picks up where it left off.',
    confirm: 'Pause monitoring',
  },
  resume: {
    title: (name: string) => `Resume monitoring of ${name}?`,
    message: 'Petra monitors this tenant again with the app and permissions it already has. Petra Status becomes Monitoring.',
    confirm: 'Resume monitoring',
  },
  offboard: {
    title: (name: string) => `Offboard ${name}?`,
    message:
      'Petra removes its app from the client’s tenant through Partner Center, with the app’s permissions. Petra stops monitoring and Petra Status becomes Previously Deleted. The tenant stays in this table with its onboarding history, and you can onboard it again later.',
    confirm: 'Offboard',
  },
} as const;

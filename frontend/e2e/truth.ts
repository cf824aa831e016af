import type { APIRequestContext } from '@playwright/test';

/** What the emulator's scenario says Petra should show: `GET /_emulator/scenario`. */
interface ScenarioRelationship {
  id: string;
  displayName: string;
  status: string;
  roles: string[];
  endDateTime: string | null;
}

interface ScenarioCustomer {
  tenantId: string;
  displayName: string;
  domain: string;
  userCount: number;
  /** The roles the partner's admin holds here through the relationships' access assignments. */
  adminCoveredRoles: string[];
  /** The customer's Global Administrator (password: the emulator's shared one). */
  adminUsername: string;
  /** Whether Petra's app is in the tenant already. */
  appConsented: boolean;
  relationships: ScenarioRelationship[];
}

interface Scenario {
  customers: ScenarioCustomer[];
}

// Partner Center's consent API accepts a caller holding any one of these (the seed's list).
const GLOBAL_ADMINISTRATOR = '62e90394-69f5-4237-9190-012177145e10';
const CONSENT_ROLES = new Set([
  '62e90394-69f5-4237-9190-012177145e10', // Global Administrator
  '9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3', // Application Administrator
  '158c047a-c907-4556-b7ef-446551a6b5f7', // Cloud Application Administrator
]);

export interface ExpectedTenant {
  tenantId: string;
  name: string;
  domain: string;
  users: number;
  gdap: 'Ready' | 'Missing';
  adminUsername: string;
  /** No active relationship holds a consent role: the table offers Request. */
  requestable: boolean;
  /** Global Administrator through GDAP: onboarding can also give the app its Exchange role. */
  globalAdmin: boolean;
  appConsented: boolean;
}

/**
 * The tenants table's truth: one row per customer with an active relationship the partner
 * created (Microsoft-led `MLT_` ones are Microsoft's); Ready when the partner's admin holds a
 * consent role there.
 */
export async function expectedTenants(request: APIRequestContext, emulatorUrl: string): Promise<ExpectedTenant[]> {
  const response = await request.get(`${emulatorUrl}/_emulator/scenario`);
  if (!response.ok()) throw new Error(`the emulator's scenario answered ${response.status()}`);
  const scenario = (await response.json()) as Scenario;
  return scenario.customers
    .map((customer) => {
      const active = customer.relationships.filter(
        (rel) => rel.status === 'active' && !rel.displayName.startsWith('MLT_'),
      );
      if (active.length === 0) return null;
      // A role only counts when an access assignment gives it to the account that connected.
      const ready = customer.adminCoveredRoles.some((role) => CONSENT_ROLES.has(role));
      return {
        tenantId: customer.tenantId,
        name: customer.displayName,
        domain: customer.domain,
        users: customer.userCount,
        gdap: ready ? 'Ready' : 'Missing',
        adminUsername: customer.adminUsername,
        requestable: !active.some((rel) => rel.roles.some((role) => CONSENT_ROLES.has(role))),
        globalAdmin: customer.adminCoveredRoles.includes(GLOBAL_ADMINISTRATOR),
        appConsented: customer.appConsented,
      } satisfies ExpectedTenant;
    })
    .filter((tenant): tenant is ExpectedTenant => tenant !== null);
}

import { startStack } from './stack';

/** Starts the whole stack once for the suite; the returned function stops it. */
export default async function globalSetup(): Promise<() => Promise<void>> {
  const stack = await startStack();
  process.env.PORTAL_URL = stack.portalUrl;
  process.env.EMULATOR_URL = stack.emulatorUrl;
  process.env.DEMO_EMAIL = stack.demoEmail;
  process.env.DEMO_PASSWORD = stack.demoPassword;
  process.env.PARTNER_USERNAME = stack.partnerUsername;
  process.env.PARTNER_PASSWORD = stack.partnerPassword;
  process.env.DATABASE_URL_E2E = stack.databaseUrl;
  return stack.stop;
}

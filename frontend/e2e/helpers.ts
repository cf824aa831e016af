import AxeBuilder from './axe';
import { expect, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

export const ARTIFACTS = join(import.meta.dirname, 'artifacts', 'screenshots');
mkdirSync(ARTIFACTS, { recursive: true });

export function env(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: the e2e global setup starts the stack`);
  return value;
}

/** A screenshot of the page at desktop (1440 px) and phone (390 px) widths. */
export async function screenshots(page: Page, name: string): Promise<void> {
  const original = page.viewportSize() ?? { width: 1440, height: 900 };
  for (const [width, height] of [
    [1440, 900],
    [390, 844],
  ] as const) {
    await page.setViewportSize({ width, height });
    await page.waitForTimeout(150);
    await page.screenshot({ path: join(ARTIFACTS, `${name}-${width}.png`), fullPage: true });
  }
  await page.setViewportSize(original);
}

/** axe on the current page; serious and critical violations fail the test. */
export async function expectAccessible(page: Page, what: string): Promise<void> {
  const results = await new AxeBuilder(page).analyze();
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const summary = serious.map(
    (v) =>
      `${v.id}: ${v.help}\n${v.nodes
        .slice(0, 4)
        .map((n) => `  ${n.target.join(' ')}: ${n.failureSummary ?? ''}`)
        .join('\n')}`,
  );
  expect(summary, `axe on ${what}`).toEqual([]);
}

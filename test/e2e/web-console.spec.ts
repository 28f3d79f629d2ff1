import { expect, type Page } from '@playwright/test';
import { ensureBuilt, WEB_CONSOLE_FILE } from '../../scripts/lib/ensure-build.ts';
import { startHostProcess } from '../support/host-process.ts';
import { testWithHost } from './fixtures.ts';

/** scripts/lib/demo-api.ts seeds this many tickets on a profile's first start. */
const DEMO_TICKETS = 200;

/**
 * What `npm run web` runs: the bundle in out/web/ (not the sources the other specs start), in
 * demo mode: the reference API, its seeded tickets and a virtual CIE in this process.
 */
const test = testWithHost('e2e-web-console', (profileDir) => {
  ensureBuilt();
  return startHostProcess(profileDir, { path: WEB_CONSOLE_FILE, args: ['--port', '0', '--no-open'] });
});
test.describe.configure({ timeout: 120_000 });

async function signInWithDemoCard(page: Page): Promise<void> {
  const demo = page.getByTestId('demo-pin');
  await expect(demo).toContainText(/PIN \d{8}/, { timeout: 20_000 });
  const pin = /PIN (\d{8})/.exec((await demo.textContent()) ?? '')![1]!;
  await page.getByTestId('pin-input').fill(pin);
  await page.getByTestId('pin-input').press('Enter');
}

test.describe("npm run web's bundle", () => {
  test('signs in with the demo card, syncs the seeded queue, opens a ticket with its documents and checks', async ({
    page,
    host,
    problems,
  }) => {
    await page.goto(host.launchUrl);
    await signInWithDemoCard(page);
    await expect(page.getByTestId('queue-total')).toHaveText(`${DEMO_TICKETS} pratiche`, { timeout: 60_000 });

    // The oldest free ticket with its documents: the form drawn by the bundle's preview and
    // pdf.js workers, the checks by its OCR and form workers, over the project's resources.
    await page.getByTestId('queue-grid').focus();
    await page.keyboard.press('n');
    await expect(page).toHaveURL(/\/pratica\/UE-\d{4}-\d{6}$/, { timeout: 15_000 });
    await expect(page.getByTestId('pdf-canvas')).toBeVisible({ timeout: 30_000 });
    await expect(page.getByTestId('cross-check')).toBeVisible({ timeout: 60_000 });
    expect(problems).toEqual([]);
  });
});

import AxeBuilder from '@axe-core/playwright';
import { test as base, expect, type Page } from '@playwright/test';
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { tempDir } from '../support/temp-dir.ts';
import { collectProblems } from './fixtures.ts';

/** The first applicants of the demo population (seed 1): enough for every state and flag used below. */
const TICKETS = 24;
const root = fileURLToPath(new URL('../..', import.meta.url));
const screenshot = fileURLToPath(new URL('../../docs/screenshots/queue.png', import.meta.url));

/** The web host with the demo data seeded up front, signed in as op-giulia (queue-host.ts). */
async function startQueueHost(profileDir: string) {
  const child = spawn(
    process.execPath,
    ['test/e2e/queue-host.ts', '--profile', profileDir, '--tickets', `${TICKETS}`],
    {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const errors: string[] = [];
  child.stderr.on('data', (chunk: Buffer) => errors.push(chunk.toString()));
  const launchUrl = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`queue host did not start:\n${errors.join('')}`)), 110_000);
    child.once('exit', (code) => reject(new Error(`queue host exited with ${code}:\n${errors.join('')}`)));
    createInterface({ input: child.stdout }).on('line', (line) => {
      const match = /Open the console: (\S+)/.exec(line);
      if (!match?.[1]) return;
      clearTimeout(timer);
      resolve(match[1]);
    });
  });
  return {
    launchUrl,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

const test = base.extend<{ problems: string[] }, { host: { launchUrl: string } }>({
  host: [
    // eslint-disable-next-line no-empty-pattern -- Playwright requires the destructuring form
    async ({}, use) => {
      const profile = tempDir('e2e-queue');
      const host = await startQueueHost(profile.dir);
      await use(host);
      await host.stop();
      profile.remove();
    },
    { scope: 'worker', timeout: 120_000 },
  ],
  problems: async ({ page }, use) => {
    const problems = collectProblems(page);
    await use(problems);
    expect(problems, 'the page logged errors or warnings').toEqual([]);
  },
});

const grid = (page: Page) => page.getByTestId('queue-grid');
const rows = (page: Page) => grid(page).locator('[role="row"][data-ticket-id]');
const row = (page: Page, id: string) => grid(page).locator(`[role="row"][data-ticket-id="${id}"]`);
const totalText = (n: number) => (n === 1 ? '1 pratica' : `${n} pratiche`);
const chipCount = async (page: Page, testId: string) =>
  Number(await page.getByTestId(testId).locator('.queue-chip-count').textContent());

async function openQueue(page: Page, launchUrl: string): Promise<void> {
  await page.goto(launchUrl);
  await expect(page.getByTestId('queue-total')).toHaveText(`${TICKETS} pratiche`, { timeout: 20_000 });
}

async function expectNoAxeViolations(page: Page, where: string): Promise<void> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  expect(violations.map((v) => `${where}: ${v.id} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`)).toEqual([]);
}

test.describe.configure({ mode: 'serial' });

test.describe('queue', () => {
  test('shows the demo tickets with counts per state, finds by name, filters by state', async ({
    page,
    host,
    problems,
  }) => {
    await openQueue(page, host.launchUrl);
    expect(await chipCount(page, 'state-all')).toBe(TICKETS);
    const states = ['NEW', 'FORM_SENT', 'DOCS_RECEIVED', 'UNDER_REVIEW', 'INFO_REQUESTED'];
    const counts = await Promise.all(
      [...states, 'AWAITING_COUNTERSIGN', 'APPROVED', 'REJECTED', 'REDIRECTED'].map((s) =>
        chipCount(page, `state-${s}`),
      ),
    );
    expect(counts.reduce((sum, n) => sum + n, 0)).toBe(TICKETS);

    // A state's chip filters to exactly that many rows, all in that state.
    const received = await chipCount(page, 'state-DOCS_RECEIVED');
    expect(received).toBeGreaterThan(0);
    await page.getByTestId('state-DOCS_RECEIVED').click();
    await expect(page.getByTestId('state-DOCS_RECEIVED')).toHaveAttribute('aria-pressed', 'true');
    await expect(page.getByTestId('queue-total')).toHaveText(totalText(received));
    await expect(rows(page)).toHaveCount(received);
    for (const badge of await rows(page).locator('.queue-state').allTextContents())
      expect(badge).toBe('Documenti ricevuti');
    await page.getByTestId('state-all').click();
    await expect(page.getByTestId('queue-total')).toHaveText(`${TICKETS} pratiche`);

    // Search finds a name typed without its diacritics.
    await page.getByTestId('queue-search').fill('bjornstad');
    await expect(page.getByTestId('queue-total')).toHaveText('1 pratica');
    await expect(rows(page)).toHaveCount(1);
    await expect(row(page, 'UE-2026-000001')).toContainText('Bjørnstad');
    await expect(row(page, 'UE-2026-000001')).toContainText('Norvegia');
    await expect(page.getByTestId('queue-announcement')).toHaveText('1 pratica trovata.');
    expect(problems).toEqual([]);
  });

  test('filters by a check flag as background checks fill them in', async ({ page, host, problems }) => {
    test.setTimeout(150_000);
    await openQueue(page, host.launchUrl);
    // Applicant 10 (index 9) wrote an Italian codice fiscale; nobody opens the ticket: the
    // background checks find it and the queue follows the change live.
    await page.getByTestId('flag-italianCf').click();
    await expect(page.getByTestId('flag-italianCf')).toHaveAttribute('aria-pressed', 'true');
    await expect(row(page, 'UE-2026-000010')).toBeVisible({ timeout: 120_000 });
    await expect(row(page, 'UE-2026-000010')).toContainText('Iyer');
    const flagged = await rows(page).evaluateAll((elements) => elements.map((e) => e.getAttribute('data-ticket-id')));
    expect(flagged).not.toContain('UE-2026-000001');

    // With a state filter too, both must hold.
    await page.getByTestId('state-NEW').click();
    await expect(row(page, 'UE-2026-000010')).toHaveCount(0);
    expect(problems).toEqual([]);
  });

  test('moves with j/k, opens with Enter', async ({ page, host, problems }) => {
    await openQueue(page, host.launchUrl);
    await expect(grid(page)).toBeFocused();
    await page.keyboard.press('j');
    await page.keyboard.press('j');
    await expect(row(page, 'UE-2026-000003')).toHaveAttribute('aria-selected', 'true');
    await expect(grid(page)).toHaveAttribute('aria-activedescendant', 'queue-row-2');
    await page.keyboard.press('k');
    await expect(row(page, 'UE-2026-000002')).toHaveAttribute('aria-selected', 'true');
    await expect(row(page, 'UE-2026-000003')).toHaveAttribute('aria-selected', 'false');
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(/\/pratica\/UE-2026-000002$/);
    expect(problems).toEqual([]);
  });

  test('? opens the cheat sheet, Esc closes it and gives focus back', async ({ page, host, problems }) => {
    await openQueue(page, host.launchUrl);
    await expect(grid(page)).toBeFocused();
    await page.keyboard.press('?');
    const sheet = page.getByRole('dialog', { name: 'Scorciatoie da tastiera' });
    await expect(sheet).toBeVisible();
    await expect(sheet.getByRole('heading', { name: 'Coda' })).toBeVisible();
    await expect(sheet.getByRole('row', { name: /Prendi in carico e apri la prossima pratica libera/ })).toBeVisible();
    await expect(sheet.getByRole('row', { name: /Pratica successiva/ })).toContainText('j');
    // Keys pressed in the sheet stay there: the queue behind it does not move.
    await page.keyboard.press('j');
    await expect(row(page, 'UE-2026-000001')).toHaveAttribute('aria-selected', 'true');
    await page.keyboard.press('Escape');
    await expect(sheet).toBeHidden();
    await expect(grid(page)).toBeFocused();
    expect(problems).toEqual([]);
  });

  test('axe finds no violations on the queue and the cheat sheet, in Italian and in English', async ({
    page,
    host,
    problems,
  }) => {
    await openQueue(page, host.launchUrl);
    await expectNoAxeViolations(page, 'queue (it)');
    await page.keyboard.press('?');
    await expect(page.getByRole('dialog')).toBeVisible();
    await expectNoAxeViolations(page, 'cheat sheet (it)');
    await page.keyboard.press('Escape');

    await page.getByTestId('locale-en').click();
    await expect(page.getByTestId('queue-total')).toHaveText(`${TICKETS} tickets`);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Ticket queue');
    await expectNoAxeViolations(page, 'queue (en)');
    await grid(page).focus();
    await page.keyboard.press('?');
    await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeVisible();
    await expectNoAxeViolations(page, 'cheat sheet (en)');
    await page.keyboard.press('Escape');
    await page.getByTestId('locale-it').click();
    await expect(page.getByTestId('queue-total')).toHaveText(`${TICKETS} pratiche`);
    expect(problems).toEqual([]);
  });

  test('saves a view and applies it again', async ({ page, host, problems }) => {
    await openQueue(page, host.launchUrl);
    const newOnes = await chipCount(page, 'state-NEW');
    await page.getByTestId('state-NEW').click();
    await expect(page.getByTestId('queue-total')).toHaveText(totalText(newOnes));
    await page.getByTestId('save-view').click();
    await page.getByLabel('Nome della vista').fill('Nuove');
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('queue-announcement')).toHaveText('Vista «Nuove» salvata.');

    await page.reload();
    await expect(page.getByTestId('queue-total')).toHaveText(`${TICKETS} pratiche`);
    await page.getByTestId('saved-views').selectOption({ label: 'Nuove' });
    await expect(page.getByTestId('state-NEW')).toHaveAttribute('aria-pressed', 'true');
    await expect(page.getByTestId('queue-total')).toHaveText(totalText(newOnes));
    expect(problems).toEqual([]);
  });

  test('screenshot of the queue', async ({ page, host }) => {
    await openQueue(page, host.launchUrl);
    await expect(row(page, 'UE-2026-000010').locator('.queue-check').first()).toBeVisible();
    await page.screenshot({ path: screenshot });
  });

  test('c takes the selected ticket', async ({ page, host, problems }) => {
    await openQueue(page, host.launchUrl);
    await expect(grid(page)).toBeFocused();
    for (let i = 0; i < 3; i += 1) await page.keyboard.press('j');
    await expect(row(page, 'UE-2026-000004')).toHaveAttribute('aria-selected', 'true');
    await page.keyboard.press('c');
    await expect(page.getByTestId('queue-announcement')).toHaveText('Pratica UE-2026-000004 presa in carico.');
    await expect(row(page, 'UE-2026-000004').locator('.queue-owner-mine')).toHaveText('Tu');
    await expect(row(page, 'UE-2026-000004')).toContainText('In lavorazione');
    expect(problems).toEqual([]);
  });

  test('n takes the oldest free ticket and opens it; the queue shows it as mine', async ({ page, host, problems }) => {
    await openQueue(page, host.launchUrl);
    await page.keyboard.press('n');
    await expect(page).toHaveURL(/\/pratica\/UE-2026-000001$/, { timeout: 15_000 });
    await page.goBack();
    await expect(row(page, 'UE-2026-000001').locator('.queue-owner-mine')).toHaveText('Tu');
    await expect(row(page, 'UE-2026-000001')).toContainText('In lavorazione');
    expect(problems).toEqual([]);
  });
});

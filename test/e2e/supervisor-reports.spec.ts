import { expect, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PNG } from 'pngjs';
import type { Statistics } from '../../common/api/schemas.ts';
import { tempDir } from '../support/temp-dir.ts';
import { expectNoAxeViolations, startLoginHost, testWithHost, type LoginHost } from './fixtures.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const screenshots = {
  stats: path.join(root, 'docs/screenshots/supervisor-stats.png'),
  audit: path.join(root, 'docs/screenshots/supervisor-audit.png'),
};
/** Where the report's first page is kept for a person to look at. */
const reportPreview = path.join(root, 'test-results/supervisor-report/page-1.png');

const test = testWithHost('e2e-supervisor-reports', (profileDir) =>
  startLoginHost(profileDir, { tickets: 24, card: 'sup-elena' }),
);

/** The host keeps the session between tests: a later page may open already signed in. */
async function signIn(page: Page, host: LoginHost): Promise<void> {
  await page.goto(host.launchUrl);
  const pin = page.getByTestId('pin-input');
  const main = page.locator('main.content');
  await expect(pin.or(main).first()).toBeVisible({ timeout: 20_000 });
  if (await pin.isVisible()) {
    await pin.fill(host.pin);
    await pin.press('Enter');
  }
  await expect(main).toBeVisible({ timeout: 20_000 });
}

/** Opens a view by its address; the host keeps the session, so the page comes back signed in. */
async function open(page: Page, pathname: string): Promise<void> {
  await page.goto(new URL(pathname, page.url()).href);
}

/**
 * A contract call from inside the page, over a WebSocket of its own to the same host and with the
 * page's secret: what the services answer, independently of the view under test.
 */
async function contractCall<T>(page: Page, method: string, input: unknown): Promise<T> {
  const result = await page.evaluate(
    async ({ method, input }) => {
      const secret = sessionStorage.getItem('accredita.hostSecret');
      const socket = new WebSocket(`${location.origin.replace(/^http/, 'ws')}/ws`, [
        'accredita.v1',
        `accredita.secret.${secret}`,
      ]);
      await new Promise((resolve, reject) => {
        socket.onopen = resolve;
        socket.onerror = reject;
      });
      const answer = new Promise<unknown>((resolve) => {
        socket.onmessage = (event) => {
          const message = JSON.parse(String(event.data)) as { type: string; id?: number; result?: unknown };
          if (message.type === 'result' && message.id === 1) resolve(message.result);
        };
      });
      socket.send(JSON.stringify({ type: 'call', id: 1, method, input }));
      const value = await answer;
      socket.close();
      return value;
    },
    { method, input },
  );
  const envelope = result as { ok: boolean; value?: T; error?: unknown };
  if (!envelope.ok) throw new Error(`${method} failed: ${JSON.stringify(envelope.error)}`);
  return envelope.value!;
}

/** This UTC month, as the "Questo mese" preset asks for it. */
function thisMonth(): { from: string; to: string } {
  const now = new Date();
  return {
    from: new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1)).toISOString(),
    to: new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1)).toISOString(),
  };
}

const itNumber = (value: number) => new Intl.NumberFormat('it').format(value);
const itPercent = (value: number) =>
  new Intl.NumberFormat('it', { style: 'percent', maximumFractionDigits: 1 }).format(value);

/** Share of pixels that are not near-white: a blank page has none. */
function inkShare(file: string): number {
  const png = PNG.sync.read(readFileSync(file));
  let ink = 0;
  for (let i = 0; i < png.data.length; i += 4) {
    if (png.data[i]! < 200 || png.data[i + 1]! < 200 || png.data[i + 2]! < 200) ink += 1;
  }
  return ink / (png.width * png.height);
}

// Each test signs in with the card and runs axe or an export: slower than the default on a loaded machine.
test.describe.configure({ mode: 'serial', timeout: 90_000 });

test.describe('supervisor statistics, PDF report and audit', () => {
  test('statistics for a period: charts, and tables holding what the API computed', async ({
    page,
    host,
    problems,
  }) => {
    await signIn(page, host);
    await open(page, '/statistiche');
    await expect(page).toHaveTitle('Statistiche · Accredita');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Statistiche');
    await expect(page.getByTestId('preset-thisMonth')).toBeChecked();
    await expect(page.getByTestId('stats-showing')).toBeVisible({ timeout: 20_000 });

    const stats = await contractCall<Statistics>(page, 'stats.get', { ...thisMonth(), bucket: 'day' });
    expect(stats.totals.decisions, 'seed 1 records decisions this month').toBeGreaterThan(0);
    await expect(page.getByTestId('figure-decisions')).toHaveText(itNumber(stats.totals.decisions));

    // Every chart is drawn, and described in words to assistive technology.
    for (const id of ['by-action', 'series', 'countries', 'handling', 'redirects']) {
      const chart = page.getByTestId(`chart-${id}`);
      if (id === 'redirects' && stats.redirects.every((r) => r.count === 0)) continue;
      await expect(chart.locator('canvas').first()).toBeVisible();
      await expect(chart.getByRole('img')).toHaveAttribute('aria-label', /\S{10,}/);
      await expect(chart.getByTestId(`chart-${id}-table`)).toBeHidden();
    }
    await expect(page.getByTestId('chart-by-action').getByRole('img')).toHaveAttribute(
      'aria-label',
      new RegExp(`Approvazione ${itNumber(stats.totals.byAction.APPROVE)}`),
    );

    // One chart's table by its own button, then all of them.
    await page.getByTestId('chart-by-action-toggle').click();
    await expect(page.getByTestId('chart-by-action-toggle')).toHaveAttribute('aria-expanded', 'true');
    const byAction = page.getByTestId('chart-by-action-table');
    await expect(byAction).toBeVisible();
    for (const action of ['APPROVE', 'REJECT', 'REDIRECT'] as const) {
      await expect(byAction.locator(`tr[data-key="${action}"] td`).first()).toHaveText(
        itNumber(stats.totals.byAction[action]),
      );
    }
    await expect(byAction.locator('tr[data-key="total"] td').first()).toHaveText(itNumber(stats.totals.decisions));
    await page.getByTestId('tables-toggle').click();
    await expect(page.getByTestId('tables-toggle')).toHaveText('Nascondi tutte le tabelle');

    const country = [...stats.countries].sort((a, b) => b.decisions - a.decisions)[0]!;
    const countryRow = page.getByTestId('chart-countries-table').locator(`tr[data-key="${country.country}"] td`);
    await expect(countryRow.first()).toHaveText(itNumber(country.decisions));
    if (country.approvalRate !== null) await expect(countryRow.last()).toHaveText(itPercent(country.approvalRate));
    const operator = stats.operators[0]!;
    await expect(
      page.getByTestId('stats-operators').locator(`tr[data-key="${operator.operatorId}"] td`).first(),
    ).toHaveText(itNumber(operator.decisions));
    const days = page.getByTestId('chart-series-table').locator('tbody tr');
    await expect(days).toHaveCount(stats.series.length);

    // Another grouping and one operator: the figures follow.
    await page.getByTestId('stats-bucket').selectOption('week');
    await page.getByTestId('stats-operator').selectOption(operator.operatorId);
    await expect(page.getByTestId('stats-showing')).toContainText(operator.operatorName);
    const weekly = await contractCall<Statistics>(page, 'stats.get', {
      ...thisMonth(),
      bucket: 'week',
      operatorId: operator.operatorId,
    });
    await expect(page.getByTestId('chart-series-table').locator('tbody tr')).toHaveCount(weekly.series.length);
    await expect(page.getByTestId('figure-decisions')).toHaveText(itNumber(weekly.totals.decisions));

    // A custom period that ends before it starts is explained, not sent.
    await page.getByTestId('preset-custom').check();
    await page.getByTestId('custom-from').fill('2026-03-10');
    await page.getByTestId('custom-to').fill('2026-03-01');
    await expect(page.getByTestId('stats-invalid')).toContainText('la data di inizio deve precedere');
    await expect(page.getByTestId('stats-apply')).toBeDisabled();

    await page.getByTestId('preset-thisMonth').check();
    await page.getByTestId('stats-operator').selectOption({ index: 0 });
    await page.getByTestId('stats-bucket').selectOption('day');
    await expect(page.getByTestId('figure-decisions')).toHaveText(itNumber(stats.totals.decisions));
    expect(problems).toEqual([]);
  });

  test('the PDF report of the period is produced, with progress, and renders to pages with ink', async ({
    page,
    host,
  }) => {
    await signIn(page, host);
    await open(page, '/statistiche');
    await expect(page.getByTestId('stats-showing')).toBeVisible({ timeout: 20_000 });
    await page.getByTestId('report-start').click();
    const status = page.getByTestId('report-status');
    await expect(status).toHaveAttribute('data-state', 'done', { timeout: 30_000 });
    await expect(status).toContainText('Rapporto pronto');
    const saved = (await page.getByTestId('report-path').textContent())!.trim();
    expect(path.basename(saved)).toMatch(/^accredita-rapporto-\d{4}-\d{2}-01_\d{4}-\d{2}-\d{2}\.pdf$/);

    // What the supervisor gets: the download, byte for byte the file the services wrote.
    const out = tempDir('e2e-report-png');
    try {
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByTestId('report-download').click(),
      ]);
      expect(download.suggestedFilename()).toBe(path.basename(saved));
      const file = path.join(out.dir, download.suggestedFilename());
      await download.saveAs(file);
      expect(readFileSync(file).equals(readFileSync(saved))).toBe(true);
      expect(readFileSync(file).subarray(0, 5).toString()).toBe('%PDF-');
      await expect(page.getByTestId('report-downloaded')).toContainText(path.basename(saved));

      execFileSync('pdftoppm', ['-r', '60', '-png', file, path.join(out.dir, 'page')]);
      const pages = readdirSync(out.dir)
        .filter((name) => name.endsWith('.png'))
        .sort();
      expect(pages.length).toBeGreaterThanOrEqual(1);
      for (const name of pages) expect(inkShare(path.join(out.dir, name)), name).toBeGreaterThan(0.01);
      mkdirSync(path.dirname(reportPreview), { recursive: true });
      copyFileSync(path.join(out.dir, pages[0]!), reportPreview);
    } finally {
      out.remove();
    }
  });

  test('axe finds no violations on the statistics with their tables, in Italian and English; screenshot', async ({
    page,
    host,
  }) => {
    await signIn(page, host);
    await open(page, '/statistiche');
    await expect(page.getByTestId('stats-showing')).toBeVisible({ timeout: 20_000 });
    await page.getByTestId('tables-toggle').click();
    await expect(page.getByTestId('chart-by-action-table')).toBeVisible();
    await expectNoAxeViolations(page, 'stats it');
    await page.getByTestId('chart-series').scrollIntoViewIfNeeded();
    await page.getByTestId('tables-toggle').click();
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: screenshots.stats, fullPage: true });
    await page.getByTestId('tables-toggle').click();
    await page.getByTestId('locale-en').click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Statistics');
    await expect(page.getByTestId('chart-by-action-toggle')).toHaveText('Hide table');
    await expectNoAxeViolations(page, 'stats en');
    await page.getByTestId('locale-it').click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Statistiche');
  });

  test('audit log: filters, verify intact, then a tampered row is found and shown', async ({
    page,
    host,
    problems,
  }) => {
    await signIn(page, host);
    await open(page, '/audit');
    await expect(page).toHaveTitle('Registro di audit · Accredita');
    const rows = page.getByTestId('audit-table').locator('tbody tr');
    await expect(rows.first()).toBeVisible({ timeout: 20_000 });

    // Who signed in: every row shown is a sign-in, Elena's among them.
    await page.getByTestId('audit-action').selectOption('auth.login');
    await page.getByTestId('audit-apply').click();
    await expect(rows.first()).toContainText('auth.login');
    const actions = await rows.locator('td:nth-child(4) code').allTextContents();
    expect(new Set(actions)).toEqual(new Set(['auth.login']));
    await expect(rows.filter({ hasText: 'sup-elena' }).first()).toBeVisible();
    await page.getByTestId('audit-action').selectOption('');
    await page.getByTestId('audit-apply').click();

    const verdict = page.getByTestId('audit-verify-result');
    await page.getByTestId('audit-verify-button').click();
    await expect(verdict).toHaveAttribute('data-ok', 'true', { timeout: 20_000 });
    await expect(verdict).toContainText('Catena integra');
    const headSeq = Number(await verdict.getAttribute('data-head-seq'));
    expect(headSeq).toBeGreaterThan(1);
    await expect(verdict).toContainText(`${itNumber(headSeq)} voci verificate`);
    await expect(page.getByTestId('audit-head-hash')).toHaveText(/^[0-9a-f]{64}$/);

    // login-host edits the row at half the log's length, behind the chain's back.
    await host.command('tamper-audit');
    const tampered = Math.floor(headSeq / 2);
    await page.getByTestId('audit-verify-button').click();
    await expect(verdict).toHaveAttribute('data-ok', 'false', { timeout: 20_000 });
    await expect(verdict).toHaveAttribute('data-first-broken', String(tampered));
    await expect(verdict).toContainText('Catena interrotta: il registro è stato alterato.');
    await expect(page.getByTestId('audit-first-break')).toContainText(`Prima interruzione alla voce n. ${tampered}.`);
    await expect(page.getByTestId('audit-first-break')).toContainText('è stato modificato dopo la registrazione');

    await page.getByTestId('audit-show-break').click();
    const brokenRow = page.locator(`tr[data-seq="${tampered}"]`);
    await expect(brokenRow).toHaveAttribute('data-broken', 'CONTENT_CHANGED');
    await expect(brokenRow).toBeFocused();
    await expect(brokenRow).toContainText('Prima interruzione');
    await expect(brokenRow).toContainText('nobody');
    await expect(page.locator('tr[data-broken]')).toHaveCount(1);

    await expectNoAxeViolations(page, 'audit it');
    // The verdict and the marked row in one picture.
    await page.setViewportSize({ width: 1280, height: 1100 });
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: screenshots.audit });
    await page.getByTestId('locale-en').click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Audit log');
    await expect(page.getByTestId('audit-first-break')).toContainText(`First break at entry no. ${tampered}.`);
    await expectNoAxeViolations(page, 'audit en');
    await page.getByTestId('locale-it').click();
    expect(problems).toEqual([]);
  });
});

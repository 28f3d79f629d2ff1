import { expect, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expectNoAxeViolations, startLoginHost, testWithHost, type LoginHost } from './fixtures.ts';

/**
 * The supervisor's history and four-eyes countersign (issue 8) against the real web host and the
 * reference API seeded with decisions (seed 1: 24 tickets, two approvals awaiting countersign).
 */
const TICKETS = 24;
const screenshots = {
  history: fileURLToPath(new URL('../../docs/screenshots/supervisor-history.png', import.meta.url)),
  countersign: fileURLToPath(new URL('../../docs/screenshots/supervisor-countersign.png', import.meta.url)),
};

const test = testWithHost('e2e-supervisor', (profileDir) =>
  startLoginHost(profileDir, { tickets: TICKETS, card: 'sup-elena' }),
);

/** Axe in Italian, then in English, then back to Italian. */
async function expectAccessibleInBothLanguages(page: Page, where: string, english: RegExp): Promise<void> {
  await expectNoAxeViolations(page, `${where} (it)`);
  await page.getByTestId('locale-en').click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.locator('#main')).toContainText(english);
  await expectNoAxeViolations(page, `${where} (en)`);
  await page.getByTestId('locale-it').click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'it');
}

async function signIn(page: Page, host: LoginHost): Promise<void> {
  await page.goto(host.launchUrl);
  await expect(page.getByTestId('login-view')).toBeVisible({ timeout: 20_000 });
  await page.getByTestId('pin-input').fill(host.pin);
  await page.getByTestId('pin-input').press('Enter');
  await expect(page.getByTestId('queue-total')).toHaveText(`${TICKETS} pratiche`, { timeout: 20_000 });
}

/** An address of the console in a fresh page: the host's secret rides in the fragment, as in the launch URL. */
const at = (host: LoginHost, path: string) => {
  const launch = new URL(host.launchUrl);
  return `${launch.origin}${path}${launch.hash}`;
};
const nav = (page: Page) => page.getByRole('navigation', { name: 'Sezioni' });
const rows = (page: Page) => page.getByTestId('history-row');
const total = (page: Page) => page.getByTestId('history-total');

/** Minimal RFC 4180 reader: quoted fields may hold delimiters, doubled quotes and line breaks. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const char = text[i]!;
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') {
      record.push(field);
      field = '';
    } else if (char === '\r' && text[i + 1] === '\n') {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      i += 1;
    } else field += char;
  }
  if (field !== '' || record.length > 0) {
    record.push(field);
    records.push(record);
  }
  return records;
}

// Each test signs in with the card and runs axe or an export: slower than the default on a loaded machine.
test.describe.configure({ mode: 'serial', timeout: 90_000 });

test.describe('supervisor: history and four-eyes countersign', () => {
  test('the supervisor signs in and filters the history; the filters live in the address', async ({
    page,
    host,
    problems,
  }) => {
    test.setTimeout(90_000);
    await signIn(page, host);
    for (const name of ['Storico', 'Controfirme', 'Statistiche', 'Audit'])
      await expect(nav(page).getByRole('link', { name })).toBeVisible();

    await nav(page).getByRole('link', { name: 'Storico' }).click();
    await expect(page).toHaveURL(/\/storico$/);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Storico delle decisioni');
    await expect(page).toHaveTitle('Storico · Accredita');
    await expect(rows(page).first()).toBeVisible({ timeout: 15_000 });
    const everything = Number(await total(page).getAttribute('data-total'));
    expect(everything).toBeGreaterThan(TICKETS);
    await expect(total(page)).toHaveText(`${everything} decisioni`);
    await expectAccessibleInBothLanguages(page, 'history', /Decision history/);

    await page.getByTestId('history-action').selectOption('APPROVE');
    await expect(page).toHaveURL(/action=APPROVE/);
    await expect(rows(page).first()).toHaveAttribute('data-action', 'APPROVE');
    const approvals = Number(await total(page).getAttribute('data-total'));
    expect(approvals).toBeGreaterThanOrEqual(2);
    expect(approvals).toBeLessThan(everything);
    await expect(rows(page)).toHaveCount(approvals);
    for (const action of await rows(page).evaluateAll((els) => els.map((el) => el.getAttribute('data-action'))))
      expect(action).toBe('APPROVE');

    const country = (await rows(page).first().getAttribute('data-country'))!;
    await page.getByTestId('history-country').selectOption(country);
    await expect(page).toHaveURL(new RegExp(`country=${country}`));
    await expect(total(page)).not.toHaveAttribute('data-total', String(approvals));
    const inCountry = Number(await total(page).getAttribute('data-total'));
    await expect(rows(page)).toHaveCount(inCountry);
    for (const found of await rows(page).evaluateAll((els) => els.map((el) => el.getAttribute('data-country'))))
      expect(found).toBe(country);

    // A full-text search on top: the ticket id of the first row finds that decision alone.
    const ticketId = (await rows(page).first().getByTestId('history-open').textContent())!.trim();
    await page.getByTestId('history-search').fill(ticketId);
    await expect(page).toHaveURL(new RegExp(`q=${ticketId}`));
    await expect(total(page)).toHaveText('1 decisione');
    await expect(rows(page)).toHaveCount(1);
    await expect(rows(page).first().getByTestId('history-open')).toHaveText(ticketId);

    // The address is the view: a reload shows the same filters and the same answer.
    await page.reload();
    await expect(page.getByTestId('history-action')).toHaveValue('APPROVE');
    await expect(page.getByTestId('history-country')).toHaveValue(country);
    await expect(page.getByTestId('history-search')).toHaveValue(ticketId);
    await expect(rows(page)).toHaveCount(1, { timeout: 15_000 });

    await page.getByTestId('history-reset').click();
    await expect(page).toHaveURL(/\/storico$/);
    await expect(total(page)).toHaveAttribute('data-total', String(everything));
    expect(problems).toEqual([]);
  });

  test('a decision snapshot shows the decision, its files by hash and the countersign rules', async ({
    page,
    host,
    problems,
  }) => {
    test.setTimeout(60_000);
    await page.goto(at(host, '/storico?action=APPROVE&countersign=PENDING'));
    await expect(rows(page).first()).toBeVisible({ timeout: 20_000 });
    await expect(rows(page)).toHaveCount(2);
    await rows(page).first().getByTestId('history-open').click();

    const dialog = page.getByRole('dialog');
    await expect(dialog).toBeVisible();
    await expect(dialog.getByRole('heading', { level: 2 })).toContainText('Decisione sulla pratica');
    await expect(dialog.getByTestId('snapshot-action')).toHaveText('Approvazione');
    await expect(dialog.getByTestId('snapshot-countersign')).toContainText('In attesa di controfirma');
    await expect(dialog.getByTestId('snapshot-evidence')).toHaveText(
      /La pratica contiene ancora esattamente questi file/,
    );
    const hashes = await dialog.locator('[data-testid="snapshot-documents"] code').allTextContents();
    expect(hashes.length).toBeGreaterThanOrEqual(2);
    for (const hash of hashes) expect(hash).toMatch(/^[0-9a-f]{64}$/);
    await expect(dialog).toContainText(/Regole dei quattro occhi/);
    await expect(dialog.getByTestId('snapshot-close')).toBeFocused();
    await expectNoAxeViolations(page, 'snapshot dialog (it)');

    await page.keyboard.press('Escape');
    await expect(dialog).toHaveCount(0);
    await expect(rows(page).first().getByTestId('history-open')).toBeFocused();

    // The dialog owns the page while open: the language is switched with it closed.
    await page.getByTestId('locale-en').click();
    await rows(page).first().getByTestId('history-open').click();
    await expect(dialog.getByTestId('snapshot-action')).toHaveText('Approval');
    await expect(dialog.getByRole('heading', { level: 2 })).toContainText('Decision on ticket');
    await expectNoAxeViolations(page, 'snapshot dialog (en)');
    await page.keyboard.press('Escape');
    await page.getByTestId('locale-it').click();
    await expect(page.locator('html')).toHaveAttribute('lang', 'it');
    expect(problems).toEqual([]);
  });

  test('one approval is countersigned, another returned with a note; the history shows both', async ({
    page,
    host,
    problems,
  }) => {
    test.setTimeout(60_000);
    await page.goto(at(host, '/coda'));
    await nav(page).getByRole('link', { name: 'Controfirme' }).click();
    await expect(page).toHaveURL(/\/controfirme$/);
    const items = page.getByTestId('countersign-item');
    await expect(page.getByTestId('countersign-count')).toHaveText('2 approvazioni in attesa', { timeout: 15_000 });
    await expect(items).toHaveCount(2);
    // Each says why it was stopped.
    for (const item of await items.all())
      await expect(item.getByTestId('countersign-flags').locator('li')).not.toHaveCount(0);
    await expect(items.first().getByTestId('countersign-own')).toHaveCount(0);
    await page.screenshot({ path: screenshots.countersign, fullPage: true });
    await expectAccessibleInBothLanguages(page, 'countersign', /Countersignatures/);

    const confirmed = (await items.nth(0).getAttribute('data-ticket'))!;
    const returned = (await items.nth(1).getAttribute('data-ticket'))!;

    // The evidence behind an approval opens from the queue.
    await items.nth(0).getByTestId('countersign-evidence').click();
    await expect(page.getByRole('dialog')).toContainText(`Decisione sulla pratica ${confirmed}`);
    await page.getByTestId('snapshot-close').click();

    await items.nth(0).getByTestId('countersign-confirm').click();
    await expect(page.getByTestId('countersign-announcement')).toHaveText(
      `Pratica ${confirmed} controfirmata: le credenziali vengono rilasciate.`,
    );
    await expect(items).toHaveCount(1);

    const last = page.locator(`[data-testid="countersign-item"][data-ticket="${returned}"]`);
    await last.getByTestId('countersign-return').click();
    await expect(last.getByTestId('countersign-note-missing')).toBeVisible();
    await expect(last.getByTestId('countersign-note')).toBeFocused();
    await expect(last.getByTestId('countersign-note')).toHaveAttribute('aria-invalid', 'true');
    await last
      .getByTestId('countersign-note')
      .fill('La data di scadenza del documento va verificata con il richiedente.');
    await last.getByTestId('countersign-return').click();
    await expect(page.getByTestId('countersign-announcement')).toHaveText(
      `Pratica ${returned} restituita all’operatore con la tua nota.`,
    );
    await expect(items).toHaveCount(0);
    await expect(page.getByTestId('countersign-empty')).toBeVisible();
    await page.getByRole('button', { name: 'Aggiorna' }).click();
    await expect(page.getByTestId('countersign-count')).toHaveText('Nessuna approvazione in attesa');

    // The history has the outcome of each.
    for (const [ticket, status, text] of [
      [confirmed, 'CONFIRMED', 'Controfirmata · Elena Ferrari'],
      [returned, 'RETURNED', 'Restituita · Elena Ferrari'],
    ] as const) {
      await page.goto(at(host, `/storico?action=APPROVE&q=${ticket}`));
      const cell = rows(page).first().getByTestId('history-countersign-cell');
      await expect(cell).toHaveAttribute('data-countersign', status, { timeout: 15_000 });
      await expect(cell).toHaveText(text);
    }
    await page.goto(at(host, '/storico?countersign=RETURNED'));
    await expect(rows(page)).toHaveCount(1, { timeout: 15_000 });
    await rows(page).first().getByTestId('history-open').click();
    await expect(page.getByTestId('snapshot-countersign')).toContainText('La data di scadenza del documento');
    expect(problems).toEqual([]);
  });

  test('the CSV export holds exactly the filtered history, as RFC 4180 with a BOM', async ({
    page,
    host,
    problems,
  }) => {
    await page.goto(at(host, '/storico'));
    await expect(rows(page).first()).toBeVisible({ timeout: 20_000 });
    await page.screenshot({ path: screenshots.history });

    await page.getByTestId('history-action').selectOption('APPROVE');
    await expect(rows(page).first()).toHaveAttribute('data-action', 'APPROVE');
    const expected = Number(await total(page).getAttribute('data-total'));
    await expect(rows(page)).toHaveCount(expected);

    await page.getByTestId('history-export').click();
    const status = page.getByTestId('history-export-status');
    await expect(status).toHaveAttribute('data-state', 'done', { timeout: 20_000 });
    await expect(status).toContainText(`${expected} righe salvate in`);
    const saved = (await status.getAttribute('data-path'))!;
    expect(saved).toMatch(/accredita-storico-.*\.csv$/);
    // What the supervisor gets is the download: byte for byte the file the services wrote.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('history-export-download').click(),
    ]);
    expect(download.suggestedFilename()).toBe(path.basename(saved));
    const bytes = readFileSync((await download.path())!);
    expect(bytes.equals(readFileSync(saved))).toBe(true);
    await expect(page.getByTestId('history-export-downloaded')).toContainText(path.basename(saved));
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.subarray(3).toString('utf8');
    expect(text.endsWith('\r\n')).toBe(true);
    const [header, ...records] = parseCsv(text);
    expect(header).toEqual([
      'Registrata il',
      'Decisa il',
      'Pratica',
      'Decisione',
      'Operatore',
      'Nome operatore',
      'Azione',
      'Stato risultante',
      'Motivi',
      'Reindirizzamento',
      'Servizi',
      'Segnalazioni',
      'Controfirma',
      'Controfirmata da',
      'Controfirmata il',
      'Nota di controfirma',
      'Paese',
      'Richiedente',
      'Tempo di lavorazione (s)',
      'Nota',
    ]);
    expect(records).toHaveLength(expected);
    for (const record of records) {
      expect(record).toHaveLength(header!.length);
      expect(record[6]).toBe('APPROVE');
    }
    expect(records.map((record) => record[12])).toEqual(expect.arrayContaining(['CONFIRMED', 'RETURNED']));
    expect(problems).toEqual([]);
  });

  test('an operator sees no supervisor section, and the history address is refused by the services', async ({
    page,
    host,
    problems,
  }) => {
    await page.goto(at(host, '/coda'));
    await expect(page.getByTestId('session-role')).toBeVisible({ timeout: 20_000 });
    await page.getByTestId('sign-out').click();
    await expect(page.getByTestId('login-view')).toBeVisible();
    await host.command('swap op-giulia');
    await page.getByTestId('pin-input').fill(host.pin);
    await page.getByTestId('pin-input').press('Enter');
    await expect(page.getByTestId('queue-total')).toHaveText(`${TICKETS} pratiche`, { timeout: 20_000 });
    await expect(nav(page).getByRole('link', { name: 'Coda' })).toBeVisible();
    for (const name of ['Storico', 'Controfirme', 'Statistiche', 'Audit'])
      await expect(nav(page).getByRole('link', { name })).toHaveCount(0);

    await page.goto(at(host, '/storico'));
    const refusal = page.getByTestId('supervisor-refusal');
    await expect(refusal).toHaveAttribute('data-code', 'FORBIDDEN', { timeout: 20_000 });
    await expect(refusal).toContainText('Accesso non consentito');
    await expect(refusal).toContainText('riservata ai supervisori');
    await expect(page.getByTestId('history-row')).toHaveCount(0);
    await expect(page.getByTestId('history-export')).toHaveCount(0);
    expect(problems).toEqual([]);
  });
});

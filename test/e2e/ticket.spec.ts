import AxeBuilder from '@axe-core/playwright';
import { test as base, expect, type Locator, type Page } from '@playwright/test';
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { DEMO_STAFF } from '../../common/demo/identities.ts';
import { composeMrz } from '../../server/demo/mrz.ts';
import { demoApplicant, type DemoApplicant } from '../../server/demo/population.ts';
import { tempDir } from '../support/temp-dir.ts';
import { collectProblems } from './fixtures.ts';

/** Enough of the deterministic demo population (seed 1) to hold a scanned-PDF identity document (index 42). */
const TICKETS = 43;
const root = fileURLToPath(new URL('../..', import.meta.url));
const screenshot = fileURLToPath(new URL('../../docs/screenshots/ticket.png', import.meta.url));

const people: DemoApplicant[] = [];
for (let index = 0; index < TICKETS; index += 1) people.push(demoApplicant(1, index, new Date(), (i) => people[i]!));
const ticketId = (person: DemoApplicant) =>
  `UE-${new Date().getUTCFullYear()}-${String(person.index + 1).padStart(6, '0')}`;
const waiting = people.filter((p) => p.targetState === 'DOCS_RECEIVED');
const find = (what: string, match: (p: DemoApplicant) => boolean) => {
  const person = waiting.find(match);
  if (!person) throw new Error(`the demo population has no DOCS_RECEIVED ticket ${what} among the first ${TICKETS}`);
  return person;
};
/** A passport with nothing wrong on purpose. */
const clean = find(
  'without defects',
  (p) => p.layout === 'TD3' && p.kind === 'eligible' && Object.keys(p.defects).length === 1,
);
/** The PDF form disagrees with the web form on one field. */
const mismatch = find('with a form mismatch', (p) => p.defects.formMismatch !== undefined);
/** The identity document arrived as a scanned PDF. */
const scanned = find('with a scanned identity document', (p) => p.defects.format === 'pdf');
/** Left alone by the other tests: another operator claims it. */
const leased = find('for the lease test', (p) => ![clean, mismatch, scanned].includes(p));

interface TicketHost {
  launchUrl: string;
  /** Claims a ticket as op-marco, straight on the central API, as his console would. */
  claimAsOther(id: string): Promise<number>;
  stop(): Promise<void>;
}

/** The decisions e2e host (test/e2e/decisions-host.ts): demo data seeded up front, op-giulia signed in. */
async function startHost(profileDir: string): Promise<TicketHost> {
  const child = spawn(
    process.execPath,
    ['test/e2e/decisions-host.ts', '--profile', profileDir, '--tickets', `${TICKETS}`],
    {
      cwd: root,
      stdio: ['pipe', 'pipe', 'pipe'],
    },
  );
  const errors: string[] = [];
  child.stderr.on('data', (chunk: Buffer) => errors.push(chunk.toString()));
  const found: Record<string, string> = {};
  const patterns = {
    api: /^Central API: (\S+)/,
    token: /^Other operator token: (\S+)/,
    launch: /Open the console: (\S+)/,
  };
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`host did not start:\n${errors.join('')}`)), 150_000);
    child.once('exit', (code) => reject(new Error(`host exited with ${code}:\n${errors.join('')}`)));
    createInterface({ input: child.stdout }).on('line', (line) => {
      for (const [key, pattern] of Object.entries(patterns)) {
        const match = pattern.exec(line);
        if (match?.[1]) found[key] = match[1];
      }
      if (found.api && found.token && found.launch) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  return {
    launchUrl: found.launch!,
    claimAsOther: async (id) =>
      (
        await fetch(`${found.api}tickets/${id}/lease`, {
          method: 'PUT',
          headers: { Authorization: `Bearer ${found.token}` },
        })
      ).status,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

const test = base.extend<{ problems: string[] }, { host: TicketHost }>({
  host: [
    // eslint-disable-next-line no-empty-pattern -- Playwright requires the destructuring form
    async ({}, use) => {
      const profile = tempDir('e2e-ticket');
      const host = await startHost(profile.dir);
      await use(host);
      await host.stop();
      profile.remove();
    },
    { scope: 'worker', timeout: 160_000 },
  ],
  problems: async ({ page }, use) => {
    const problems = collectProblems(page);
    await use(problems);
    expect(problems, 'the page logged errors or warnings').toEqual([]);
  },
});
test.describe.configure({ timeout: 90_000 });

/** Straight to /pratica/<id>, the host's secret in the fragment as the launch link carries it. */
async function openTicket(page: Page, host: TicketHost, person: DemoApplicant): Promise<string> {
  const id = ticketId(person);
  await page.goto(host.launchUrl.replace('/#k=', `/pratica/${id}#k=`));
  await expect(page.getByTestId('ticket-title')).toContainText(id, { timeout: 30_000 });
  return id;
}

/** The checks take a moment on a first open (OCR of the ID copy): wait for the cross-check table. */
const checksReady = (page: Page) => expect(page.getByTestId('cross-check')).toBeVisible({ timeout: 60_000 });

/**
 * The share of a canvas's pixels painted in something other than white: 0 for a blank or
 * unpainted canvas, about 0.08 for a form page, 0.15–0.25 for an identity document. Read from
 * a copy, so polling never makes the page's own canvas slow (or Chromium warn about it).
 */
const inked = (canvas: Locator) =>
  canvas.evaluate((el: HTMLCanvasElement) => {
    if (el.width === 0 || el.height === 0) return 0;
    const copy = new OffscreenCanvas(el.width, el.height).getContext('2d', { willReadFrequently: true })!;
    copy.drawImage(el, 0, 0);
    const { data } = copy.getImageData(0, 0, el.width, el.height);
    let marked = 0;
    for (let i = 0; i < data.length; i += 4) {
      if (data[i + 3]! > 0 && Math.min(data[i]!, data[i + 1]!, data[i + 2]!) < 200) marked += 1;
    }
    return marked / (el.width * el.height);
  });
const percentOf = async (locator: Locator) => Number((await locator.textContent())?.replace(/\D/g, ''));
const size = (canvas: Locator) => canvas.evaluate((el: HTMLCanvasElement) => ({ width: el.width, height: el.height }));

test.describe('ticket view (Pratica)', () => {
  test('shows the PDF form with page count, zoom, rotation, thumbnails and keys', async ({ page, host, problems }) => {
    await openTicket(page, host, clean);
    await expect(page.getByTestId('ticket-state')).toHaveText('Documenti ricevuti');
    const canvas = page.getByTestId('pdf-canvas');
    await expect(canvas).toBeVisible({ timeout: 20_000 });
    await expect(page.getByTestId('pdf-page-count')).toHaveText('di 2');
    expect(await inked(canvas)).toBeGreaterThan(0.02);

    const before = await size(canvas);
    const zoom = await percentOf(page.getByTestId('pdf-zoom-level'));
    await page.getByTestId('pdf-zoom-in').click();
    await expect.poll(() => percentOf(page.getByTestId('pdf-zoom-level'))).toBeGreaterThan(zoom);
    await expect.poll(async () => (await size(page.getByTestId('pdf-canvas'))).width).toBeGreaterThan(before.width);

    await page.getByTestId('pdf-zoom').selectOption('page');
    await page.getByTestId('pdf-rotate').click();
    await expect
      .poll(async () => {
        const turned = await size(page.getByTestId('pdf-canvas'));
        return turned.width > turned.height;
      })
      .toBe(true);

    // Keyboard only, from the page area.
    await page.getByTestId('pdf-scroll').focus();
    await page.keyboard.press('End');
    await expect(page.getByTestId('pdf-page-input')).toHaveValue('2');
    await page.keyboard.press('Home');
    await expect(page.getByTestId('pdf-page-input')).toHaveValue('1');
    await page.keyboard.press('PageDown');
    await expect(page.getByTestId('pdf-page-input')).toHaveValue('2');
    await page.keyboard.press('r');
    await expect
      .poll(async () => {
        const upright = await size(page.getByTestId('pdf-canvas'));
        return upright.height > upright.width;
      })
      .toBe(true);
    const keyed = await percentOf(page.getByTestId('pdf-zoom-level'));
    await page.keyboard.press('-');
    await expect.poll(() => percentOf(page.getByTestId('pdf-zoom-level'))).toBeLessThan(keyed);
    await page.keyboard.press('t');
    await page.getByTestId('pdf-thumb-1').click();
    await expect(page.getByTestId('pdf-page-input')).toHaveValue('1');
    await expect(page.getByTestId('pdf-thumb-1')).toHaveAttribute('aria-current', 'page');
    // The form's text and field values can be selected: the text layer holds them.
    await expect(page.locator('.pdf-viewer .textLayer')).toContainText('Accreditamento');
    await expect(page.locator('.pdf-viewer .field-values')).toContainText(clean.applicant.cognome);
    expect(problems).toEqual([]);
  });

  test("paints the services' previews first, then pdf.js's page in their place at the same size", async ({
    page,
    host,
    problems,
  }) => {
    // The first open tells the services the viewers' sizes; the previews are drawn then.
    const id = await openTicket(page, host, clean);
    await expect(page.getByTestId('pdf-canvas')).toBeVisible({ timeout: 20_000 });
    /** Back to the queue and into the ticket again, as the operator does; what was painted first, and how. */
    const reopen = async () => {
      await page.getByRole('link', { name: /Torna alla coda/ }).click();
      await expect(page.getByTestId('ticket-title')).toHaveCount(0);
      return page.evaluate(
        (ticketId) =>
          new Promise<{ first: string | null; firstSize: number[]; liveSize: number[]; differing: number }>(
            (resolve, reject) => {
              let first: HTMLCanvasElement | null = null;
              const pixels = (canvas: HTMLCanvasElement) => {
                const copy = new OffscreenCanvas(canvas.width, canvas.height).getContext('2d')!;
                copy.drawImage(canvas, 0, 0);
                return copy.getImageData(0, 0, canvas.width, canvas.height).data;
              };
              const timer = setTimeout(() => reject(new Error('not painted in 20 s')), 20_000);
              const observer = new PerformanceObserver((list) => {
                for (const mark of list.getEntries() as PerformanceMark[]) {
                  if ((mark.detail as { ticketId?: string }).ticketId !== ticketId) continue;
                  if (mark.name === 'accredita:ticket-pdf-painted')
                    first = document.querySelector('.pdf-canvas canvas');
                  if (mark.name !== 'accredita:ticket-pdf-live' || !first) continue;
                  observer.disconnect();
                  clearTimeout(timer);
                  const live = document.querySelector<HTMLCanvasElement>('[data-testid="pdf-canvas"]')!;
                  const [a, b] = [pixels(first), pixels(live)];
                  let differing = 0;
                  for (let i = 0; i < Math.min(a.length, b.length); i += 4) {
                    const delta = Math.max(
                      Math.abs(a[i]! - b[i]!),
                      Math.abs(a[i + 1]! - b[i + 1]!),
                      Math.abs(a[i + 2]! - b[i + 2]!),
                    );
                    if (delta > 96) differing += 1;
                  }
                  resolve({
                    first: first.getAttribute('data-testid'),
                    firstSize: [first.width, first.height],
                    liveSize: [live.width, live.height],
                    differing: differing / (a.length / 4),
                  });
                }
              });
              observer.observe({ type: 'mark' });
              history.pushState(null, '', `/pratica/${ticketId}`);
              dispatchEvent(new PopStateEvent('popstate'));
            },
          ),
        id,
      );
    };
    // The first open's preview is drawn while pdf.js draws the page (the preview thread starting):
    // a later open finds it ready.
    let seen = await reopen();
    for (let attempt = 0; attempt < 4 && seen.first !== 'pdf-preview-canvas'; attempt += 1) seen = await reopen();
    expect(seen.first).toBe('pdf-preview-canvas');
    expect(seen.firstSize).toEqual(seen.liveSize);
    // The same page: only the base-14 glyphs differ a little (pdf.js's fonts there, the system's here).
    expect(seen.differing).toBeLessThan(0.02);
    // The identity document beside the applicant, from its preview as well.
    await expect.poll(() => inked(page.getByTestId('id-preview-canvas'))).toBeGreaterThan(0.08);
    expect(problems).toEqual([]);
  });

  test('shows the ID image with its MRZ band, zoom, pan and rotation', async ({ page, host, problems }) => {
    await openTicket(page, host, clean);
    // The preview beside the applicant is painted without opening the tab.
    await expect.poll(() => inked(page.getByTestId('id-preview-canvas')), { timeout: 20_000 }).toBeGreaterThan(0.08);
    await page.keyboard.press('d');
    await expect(page.getByTestId('tab-id')).toHaveAttribute('aria-selected', 'true');
    const canvas = page.getByTestId('image-canvas');
    await expect.poll(() => inked(canvas), { timeout: 20_000 }).toBeGreaterThan(0.08);
    await checksReady(page);

    const band = page.getByTestId('image-highlight');
    await expect(band).toContainText(`MRZ (${clean.layout})`);
    const layer = await page.getByTestId('image-layer').boundingBox();
    const box = await band.boundingBox();
    expect(layer && box).toBeTruthy();
    // ICAO: a TD3 page carries its two MRZ lines in the bottom 23.2 of its 88 mm.
    expect(Math.abs(box!.y + box!.height - (layer!.y + layer!.height))).toBeLessThan(4);
    expect(box!.height / layer!.height).toBeGreaterThan(0.08);
    expect(box!.height / layer!.height).toBeLessThan(0.32);
    await page.getByTestId('image-highlight-toggle').uncheck();
    await expect(band).toBeHidden();
    await page.getByTestId('image-highlight-toggle').check();

    const stage = page.getByTestId('image-stage');
    await stage.focus();
    const fit = await percentOf(page.getByTestId('image-zoom-level'));
    await page.keyboard.press('+');
    await page.keyboard.press('+');
    await expect.poll(() => percentOf(page.getByTestId('image-zoom-level'))).toBeGreaterThan(fit);
    const transform = () => page.getByTestId('image-layer').evaluate((el) => (el as HTMLElement).style.transform);
    const zoomed = await transform();
    await page.keyboard.press('ArrowLeft');
    await expect.poll(transform).not.toBe(zoomed);
    // Dragging pans too.
    const panned = await transform();
    const area = (await stage.boundingBox())!;
    await page.mouse.move(area.x + area.width / 2, area.y + area.height / 2);
    await page.mouse.down();
    await page.mouse.move(area.x + area.width / 2 - 80, area.y + area.height / 2 - 40, { steps: 4 });
    await page.mouse.up();
    await expect.poll(transform).not.toBe(panned);
    await page.keyboard.press('0');
    await expect.poll(() => percentOf(page.getByTestId('image-zoom-level'))).toBe(fit);
    await expect.poll(transform).toContain('translate(0px, 0px)');
    await page.keyboard.press('r');
    await expect.poll(transform).toContain('rotate(90deg)');
    await page.getByTestId('image-contrast').fill('150');
    await expect(canvas).toHaveCSS('filter', /contrast\(1\.5\)/);
    expect(problems).toEqual([]);
  });

  test('renders page 1 of a scanned PDF identity document', async ({ page, host, problems }) => {
    await openTicket(page, host, scanned);
    await page.getByTestId('tab-id').click();
    await expect.poll(() => inked(page.getByTestId('image-canvas')), { timeout: 30_000 }).toBeGreaterThan(0.08);
    await expect(page.getByTestId('image-highlight')).toContainText(`MRZ (${scanned.layout})`);
    expect(problems).toEqual([]);
  });

  test('shows the checks and flags the deliberate mismatch as NO_MATCH', async ({ page, host, problems }) => {
    await openTicket(page, host, mismatch);
    await checksReady(page);
    const field = mismatch.defects.formMismatch!;
    const row = page.getByTestId(`cross-check-${field}`);
    await expect(row).toHaveAttribute('data-status', 'NO_MATCH');
    await expect(row).toContainText('Non concorda');
    await expect(page.getByTestId(`cross-check-why-${field}`)).toContainText('non concorda');
    await expect(page.getByTestId('cross-check').locator('tbody tr[data-field]')).toHaveCount(7);
    await expect(page.getByTestId('verdict-crossCheck')).toContainText('Bloccante');
    await expect(page.getByTestId('verdict-suggestion')).toContainText('non viene mai applicato');
    await expect(page.getByTestId('eidas-list')).toContainText('versione');
    await expect(page.getByTestId('mrz-used-validity')).toHaveText(/Valida|Non valida/);
    await expect(page.getByTestId('history-last-decision')).toContainText('Invia modulo');
    expect(problems).toEqual([]);
  });

  test('checks a typed MRZ while typing, names the wrong check digit, saves and restores it', async ({
    page,
    host,
    problems,
  }) => {
    await openTicket(page, host, clean);
    await checksReady(page);
    await expect(page.getByTestId('mrz-source')).toHaveAttribute('data-source', 'read');
    await page.keyboard.press('m');
    const input = page.getByTestId('mrz-input');
    await expect(input).toBeFocused();
    const live = page.getByTestId('mrz-live');

    await input.fill(composeMrz(clean.document, clean.layout, { break: 'birthDate' }).join('\n'));
    await expect(live).toHaveText('MRZ non valida: cifra di controllo errata per Data di nascita.');
    await expect(input).toHaveAttribute('aria-invalid', 'true');
    await expect(page.getByTestId('mrz-typed-result-birthDate')).toContainText('Errata');

    await input.fill('P<UTOERIKSSON');
    await expect(live).toContainText('una riga di 13 caratteri');

    await input.fill(composeMrz(clean.document, clean.layout).join('\n'));
    await expect(live).toHaveText(`MRZ ${clean.layout} valida: tutte le cifre di controllo sono corrette.`);
    await expect(input).toHaveAttribute('aria-invalid', 'false');

    await page.getByTestId('mrz-save').click();
    await expect(page.getByTestId('mrz-source')).toHaveAttribute('data-source', 'typed', { timeout: 30_000 });
    await page.getByTestId('mrz-restore').click();
    await expect(page.getByTestId('mrz-source')).toHaveAttribute('data-source', 'read', { timeout: 30_000 });
    expect(problems).toEqual([]);
  });

  test('opens read-only, naming the holder, when another operator holds the ticket', async ({
    page,
    host,
    problems,
  }) => {
    expect(await host.claimAsOther(ticketId(leased))).toBe(200);
    await openTicket(page, host, leased);
    const marco = DEMO_STAFF.find((member) => member.id === 'op-marco')!.name;
    await expect(page.getByTestId('read-only-banner')).toContainText(marco, { timeout: 30_000 });
    await checksReady(page);
    await page.getByTestId('mrz-input').fill(composeMrz(leased.document, leased.layout).join('\n'));
    await expect(page.getByTestId('mrz-live')).toContainText('valida');
    await expect(page.getByTestId('mrz-save')).toBeDisabled();
    expect(problems).toEqual([]);
  });

  test('has no axe violations in Italian and English; screenshot', async ({ page, host, problems }) => {
    await openTicket(page, host, mismatch);
    await checksReady(page);
    await expect(page.getByTestId('pdf-canvas')).toBeVisible();
    await expect.poll(() => inked(page.getByTestId('id-preview-canvas'))).toBeGreaterThan(0.08);
    // A common operator screen, so the picture shows the documents beside the checks.
    await page.setViewportSize({ width: 1600, height: 1000 });
    await expect.poll(async () => (await size(page.getByTestId('pdf-canvas'))).width).toBeGreaterThan(600);
    await page.screenshot({ path: screenshot });
    await page.setViewportSize({ width: 1280, height: 800 });

    const violations = async (where: string) =>
      (await new AxeBuilder({ page }).analyze()).violations.map(
        (v) => `${where}: ${v.id} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`,
      );
    expect(await violations('it, PDF form')).toEqual([]);
    await page.getByTestId('tab-id').click();
    await expect.poll(() => inked(page.getByTestId('image-canvas'))).toBeGreaterThan(0.08);
    expect(await violations('it, ID document')).toEqual([]);

    await page.getByTestId('locale-en').click();
    await expect(page.getByTestId('tab-form')).toHaveText('PDF form');
    await expect(page.getByTestId(`cross-check-${mismatch.defects.formMismatch!}`)).toContainText('No match');
    expect(await violations('en, ID document')).toEqual([]);
    await page.getByTestId('tab-form').click();
    expect(await violations('en, PDF form')).toEqual([]);
    await page.getByTestId('locale-it').click();
    await expect(page.getByTestId('tab-form')).toHaveText('Modulo PDF');
    expect(problems).toEqual([]);
  });
});

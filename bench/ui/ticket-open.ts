/**
 * Ticket open, from cache: the time from asking for /pratica/<id> (from the queue) to the first
 * page of the PDF form and the identity document both painted, as the page's own Performance API
 * marks record them (`accredita:ticket-pdf-painted`, `accredita:ticket-id-painted`), p95 over 50
 * tickets in Debian's Chromium. Beside it, Debian's `pdftoppm` (poppler) renders the same first
 * pages at the same pixel size (the size the mark reports), in the same run: the median of its
 * wall time.
 *
 * What is painted first is the services' preview of each document (electron/services/previews),
 * drawn when the console fetched the file, at the size the viewers asked for last: the first open
 * teaches the sizes and is measured apart; the other tickets' files are then fetched and checked
 * as the console's prefetch and background checks do, and the run waits until their previews are
 * drawn. pdf.js's own page (text layer, zoom, rotation) follows: `ticket_open_live_*` is the time
 * to that (`accredita:ticket-pdf-live`).
 */
import { chromium, type Browser, type Page } from '@playwright/test';
import { execFileSync, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type WebSocket from 'ws';
import type { Ticket } from '../../common/api/schemas.ts';
import { chromiumLaunchOptions } from '../../test/support/chromium.ts';
import { tempDir } from '../../test/support/temp-dir.ts';
import { request, tryConnect } from '../../test/support/ws-client.ts';
import { percentile } from '../harness.ts';

/** Seeded tickets: about 60 % reach the state where both the form and the ID copy are in. */
const SEEDED = 100;
const MEASURED = 50;
const PDFTOPPM = '/usr/bin/pdftoppm';
const root = fileURLToPath(new URL('../..', import.meta.url));
const round = (ms: number) => Math.round(ms * 10) / 10;

interface Console {
  launchUrl: string;
  call<T>(method: string, input: unknown): Promise<T>;
  stop(): Promise<void>;
}

/** The web host with the demo data seeded before it starts (test/e2e/queue-host.ts), and a contract client. */
async function startConsole(profileDir: string): Promise<Console> {
  const child = spawn(process.execPath, ['test/e2e/queue-host.ts', '--profile', profileDir, '--tickets', `${SEEDED}`], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const errors: string[] = [];
  child.stderr.on('data', (chunk: Buffer) => errors.push(chunk.toString()));
  const launchUrl = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`host did not start:\n${errors.join('')}`)), 600_000);
    child.once('exit', (code) => reject(new Error(`host exited with ${code}:\n${errors.join('')}`)));
    createInterface({ input: child.stdout }).on('line', (line) => {
      const match = /Open the console: (\S+)/.exec(line);
      if (!match?.[1]) return;
      clearTimeout(timer);
      resolve(match[1]);
    });
  });
  const [url, secret] = launchUrl.split('#k=') as [string, string];
  const { socket } = await tryConnect(`${url.replace('http', 'ws')}ws`, { origin: url.slice(0, -1), secret });
  let next = 0;
  const call = async <T>(method: string, input: unknown): Promise<T> => {
    const id = (next += 1);
    const reply = await request(socket as WebSocket, { type: 'call', id, method, input }, (m) => m.id === id);
    const result = reply.result as { ok: true; value: T } | { ok: false; error: { code: string; message: string } };
    if (!result.ok) throw new Error(`${method}: ${result.error.code} ${result.error.message}`);
    return result.value;
  };
  return {
    launchUrl,
    call,
    stop: () =>
      new Promise((resolve) => {
        socket?.close();
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

interface Candidate {
  id: string;
  form: Ticket['attachments'][number];
}

/** Tickets holding a form and an ID copy, with both files and the checks already in the local cache. */
async function warmTickets(app: Console, wanted: number, skip = 0): Promise<Candidate[]> {
  // The sync engine fills the cache in the background: wait until it holds the whole data set.
  const deadline = Date.now() + 120_000;
  let rows: { id: string }[] = [];
  while (Date.now() < deadline) {
    ({ rows } = await app.call<{ rows: { id: string }[] }>('tickets.query', { limit: 500 }));
    if (rows.length >= SEEDED) break;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  const chosen: Candidate[] = [];
  let skipped = 0;
  for (const { id } of rows) {
    const { ticket } = await app.call<{ ticket: Ticket }>('tickets.get', { ticketId: id });
    const form = ticket.attachments.find((a) => a.kind === 'FORM');
    const copy = ticket.attachments.find((a) => a.kind === 'ID_COPY');
    if (!form || !copy || skipped++ < skip) continue;
    for (const file of [form, copy]) await app.call('attachments.get', { ticketId: id, sha256: file.sha256 });
    // Reading the ID copy (OCR) is the checks' slow part: done now, it does not compete with the paint.
    await app.call('checks.get', { ticketId: id });
    chosen.push({ id, form });
    if (chosen.length === wanted) break;
  }
  if (chosen.length < wanted) throw new Error(`only ${chosen.length} of ${wanted} tickets hold a form and an ID copy`);
  return chosen;
}

interface Opened {
  /** Navigation to both documents painted. */
  ms: number;
  /** Navigation to pdf.js's own page on screen. */
  liveMs: number;
  /** Device pixels the form's first page was painted at. */
  width: number;
  height: number;
  /** Device pixels wide the identity document was painted at. */
  idWidth: number;
}

/**
 * Opens /pratica/<id> from the queue in the page, as the router does on Enter, and waits for both
 * "painted" marks and pdf.js's own page.
 */
async function openFromQueue(page: Page, id: string): Promise<Opened> {
  await page.evaluate(() => {
    history.pushState(null, '', '/coda');
    dispatchEvent(new PopStateEvent('popstate'));
  });
  await page.getByTestId('ticket-title').waitFor({ state: 'detached' });
  return page.evaluate(
    (ticketId) =>
      new Promise<Opened>((resolve, reject) => {
        const [pdf, id, live] = [
          'accredita:ticket-pdf-painted',
          'accredita:ticket-id-painted',
          'accredita:ticket-pdf-live',
        ];
        // The first of each: a later one is a redraw (the MRZ band once the checks arrive).
        const seen = new Map<string, PerformanceMark>();
        const timer = setTimeout(
          () =>
            reject(
              new Error(`${ticketId} was not painted in 15 s (seen: ${[...seen.keys()].join(', ') || 'nothing'})`),
            ),
          15_000,
        );
        const observer = new PerformanceObserver((list) => {
          for (const entry of list.getEntries() as PerformanceMark[]) {
            const detail = entry.detail as { ticketId?: string } | null;
            if ([pdf, id, live].includes(entry.name) && detail?.ticketId === ticketId && !seen.has(entry.name))
              seen.set(entry.name, entry);
          }
          if (seen.size === 3) {
            observer.disconnect();
            clearTimeout(timer);
            const size = seen.get(pdf)!.detail as { width: string; height: string };
            const idSize = seen.get(id)!.detail as { width: string };
            resolve({
              ms: Math.max(seen.get(pdf)!.startTime, seen.get(id)!.startTime) - start,
              liveMs: seen.get(live)!.startTime - start,
              width: Number(size.width),
              height: Number(size.height),
              idWidth: Number(idSize.width),
            });
          }
        });
        observer.observe({ type: 'mark' });
        const start = performance.now();
        history.pushState(null, '', `/pratica/${ticketId}`);
        dispatchEvent(new PopStateEvent('popstate'));
      }),
    id,
  );
}

/** Wall time of `pdftoppm` drawing page 1 at exactly `width` × `height` pixels (PPM: no compression to pay). */
function pdftoppmMs(file: string, width: number, height: number, out: string): number {
  const started = performance.now();
  execFileSync(PDFTOPPM, ['-f', '1', '-l', '1', '-scale-to-x', `${width}`, '-scale-to-y', `${height}`, file, out]);
  return performance.now() - started;
}

/**
 * The ticket-open metrics. Uses the browser it is given (the UI benchmark shares one) or launches
 * Debian's Chromium; seeds its own console with the demo data set.
 */
export async function measureTicketOpen(context: { browser?: Browser } = {}): Promise<Record<string, number>> {
  const dir = tempDir('ticket-open');
  const app = await startConsole(dir.dir);
  const browser = context.browser ?? (await chromium.launch(chromiumLaunchOptions()));
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  try {
    const [first] = await warmTickets(app, 1);
    await page.goto(app.launchUrl);
    await page
      .getByTestId('connection')
      .filter({ hasText: /Connesso|Connected/ })
      .waitFor();
    // The first open of a session also loads the view's code, pdf.js and its worker, and tells the
    // services the viewers' sizes: measured apart.
    const cold = await openFromQueue(page, first!.id);
    const tickets = await warmTickets(app, MEASURED, 1);
    // The width the viewer asks its previews at: its content box less a 12 px margin each side
    // (zoom.ts PAGE_MARGIN), in device pixels, fractions kept.
    const pageWidth = await page.getByTestId('pdf-scroll').evaluate(
      (scroller) =>
        new Promise<number>((resolve) => {
          const observer = new ResizeObserver(([entry]) => {
            observer.disconnect();
            resolve((entry!.contentRect.width - 24) * (window.devicePixelRatio || 1));
          });
          observer.observe(scroller);
        }),
    );
    for (const { id } of tickets) {
      await app.call('documents.pagePreview', { ticketId: id, width: pageWidth });
      await app.call('documents.imagePreview', { ticketId: id, width: cold.idWidth });
    }
    const samples: number[] = [];
    const live: number[] = [];
    const pdftoppm: number[] = [];
    for (const ticket of tickets) {
      const opened = await openFromQueue(page, ticket.id);
      samples.push(opened.ms);
      live.push(opened.liveMs);
      const { data } = await app.call<{ data: Uint8Array }>('attachments.get', {
        ticketId: ticket.id,
        sha256: ticket.form.sha256,
      });
      const file = path.join(dir.dir, `${ticket.id}.pdf`);
      writeFileSync(file, data);
      pdftoppm.push(pdftoppmMs(file, opened.width, opened.height, path.join(dir.dir, 'page')));
    }
    samples.sort((a, b) => a - b);
    live.sort((a, b) => a - b);
    pdftoppm.sort((a, b) => a - b);
    const p95 = percentile(samples, 95);
    const poppler = percentile(pdftoppm, 50);
    return {
      ticket_open_p95_ms: round(p95),
      ticket_open_p50_ms: round(percentile(samples, 50)),
      ticket_open_first_ms: round(cold.ms),
      ticket_open_live_p50_ms: round(percentile(live, 50)),
      ticket_open_live_p95_ms: round(percentile(live, 95)),
      pdftoppm_ms: round(poppler),
      ticket_open_p95_vs_pdftoppm: Math.round((p95 / poppler) * 100) / 100,
      ticket_open_samples: samples.length,
    };
  } finally {
    await page.close();
    if (!context.browser) await browser.close();
    await app.stop();
    dir.remove();
  }
}

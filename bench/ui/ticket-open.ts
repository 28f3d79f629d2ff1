/**
 * Ticket open, from cache: the time from asking for /pratica/<id> (from the queue) to the first
 * page of the PDF form and the identity document both painted, as the page's own Performance API
 * marks record them (`accredita:ticket-pdf-painted`, `accredita:ticket-id-painted`), p95 over 50
 * tickets in Debian's Chromium. Beside it, Debian's `pdftoppm` (poppler) renders the same first
 * pages at the same pixel size, in the same run: the median of its wall time.
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
async function warmTickets(app: Console, wanted: number): Promise<Candidate[]> {
  // The sync engine fills the cache in the background: wait until it holds the whole data set.
  const deadline = Date.now() + 120_000;
  let rows: { id: string }[] = [];
  while (Date.now() < deadline) {
    ({ rows } = await app.call<{ rows: { id: string }[] }>('tickets.query', { limit: 500 }));
    if (rows.length >= SEEDED) break;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  const chosen: Candidate[] = [];
  for (const { id } of rows) {
    const { ticket } = await app.call<{ ticket: Ticket }>('tickets.get', { ticketId: id });
    const form = ticket.attachments.find((a) => a.kind === 'FORM');
    const copy = ticket.attachments.find((a) => a.kind === 'ID_COPY');
    if (!form || !copy) continue;
    for (const file of [form, copy]) await app.call('attachments.get', { ticketId: id, sha256: file.sha256 });
    // Reading the ID copy (OCR) is the checks' slow part: done now, it does not compete with the paint.
    await app.call('checks.get', { ticketId: id });
    chosen.push({ id, form });
    if (chosen.length === wanted) break;
  }
  if (chosen.length < wanted) throw new Error(`only ${chosen.length} of ${wanted} tickets hold a form and an ID copy`);
  return chosen;
}

/**
 * Opens /pratica/<id> from the queue in the page, as the router does on Enter, and waits for both
 * "painted" marks; answers the milliseconds from the navigation to the later mark, and the size
 * in device pixels the form's first page was drawn at.
 */
async function openFromQueue(page: Page, id: string): Promise<{ ms: number; width: number; height: number }> {
  await page.evaluate(() => {
    history.pushState(null, '', '/coda');
    dispatchEvent(new PopStateEvent('popstate'));
  });
  await page.getByTestId('ticket-title').waitFor({ state: 'detached' });
  const ms = await page.evaluate(
    (ticketId) =>
      new Promise<number>((resolve, reject) => {
        const wanted = ['accredita:ticket-pdf-painted', 'accredita:ticket-id-painted'];
        const seen = new Map<string, number>();
        const timer = setTimeout(() => reject(new Error(`${ticketId} was not painted in 15 s`)), 15_000);
        const observer = new PerformanceObserver((list) => {
          for (const entry of list.getEntries() as PerformanceMark[]) {
            const detail = entry.detail as { ticketId?: string } | null;
            if (wanted.includes(entry.name) && detail?.ticketId === ticketId) seen.set(entry.name, entry.startTime);
          }
          if (seen.size === wanted.length) {
            observer.disconnect();
            clearTimeout(timer);
            resolve(Math.max(...seen.values()) - start);
          }
        });
        observer.observe({ type: 'mark' });
        const start = performance.now();
        history.pushState(null, '', `/pratica/${ticketId}`);
        dispatchEvent(new PopStateEvent('popstate'));
      }),
    id,
  );
  const size = await page
    .getByTestId('pdf-canvas')
    .evaluate((canvas: HTMLCanvasElement) => ({ width: canvas.width, height: canvas.height }));
  return { ms, ...size };
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
    const [first, ...tickets] = await warmTickets(app, MEASURED + 1);
    await page.goto(app.launchUrl);
    await page
      .getByTestId('connection')
      .filter({ hasText: /Connesso|Connected/ })
      .waitFor();
    // The first open of a session also loads the view's code, pdf.js and its worker: measured apart.
    const cold = await openFromQueue(page, first!.id);
    const samples: number[] = [];
    const pdftoppm: number[] = [];
    for (const ticket of tickets) {
      const opened = await openFromQueue(page, ticket.id);
      samples.push(opened.ms);
      const { dataBase64 } = await app.call<{ dataBase64: string }>('attachments.get', {
        ticketId: ticket.id,
        sha256: ticket.form.sha256,
      });
      const file = path.join(dir.dir, `${ticket.id}.pdf`);
      writeFileSync(file, Buffer.from(dataBase64, 'base64'));
      pdftoppm.push(pdftoppmMs(file, opened.width, opened.height, path.join(dir.dir, 'page')));
    }
    samples.sort((a, b) => a - b);
    pdftoppm.sort((a, b) => a - b);
    const p95 = percentile(samples, 95);
    const poppler = percentile(pdftoppm, 50);
    return {
      ticket_open_p95_ms: round(p95),
      ticket_open_p50_ms: round(percentile(samples, 50)),
      ticket_open_first_ms: round(cold.ms),
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

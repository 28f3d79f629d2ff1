import { randomUUID } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExportStatus } from '../../common/contract/supervisor-methods.ts';
import { createServices } from '../../electron/services/index.ts';
import { createLogger } from '../../electron/services/log/logger.ts';
import { keyFileSealer } from '../../electron/services/security/sealer.ts';
import { OPERATORS, startApiFixture } from '../support/api-fixture.ts';
import { decideAt, evidenceFor, type TestClock } from '../support/decision-history.ts';
import { tempDir } from '../support/temp-dir.ts';

/** A console's services on a throwaway profile, signed in as `operatorId`, driven through the contract. */
function startConsole({ apiUrl, token, operatorId }: { apiUrl: string; token: string; operatorId: string }) {
  const profile = tempDir('supervisor-console');
  const operator = OPERATORS.find((o) => o.id === operatorId)!;
  const services = createServices({
    identity: { name: 'Accredita', version: 'test', host: 'web', platform: 'linux' },
    profileDir: profile.dir,
    log: createLogger('console', 'error', process.env.ACCREDITA_TEST_LOG ? undefined : () => {}),
    sealer: keyFileSealer(),
    demoApiUrl: apiUrl,
    session: { token, operator: { id: operator.id, name: operator.name, role: operator.role } },
    backgroundChecks: false,
  });
  return {
    profileDir: profile.dir,
    events: services.events,
    async call<T = Record<string, unknown>>(method: string, input: unknown = {}): Promise<T> {
      const result = await services.dispatch(method, input, { host: 'web', client: 'test' });
      if (!result.ok) {
        throw Object.assign(new Error(`${method}: ${result.error.code} ${result.error.message}`), {
          code: result.error.code,
        });
      }
      return result.value as T;
    },
    async remove() {
      await services.close();
      profile.remove();
    },
  };
}
type Console = ReturnType<typeof startConsole>;
let api: Awaited<ReturnType<typeof startApiFixture>>;
let marta: Console;
let paolo: Console;
const clock: TestClock = { at: new Date() };
const exportsDir = tempDir('exports');
const made: { decisionId: string; ticketId: string }[] = [];

/** RFC 4180 read back independently of the writer: quoted fields, doubled quotes, CRLF records. */
function parseCsv(text: string, delimiter = ','): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i]!;
    if (quoted && c === '"' && text[i + 1] === '"') {
      field += '"';
      i += 1;
    } else if (c === '"') {
      quoted = !quoted;
    } else if (!quoted && c === delimiter) {
      row.push(field);
      field = '';
    } else if (!quoted && c === '\r' && text[i + 1] === '\n') {
      rows.push([...row, field]);
      row = [];
      field = '';
      i += 1;
    } else {
      field += c;
    }
  }
  return rows;
}

async function finished(console: Console, started: ExportStatus): Promise<ExportStatus> {
  for (let i = 0; i < 400; i += 1) {
    const status = await console.call<ExportStatus>('exports.status', { exportId: started.exportId });
    if (status.state !== 'running') return status;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('export did not finish');
}

beforeAll(async () => {
  api = await startApiFixture({ now: () => clock.at });
  const people = [
    { nome: 'Jürgen', cognome: 'Müller, Jr.', nationality: 'DE' },
    { nome: 'Ana "Anita"', cognome: 'Núñez', nationality: 'ES' },
    { nome: 'Ayşe', cognome: 'Öztürk', nationality: 'TR' },
  ];
  for (let i = 0; i < 12; i += 1) {
    const person = people[i % 3]!;
    const action = (['APPROVE', 'REJECT', 'REDIRECT'] as const)[i % 3]!;
    const result = decideAt(api.server, clock, {
      operatorId: i % 2 ? 'op-luca' : 'op-anna',
      action,
      openedAt: new Date(Date.parse('2026-09-01T08:00:00Z') + i * 86_400_000).toISOString(),
      handlingSeconds: 600 + i * 60,
      applicant: { ...person, residenceCountry: person.nationality },
      ...(action === 'REDIRECT' ? { redirectTarget: 'EIDAS' as const, reasonCodes: ['EIDAS_AVAILABLE' as const] } : {}),
      ...(i === 0
        ? {
            evidence: (ticket) =>
              evidenceFor(ticket, { duplicates: [{ ticketId: 'UE-2026-000999', matchedOn: ['email'] }] }),
          }
        : {}),
      ...(i === 4 ? { note: '=HYPERLINK("http://example.org","open")\r\nsecond line' } : {}),
    });
    made.push({ decisionId: result.decisionId, ticketId: result.ticket.id });
  }
  marta = startConsole({ apiUrl: api.server.url, token: await api.loginAs('sup-marta'), operatorId: 'sup-marta' });
  paolo = startConsole({ apiUrl: api.server.url, token: await api.loginAs('sup-paolo'), operatorId: 'sup-paolo' });
});
afterAll(async () => {
  await marta?.remove();
  await paolo?.remove();
  await api?.close();
  exportsDir.remove();
});

describe('supervisor services over the contract', () => {
  it('page the history with filters and search, and open a snapshot', async () => {
    const first = await marta.call<{ entries: { decisionId: string }[]; total: number; nextCursor: string }>(
      'history.query',
      { from: '2026-09-01T00:00:00Z', to: '2026-10-01T00:00:00Z', limit: 5 },
    );
    expect(first.total).toBe(12);
    const second = await marta.call<{ entries: { decisionId: string }[] }>('history.query', {
      from: '2026-09-01T00:00:00Z',
      to: '2026-10-01T00:00:00Z',
      limit: 5,
      cursor: first.nextCursor,
    });
    expect([...first.entries, ...second.entries].map((e) => e.decisionId)).toEqual(
      made
        .map((m) => m.decisionId)
        .reverse()
        .slice(0, 10),
    );
    const searched = await marta.call<{ entries: { ticketId: string }[] }>('history.query', {
      text: 'nunez',
      action: 'REJECT',
    });
    expect(searched.entries.map((e) => e.ticketId)).toEqual([10, 7, 4, 1].map((i) => made[i]!.ticketId));
    const flagged = await marta.call<{ entries: { decisionId: string }[] }>('history.query', {
      flags: ['DUPLICATE_OVERRIDDEN'],
    });
    expect(flagged.entries.map((e) => e.decisionId)).toEqual([made[0]!.decisionId]);
    const snapshot = await marta.call<{ evidence: { duplicates: unknown[] }; countersignRules: { required: boolean } }>(
      'history.snapshot',
      { decisionId: made[0]!.decisionId },
    );
    expect(snapshot.evidence.duplicates).toHaveLength(1);
    expect(snapshot.countersignRules.required).toBe(true);
  });

  it('countersigns through the queue; a return needs a note before it leaves the console', async () => {
    const queue = await paolo.call<{ items: { decisionId: string; ticketId: string; evidenceHash: string }[] }>(
      'countersign.queue',
    );
    const found = queue.items.find((i) => i.decisionId === made[0]!.decisionId)!;
    const item = { ticketId: found.ticketId, decisionId: found.decisionId, evidenceHash: found.evidenceHash };
    const noNote = await paolo.call('countersign.decide', { ...item, verdict: 'RETURN' }).catch((e: Error) => e);
    expect(noNote).toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('note') });
    const confirmed = await paolo.call('countersign.decide', { ...item, verdict: 'CONFIRM' });
    expect(confirmed).toMatchObject({ state: 'APPROVED', countersignedBy: 'sup-paolo' });
    const again = await marta
      .call('countersign.decide', { ...item, verdict: 'CONFIRM' })
      .catch((e: { code: string }) => e);
    expect(again).toMatchObject({ code: 'CONFLICT' });
  });

  it('gives statistics and the audit log, newest first', async () => {
    const stats = await marta.call<{ totals: { decisions: number; byAction: Record<string, number> } }>('stats.get', {
      from: '2026-09-01T00:00:00Z',
      to: '2026-10-01T00:00:00Z',
      bucket: 'week',
    });
    expect(stats.totals).toMatchObject({ decisions: 12, byAction: { APPROVE: 4, REJECT: 4, REDIRECT: 4 } });
    const audit = await marta.call<{ entries: { seq: number; action: string }[] }>('audit.list', { limit: 3 });
    expect(audit.entries.map((e) => e.seq)).toEqual([...audit.entries.map((e) => e.seq)].sort((a, b) => b - a));
    const viewed = await marta.call<{ entries: { actor: string }[] }>('audit.list', { action: 'decision.viewed' });
    expect(viewed.entries[0]).toMatchObject({ actor: 'sup-marta' });
  });

  it('notices the log cut short after the head it verified last time', async () => {
    const first = await marta.call<{ ok: boolean; anchor: unknown; head: { seq: number } }>('audit.verify');
    expect(first).toMatchObject({ ok: true, anchor: null });
    const second = await marta.call<{ ok: boolean; anchor: { status: string; seq: number } }>('audit.verify');
    expect(second.anchor).toMatchObject({ status: 'MATCH', seq: first.head.seq });

    const file = new Database(api.server.db.name);
    file.exec('DROP TRIGGER audit_no_delete');
    file.prepare('DELETE FROM audit WHERE seq >= ?').run(first.head.seq - 1);
    file.close();
    const third = await marta.call<{ ok: boolean; breaks: unknown[]; anchor: { status: string } }>('audit.verify');
    // The shortened chain is internally valid; only the noted head shows what happened.
    expect(third).toMatchObject({ ok: false, breaks: [], anchor: { status: 'MISSING' } });
  });

  it('refuses an operator before the network, and says when the central API is unreachable', async () => {
    const anna = startConsole({ apiUrl: api.server.url, token: await api.loginAs('op-anna'), operatorId: 'op-anna' });
    const offline = startConsole({ apiUrl: 'http://127.0.0.1:9/', token: 'unused', operatorId: 'sup-marta' });
    try {
      await expect(anna.call('history.query')).rejects.toMatchObject({ code: 'FORBIDDEN' });
      await expect(anna.call('exports.start', { kind: 'audit-csv', filters: {} })).rejects.toMatchObject({
        code: 'FORBIDDEN',
      });
      const refused = await offline.call('countersign.queue').catch((e: Error & { code: string }) => e);
      expect(refused).toMatchObject({ code: 'UNAVAILABLE' });
      expect((refused as Error).message).toMatch(/cannot be reached/);
    } finally {
      await anna.remove();
      await offline.remove();
    }
  });
});

describe('exports', () => {
  it('writes the history as RFC 4180 CSV with a BOM, escaping what people typed, with progress events', async () => {
    const events: ExportStatus[] = [];
    marta.events.subscribe('exports.events', (event) => events.push(event));
    const started = await marta.call<ExportStatus>('exports.start', {
      kind: 'history-csv',
      filters: { from: '2026-09-01T00:00:00Z', to: '2026-10-01T00:00:00Z' },
      locale: 'en',
      directory: exportsDir.dir,
    });
    expect(started.state).toBe('running');
    const done = await finished(marta, started);
    expect(done).toMatchObject({ state: 'done', done: 12, total: 12 });
    expect(events.at(0)?.state).toBe('running');
    expect(events.at(-1)).toMatchObject({ state: 'done', exportId: started.exportId });

    const bytes = readFileSync(done.path);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.subarray(3).toString('utf8');
    expect(text.endsWith('\r\n')).toBe(true);
    const rows = parseCsv(text);
    expect(rows).toHaveLength(13);
    expect(rows[0]!.slice(0, 3)).toEqual(['Recorded at', 'Decided at', 'Ticket']);
    expect(new Set(rows.map((r) => r.length))).toEqual(new Set([20]));
    const applicant = rows[0]!.indexOf('Applicant');
    const note = rows[0]!.indexOf('Note');
    expect(rows.map((r) => r[applicant])).toContain('Jürgen Müller, Jr.');
    expect(rows.map((r) => r[applicant])).toContain('Ana "Anita" Núñez');
    const withNote = rows.slice(1).find((r) => r[note] !== '')!;
    expect(withNote[note]).toBe('\'=HYPERLINK("http://example.org","open")\r\nsecond line');
    expect(readdirSync(exportsDir.dir).filter((f) => f.endsWith('.part'))).toEqual([]);
  });

  it('uses semicolons for Excel in Italian when asked, and writes the audit log', async () => {
    const started = await marta.call<ExportStatus>('exports.start', {
      kind: 'audit-csv',
      filters: { action: 'decision.applied' },
      delimiter: 'semicolon',
      directory: exportsDir.dir,
    });
    const done = await finished(marta, started);
    const rows = parseCsv(readFileSync(done.path, 'utf8').slice(1), ';');
    expect(rows[0]![0]).toBe('N.');
    expect(rows.slice(1).every((r) => r[3] === 'decision.applied')).toBe(true);
    expect(rows.length - 1).toBe(done.done);
    expect(done.done).toBeGreaterThanOrEqual(12);
  });

  it('refuses a folder that is not one', async () => {
    await expect(
      marta.call('exports.start', { kind: 'audit-csv', filters: {}, directory: 'relative/folder' }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(
      marta.call('exports.start', { kind: 'audit-csv', filters: {}, directory: path.join(exportsDir.dir, 'missing') }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('renders the period report as a PDF whose pages draw text and charts', async () => {
    const started = await marta.call<ExportStatus>('exports.start', {
      kind: 'report-pdf',
      period: { from: '2026-09-01T00:00:00Z', to: '2026-10-01T00:00:00Z', bucket: 'day' },
      locale: 'it',
    });
    const done = await finished(marta, started);
    expect(done).toMatchObject({ state: 'done', done: 3, total: 3 });
    expect(done.path.startsWith(path.join(marta.profileDir, 'exports'))).toBe(true);
    expect(path.basename(done.path)).toBe('accredita-rapporto-2026-09-01_2026-09-30.pdf');

    const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs');
    const pdf = await getDocument({ data: new Uint8Array(readFileSync(done.path)) }).promise;
    const page = await pdf.getPage(1);
    const words = (await page.getTextContent()).items.map((item) => ('str' in item ? item.str : '')).join(' ');
    expect(words).toContain('Rapporto di supervisione');
    expect(words).toMatch(/Decisioni\s+12/);
    expect(words).toContain('Approvazione');
    await pdf.destroy();

    const prefix = path.join(exportsDir.dir, 'report');
    execFileSync('pdftoppm', ['-png', '-r', '50', '-f', '1', '-l', '2', done.path, prefix]);
    const pngs = readdirSync(exportsDir.dir)
      .filter((f) => f.startsWith('report') && f.endsWith('.png'))
      .sort();
    expect(pngs.length).toBeGreaterThanOrEqual(1);
    const image = PNG.sync.read(readFileSync(path.join(exportsDir.dir, pngs[0]!)));
    let ink = 0;
    let green = 0;
    for (let i = 0; i < image.data.length; i += 4) {
      const [r, g, b] = [image.data[i]!, image.data[i + 1]!, image.data[i + 2]!];
      if (r + g + b < 600) ink += 1;
      // The approvals' bars (Okabe–Ito bluish green): charts were drawn, not only text.
      if (r < 40 && g > 130 && g < 190 && b > 90 && b < 140) green += 1;
    }
    const pixels = image.width * image.height;
    expect(ink / pixels).toBeGreaterThan(0.03);
    expect(green).toBeGreaterThan(100);
    if (process.env.ACCREDITA_KEEP_REPORT)
      execFileSync('cp', [path.join(exportsDir.dir, pngs[0]!), process.env.ACCREDITA_KEEP_REPORT]);
  });

  it('gives a finished export back in slices, byte for byte, and nothing of one still running', async () => {
    const started = await marta.call<ExportStatus>('exports.start', {
      kind: 'history-csv',
      filters: {},
      directory: exportsDir.dir,
    });
    const done = await finished(marta, started);
    const whole = readFileSync(done.path);
    type Slice = { data: Uint8Array; totalBytes: number; filename: string; mediaType: string };
    const slices: Buffer[] = [];
    let first: Slice | undefined;
    for (let offset = 0; offset < whole.length;) {
      const slice = await marta.call<Slice>('exports.read', { exportId: done.exportId, offset, length: 700 });
      first ??= slice;
      const bytes = Buffer.from(slice.data);
      expect(bytes.length).toBeGreaterThan(0);
      slices.push(bytes);
      offset += bytes.length;
    }
    expect(Buffer.concat(slices).equals(whole)).toBe(true);
    expect(slices.length).toBe(Math.ceil(whole.length / 700));
    expect(first).toMatchObject({
      totalBytes: whole.length,
      filename: path.basename(done.path),
      mediaType: 'text/csv',
    });
    const past = await marta.call<Slice>('exports.read', { exportId: done.exportId, offset: whole.length + 10 });
    expect(past.data).toHaveLength(0);

    const running = await marta.call<ExportStatus>('exports.start', {
      kind: 'audit-csv',
      filters: {},
      directory: exportsDir.dir,
    });
    await expect(marta.call('exports.read', { exportId: running.exportId })).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    await finished(marta, running);
    await expect(marta.call('exports.read', { exportId: randomUUID() })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(
      marta.call('exports.read', { exportId: done.exportId, length: 2 * 1024 * 1024 }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });
});

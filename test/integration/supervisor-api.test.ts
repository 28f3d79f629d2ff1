import { createHash, randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalJson } from '../../common/domain/canonical-json.ts';
import { formEmail, startApiFixture } from '../support/api-fixture.ts';
import { decideAt, evidenceFor, type TestClock } from '../support/decision-history.ts';

type Fixture = Awaited<ReturnType<typeof startApiFixture>>;
let api: Fixture;
const clock: TestClock = { at: new Date() };
const tokens: Record<string, string> = {};

beforeAll(async () => {
  api = await startApiFixture({ now: () => clock.at });
  for (const id of ['op-anna', 'op-luca', 'op-nuovo', 'sup-marta', 'sup-paolo']) tokens[id] = await api.loginAs(id);
});
afterAll(() => api.close());

const get = (url: string, who = 'sup-marta') => api.request('GET', url, { token: tokens[who] });
const countersign = (ticketId: string, who: string, body: Record<string, unknown>) =>
  api.request('POST', `/tickets/${ticketId}/countersign`, {
    token: tokens[who],
    headers: { 'Idempotency-Key': randomUUID() },
    body,
  });
const hours = (n: number) => n * 3600;

describe('supervisor operations', () => {
  it('are refused to operators by the server (403), whatever the console shows', async () => {
    const urls = [
      '/history',
      `/history/${randomUUID()}`,
      '/countersign-queue',
      '/statistics?from=2026-01-01T00:00:00Z&to=2026-02-01T00:00:00Z',
      '/audit',
      '/audit/verify',
    ];
    for (const url of urls) {
      const refused = await get(url, 'op-anna');
      expect(refused.status, url).toBe(403);
      expect(refused.json.code, url).toBe('ROLE_REQUIRED');
      expect((await get(url, 'sup-marta')).status, url).not.toBe(403);
    }
  });
});

describe('four-eyes rules from resources/countersign/rules.json', () => {
  it('sends approvals to countersign from the pinned evidence, not only the console’s flags', async () => {
    const mismatch = decideAt(api.server, clock, {
      operatorId: 'op-anna',
      action: 'APPROVE',
      openedAt: '2026-03-02T08:00:00Z',
      handlingSeconds: 600,
      evidence: (ticket) =>
        evidenceFor(ticket, {
          crossCheck: [{ field: 'birthDate', status: 'NO_MATCH', values: { web: '1980-05-17', mrz: '1980-05-18' } }],
        }),
    });
    expect(mismatch.answer.body).toMatchObject({ state: 'AWAITING_COUNTERSIGN', countersignRequired: true });

    const expiring = decideAt(api.server, clock, {
      operatorId: 'op-anna',
      action: 'APPROVE',
      openedAt: '2026-03-02T09:00:00Z',
      handlingSeconds: 600,
      evidence: (ticket) =>
        evidenceFor(ticket, { document: { ...evidenceFor(ticket).document, expiryDate: '2026-03-20' } }),
    });
    const clean = decideAt(api.server, clock, {
      operatorId: 'op-anna',
      action: 'APPROVE',
      openedAt: '2026-03-02T10:00:00Z',
      handlingSeconds: 600,
      evidence: (ticket) => evidenceFor(ticket),
    });
    expect(clean.answer.body).toMatchObject({ state: 'APPROVED', countersignRequired: false });
    const trainee = decideAt(api.server, clock, {
      operatorId: 'op-nuovo',
      action: 'APPROVE',
      openedAt: '2026-03-02T11:00:00Z',
      handlingSeconds: 600,
      evidence: (ticket) => evidenceFor(ticket),
    });

    const queue = await get('/countersign-queue');
    const byTicket = new Map(
      (queue.json.items as { ticketId: string; flags: string[] }[]).map((item) => [item.ticketId, item.flags]),
    );
    expect(byTicket.get(mismatch.ticket.id)).toEqual(['NO_MATCH_OVERRIDDEN']);
    expect(byTicket.get(expiring.ticket.id)).toEqual(['DOC_EXPIRING_SOON']);
    expect(byTicket.get(trainee.ticket.id)).toEqual(['OPERATOR_IN_TRAINING']);
    expect(byTicket.has(clean.ticket.id)).toBe(false);

    const snapshot = await get(`/history/${expiring.decisionId}`);
    expect(snapshot.json.countersignRules).toMatchObject({
      required: true,
      hits: [
        {
          ruleId: 'document-expiring',
          flag: 'DOC_EXPIRING_SOON',
          detail: { en: expect.stringContaining('in 18 days') },
        },
      ],
    });
  });

  it('refuses evidence that quotes a file the ticket does not have', () => {
    const forged = () =>
      decideAt(api.server, clock, {
        operatorId: 'op-luca',
        action: 'APPROVE',
        openedAt: '2026-03-03T08:00:00Z',
        handlingSeconds: 60,
        evidence: (ticket) => evidenceFor(ticket, { documents: [{ sha256: 'f'.repeat(64), kind: 'ID_COPY' }] }),
      });
    expect(forged).toThrow(
      expect.objectContaining({
        status: 400,
        extra: { issues: [expect.objectContaining({ path: 'evidence.documents.0.sha256' })] },
      }),
    );
  });

  it('never lets the maker countersign, voids on changed evidence, and returns only with a note', async () => {
    const own = decideAt(api.server, clock, {
      operatorId: 'sup-marta',
      action: 'APPROVE',
      openedAt: '2026-03-04T08:00:00Z',
      handlingSeconds: 60,
      countersignFlags: ['DUPLICATE_OVERRIDDEN'],
    });
    const queue = await get('/countersign-queue');
    const mine = (queue.json.items as { decisionId: string; ownDecision: boolean; evidenceHash: string }[]).find(
      (item) => item.decisionId === own.decisionId,
    )!;
    expect(mine.ownDecision).toBe(true);
    const refused = await countersign(own.ticket.id, 'sup-marta', {
      decisionId: own.decisionId,
      verdict: 'CONFIRM',
      evidenceHash: mine.evidenceHash,
    });
    expect(refused.status).toBe(403);
    expect(refused.json.code).toBe('FOUR_EYES');

    const noNote = await countersign(own.ticket.id, 'sup-paolo', {
      decisionId: own.decisionId,
      verdict: 'RETURN',
      evidenceHash: mine.evidenceHash,
    });
    expect(noNote.status).toBe(400);
    expect(noNote.json.issues).toContainEqual(expect.objectContaining({ path: 'note' }));
    const returned = await countersign(own.ticket.id, 'sup-paolo', {
      decisionId: own.decisionId,
      verdict: 'RETURN',
      evidenceHash: mine.evidenceHash,
      note: 'Verificare il secondo documento',
    });
    expect(returned.json).toMatchObject({ state: 'UNDER_REVIEW', verdict: 'RETURN' });
    const afterReturn = await get(`/history?q=${encodeURIComponent('secondo documento')}`);
    expect(afterReturn.json.entries).toMatchObject([
      {
        decisionId: own.decisionId,
        state: 'UNDER_REVIEW',
        countersignedBy: null,
        countersign: {
          status: 'RETURNED',
          by: 'sup-paolo',
          byName: 'Paolo Colombo',
          note: 'Verificare il secondo documento',
        },
      },
    ]);

    const changing = decideAt(api.server, clock, {
      operatorId: 'op-anna',
      action: 'APPROVE',
      openedAt: '2026-03-04T09:00:00Z',
      handlingSeconds: 60,
      countersignFlags: ['NO_MATCH_OVERRIDDEN'],
    });
    api.server.tickets.addEmail(
      changing.ticket.id,
      formEmail(Buffer.from('%PDF-1.4 a corrected form')) as Parameters<Fixture['server']['tickets']['addEmail']>[1],
      'urp-online',
    );
    const queueAfter = (await get('/countersign-queue')).json.items as { decisionId: string }[];
    expect(queueAfter.map((item) => item.decisionId)).not.toContain(changing.decisionId);
    const late = await countersign(changing.ticket.id, 'sup-paolo', {
      decisionId: changing.decisionId,
      verdict: 'CONFIRM',
      evidenceHash: changing.ticket.evidenceHash,
    });
    expect(late.status).toBe(409);
    const voided = await get(`/history/${changing.decisionId}`);
    expect(voided.json.decision).toMatchObject({ state: 'UNDER_REVIEW', countersign: { status: 'VOIDED', by: null } });
    expect(voided.json.evidenceUnchanged).toBe(false);
  });
});

describe('history', () => {
  const planned: { decisionId: string; ticketId: string }[] = [];
  beforeAll(() => {
    const people = [
      { nome: 'Jürgen', cognome: 'Müller', nationality: 'DE' },
      { nome: 'Ayşe', cognome: 'Öztürk', nationality: 'TR' },
      { nome: 'María', cognome: 'Núñez', nationality: 'ES' },
    ];
    for (let i = 0; i < 24; i += 1) {
      const person = people[i % 3]!;
      const actions = ['APPROVE', 'REJECT', 'SEND_FORM', 'REDIRECT'] as const;
      const action = actions[i % 4]!;
      const made = decideAt(api.server, clock, {
        operatorId: i % 2 === 0 ? 'op-anna' : 'op-luca',
        action,
        openedAt: new Date(Date.parse('2026-04-01T08:00:00Z') + i * hours(6) * 1000).toISOString(),
        handlingSeconds: 120,
        applicant: { ...person, residenceCountry: person.nationality, email: `person${i}@example.org` },
        ...(action === 'REDIRECT'
          ? { redirectTarget: 'EIDAS' as const, reasonCodes: ['EIDAS_AVAILABLE' as const] }
          : {}),
        ...(action === 'APPROVE' && i % 8 === 0
          ? {
              evidence: (ticket) =>
                evidenceFor(ticket, {
                  crossCheck: [{ field: 'surname', status: 'NO_MATCH', values: { web: 'X', mrz: 'Y' } }],
                }),
            }
          : {}),
        note: i === 5 ? 'telefonato al richiedente' : undefined,
      });
      expect(made.answer.status).toBe(201);
      planned.push({ decisionId: made.decisionId, ticketId: made.ticket.id });
    }
  });
  const april = 'from=2026-04-01T00:00:00Z&to=2026-05-01T00:00:00Z';

  it('pages newest first with a cursor: every decision once, in order, the count carried along', async () => {
    const seen: string[] = [];
    let url = `/history?${april}&limit=5`;
    for (let page = 0; page < 10; page += 1) {
      const { json } = await get(url);
      expect(json.total).toBe(24);
      seen.push(...(json.entries as { decisionId: string }[]).map((e) => e.decisionId));
      if (!json.nextCursor) break;
      url = `/history?${april}&limit=5&cursor=${encodeURIComponent(json.nextCursor as string)}`;
    }
    expect(seen).toEqual(planned.map((p) => p.decisionId).reverse());
  });

  it('filters by operator, action, state, country, date range and flags, together', async () => {
    const ids = async (query: string) =>
      ((await get(`/history?${april}&limit=100&${query}`)).json.entries as { decisionId: string }[]).map(
        (e) => e.decisionId,
      );
    const expected = (keep: (i: number) => boolean) =>
      planned
        .filter((_, i) => keep(i))
        .map((p) => p.decisionId)
        .reverse();
    expect(await ids('operatorId=op-luca')).toEqual(expected((i) => i % 2 === 1));
    expect(await ids('action=REDIRECT')).toEqual(expected((i) => i % 4 === 3));
    expect(await ids('state=FORM_SENT&country=DE')).toEqual(expected((i) => i % 4 === 2 && i % 3 === 0));
    expect(await ids('action=APPROVE&flags=NO_MATCH_OVERRIDDEN')).toEqual(expected((i) => i % 8 === 0));
    expect(await ids('countersign=PENDING')).toEqual(expected((i) => i % 8 === 0));
    expect(await ids('countersign=NONE&action=APPROVE')).toEqual(expected((i) => i % 4 === 0 && i % 8 !== 0));
    const window = await ids('from=2026-04-02T00:00:00Z&to=2026-04-03T00:00:00Z');
    expect(window).toEqual(expected((i) => i >= 3 && i < 7));
  });

  it('searches names without diacritics, e-mails, ticket ids and notes', async () => {
    const found = async (q: string) =>
      (
        (await get(`/history?${april}&limit=100&q=${encodeURIComponent(q)}`)).json.entries as { ticketId: string }[]
      ).map((e) => e.ticketId);
    expect(await found('muller')).toHaveLength(8);
    expect(await found('OZT ayse')).toHaveLength(8);
    expect(await found('person7@example.org')).toEqual([planned[7]!.ticketId]);
    expect(await found(planned[11]!.ticketId)).toEqual([planned[11]!.ticketId]);
    expect(await found('telefon')).toEqual([planned[5]!.ticketId]);
    expect(await found('") OR (*')).toHaveLength(24);
  });

  it('shows a decision as it was made and records who looked', async () => {
    const { decisionId, ticketId } = planned[0]!;
    const { json } = await get(`/history/${decisionId}`, 'sup-paolo');
    expect(json.ticket).toMatchObject({ id: ticketId, state: 'UNDER_REVIEW', applicant: { cognome: 'Müller' } });
    expect(json.evidence).toMatchObject({ crossCheck: [{ field: 'surname', status: 'NO_MATCH' }] });
    expect(json.evidenceHash).toBe((json.ticket as { evidenceHash: string }).evidenceHash);
    expect(json.evidenceUnchanged).toBe(true);
    const viewed = await get(`/audit?order=desc&limit=1&action=decision.viewed&actor=sup-paolo`);
    expect(viewed.json.entries).toMatchObject([{ ticketId, details: { decisionId } }]);
  });

  it('forgets the applicant once the ticket is redacted', async () => {
    const { decisionId, ticketId } = planned[1]!;
    expect((await api.request('POST', `/tickets/${ticketId}/redaction`, { token: tokens['sup-marta'] })).status).toBe(
      204,
    );
    const { json } = await get(`/history/${decisionId}`);
    expect(json).toMatchObject({ ticket: null, evidence: null, decision: { applicantName: null } });
    expect(JSON.stringify(json)).not.toContain('person1@');
    const found = (await get(`/history?${april}&q=person1%40example.org`)).json.entries as unknown[];
    expect(found).toEqual([]);
  });

  it('never records a decision earlier than the one before it, even if the clock goes back', () => {
    const later = decideAt(api.server, clock, {
      operatorId: 'op-anna',
      action: 'SEND_FORM',
      openedAt: '2026-04-30T08:00:00Z',
      handlingSeconds: 10,
    });
    const earlier = decideAt(api.server, clock, {
      operatorId: 'op-anna',
      action: 'SEND_FORM',
      openedAt: '2026-04-29T08:00:00Z',
      handlingSeconds: 10,
    });
    expect(earlier.answer.body.appliedAt).toBe(later.answer.body.appliedAt);
  });
});

describe('statistics', () => {
  it('gives the figures a supervisor would compute by hand', async () => {
    const day1 = '2026-06-01T';
    const plan = [
      { operatorId: 'op-anna', action: 'APPROVE', at: `${day1}08:00:00Z`, h: 100, country: 'DE' },
      { operatorId: 'op-anna', action: 'APPROVE', at: `${day1}09:00:00Z`, h: 300, country: 'DE' },
      { operatorId: 'op-anna', action: 'REJECT', at: `${day1}10:00:00Z`, h: 200, country: 'FR' },
      { operatorId: 'op-anna', action: 'REDIRECT', at: `${day1}11:00:00Z`, h: 50, country: 'DE', target: 'EIDAS' },
      { operatorId: 'op-luca', action: 'APPROVE', at: '2026-06-02T08:00:00Z', h: 1000, country: 'FR' },
      {
        operatorId: 'op-luca',
        action: 'REDIRECT',
        at: '2026-06-02T09:00:00Z',
        h: 400,
        country: 'IT',
        target: 'SPID_CIE',
      },
      { operatorId: 'op-luca', action: 'SEND_FORM', at: '2026-06-02T10:00:00Z', h: 10, country: 'FR' },
    ] as const;
    decideAt(api.server, clock, {
      operatorId: 'op-luca',
      action: 'SEND_FORM',
      openedAt: '2026-05-31T22:00:00Z',
      handlingSeconds: 5,
    });
    for (const p of plan) {
      decideAt(api.server, clock, {
        operatorId: p.operatorId,
        action: p.action,
        openedAt: p.at,
        handlingSeconds: p.h,
        applicant: { nationality: p.country, residenceCountry: p.country },
        ...('target' in p ? { redirectTarget: p.target } : {}),
      });
    }
    // A stale decision: op-luca decides on a version someone else already moved on.
    const raced = decideAt(api.server, clock, {
      operatorId: 'op-luca',
      action: 'SEND_FORM',
      openedAt: '2026-06-02T11:00:00Z',
      handlingSeconds: 5,
    });
    const now = clock.at;
    clock.at = new Date('2026-06-02T11:00:10Z');
    const conflict = await api.request('POST', `/tickets/${raced.ticket.id}/decisions`, {
      token: tokens['op-luca'],
      headers: { 'Idempotency-Key': randomUUID() },
      body: {
        baseVersion: 1,
        action: 'REJECT',
        reasonCodes: ['NO_REPLY'],
        evidenceHash: raced.ticket.evidenceHash,
        deviceId: 'c',
        decidedAt: clock.at.toISOString(),
      },
    });
    clock.at = now;
    expect(conflict.status).toBe(409);

    const { json } = await get('/statistics?from=2026-06-01T00:00:00Z&to=2026-06-02T10:30:00Z&bucket=day');
    // anna: 50, 100, 200, 300 s → median 150, p90 at rank 2.7 = 200 + 0.7 × 100 = 270; 2 approvals of 4 closed.
    // luca: 10, 400, 1000 s → median 400, p90 at rank 1.8 = 400 + 0.8 × 600 = 880; 1 approval of 2 closed.
    // all seven: 10, 50, 100, 200, 300, 400, 1000 → median 200, p90 at rank 5.4 = 400 + 0.4 × 600 = 640.
    expect(json.totals).toEqual({
      decisions: 7,
      byAction: { SEND_FORM: 1, REQUEST_INFO: 0, APPROVE: 3, REJECT: 1, REDIRECT: 2 },
      handling: { medianSeconds: 200, p90Seconds: 640 },
      approvalRate: 0.5,
      conflicts: 0,
      countersign: { PENDING: 0, CONFIRMED: 0, RETURNED: 0, VOIDED: 0 },
    });
    expect(json.operators).toEqual([
      {
        operatorId: 'op-anna',
        operatorName: 'Anna Rossi',
        decisions: 4,
        byAction: { SEND_FORM: 0, REQUEST_INFO: 0, APPROVE: 2, REJECT: 1, REDIRECT: 1 },
        handling: { medianSeconds: 150, p90Seconds: 270 },
        approvalRate: 0.5,
        conflicts: 0,
      },
      {
        operatorId: 'op-luca',
        operatorName: 'Luca Bianchi',
        decisions: 3,
        byAction: { SEND_FORM: 1, REQUEST_INFO: 0, APPROVE: 1, REJECT: 0, REDIRECT: 1 },
        handling: { medianSeconds: 400, p90Seconds: 880 },
        approvalRate: 0.5,
        conflicts: 0,
      },
    ]);
    // DE: 2 approvals + 1 redirect; FR: 1 approval, 1 rejection, 1 form sent; IT: 1 redirect.
    expect(json.countries).toEqual([
      { country: 'DE', decisions: 3, approvals: 2, rejections: 0, redirects: 1, approvalRate: 2 / 3 },
      { country: 'FR', decisions: 3, approvals: 1, rejections: 1, redirects: 0, approvalRate: 0.5 },
      { country: 'IT', decisions: 1, approvals: 0, rejections: 0, redirects: 1, approvalRate: 0 },
    ]);
    expect(json.redirects).toEqual([
      { target: 'EIDAS', count: 1 },
      { target: 'SPID_CIE', count: 1 },
    ]);
    expect(json.series).toEqual([
      { bucket: '2026-06-01', byAction: { SEND_FORM: 0, REQUEST_INFO: 0, APPROVE: 2, REJECT: 1, REDIRECT: 1 } },
      { bucket: '2026-06-02', byAction: { SEND_FORM: 1, REQUEST_INFO: 0, APPROVE: 1, REJECT: 0, REDIRECT: 1 } },
    ]);

    const withConflict = await get('/statistics?from=2026-06-01T00:00:00Z&to=2026-06-03T00:00:00Z&operatorId=op-luca');
    expect(withConflict.json.totals).toMatchObject({ decisions: 4, conflicts: 1 });
    expect(withConflict.json.conflicts).toEqual([{ code: 'STALE_VERSION', count: 1 }]);
    expect(withConflict.json.operators).toMatchObject([{ operatorId: 'op-luca', conflicts: 1 }]);
  });
});

describe('audit verification', () => {
  const entryHash = (row: {
    seq: number;
    prev_hash: string;
    at: string;
    actor: string;
    action: string;
    ticket_id: string | null;
    details: string;
  }) =>
    createHash('sha256')
      .update(row.prev_hash)
      .update(
        canonicalJson({
          seq: row.seq,
          at: row.at,
          actor: row.actor,
          action: row.action,
          ticketId: row.ticket_id,
          details: JSON.parse(row.details) as unknown,
        }),
      )
      .digest('hex');

  it('reports the rows where the chain breaks after the database file is edited by hand', async () => {
    const before = await get('/audit/verify');
    expect(before.json).toMatchObject({ ok: true, firstBrokenSeq: null, breaks: [] });
    const head = before.json.head as { seq: number; hash: string };
    expect(head.seq).toBe(before.json.entries);

    // Someone with the file, not the API: a second connection, the append-only triggers dropped.
    const file = new Database(api.server.db.name);
    file.exec('DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete;');
    file.prepare("UPDATE audit SET actor = 'nobody' WHERE seq = 7").run();
    // A cleverer edit recomputes the row's own hash: the next row's link then gives it away.
    const row = file.prepare('SELECT * FROM audit WHERE seq = 12').get() as Parameters<typeof entryHash>[0] & {
      hash: string;
    };
    const edited = { ...row, details: JSON.stringify({ ...JSON.parse(row.details), files: 99 }) };
    file.prepare('UPDATE audit SET details = ?, hash = ? WHERE seq = 12').run(edited.details, entryHash(edited));
    file.prepare('DELETE FROM audit WHERE seq = 20').run();
    file.close();

    const after = await get('/audit/verify');
    expect(after.json).toMatchObject({
      ok: false,
      firstBrokenSeq: 7,
      breaks: [
        { seq: 7, reason: 'CONTENT_CHANGED' },
        { seq: 13, reason: 'LINK_BROKEN' },
        { seq: 21, reason: 'SEQUENCE_GAP' },
      ],
      head,
    });
  });
});

describe('upgrading a version-3 server database', () => {
  it('rebuilds decisions with sequence, flags, countersign state and search words', async () => {
    const { MIGRATIONS } = await import('../../server/storage/migrations.ts');
    const { openDatabase } = await import('../../server/storage/database.ts');
    const { tempDir } = await import('../support/temp-dir.ts');
    const dir = tempDir('v3-db');
    try {
      const old = new Database(`${dir.dir}/v3.db`);
      MIGRATIONS.slice(0, 3).forEach((sql) => old.exec(sql));
      old.pragma('user_version = 3');
      old.exec(`INSERT INTO operators VALUES ('op-x', 'RSSMRA80A01H501U', 'Mario Rossi', 'operator', 0);`);
      const data = JSON.stringify({
        applicant: { nome: 'Ana', cognome: 'Núñez', email: 'ana@example.es', nationality: 'ES' },
        pendingCountersign: null,
      });
      old
        .prepare(
          "INSERT INTO tickets (id, seq, version, state, data, created_at, updated_at) VALUES ('UE-1', 1, 3, 'AWAITING_COUNTERSIGN', ?, 't', 't')",
        )
        .run(data);
      const insert = old.prepare(
        `INSERT INTO decisions (id, ticket_id, action, resulting_state, reason_codes, body, operator_id, country, decided_at, applied_at, handling_seconds)
         VALUES (?, 'UE-1', ?, ?, '[]', ?, 'op-x', 'ES', ?, ?, 60)`,
      );
      insert.run(
        '00000000-0000-7000-8000-000000000002',
        'APPROVE',
        'AWAITING_COUNTERSIGN',
        JSON.stringify({ countersignFlags: ['DOC_EXPIRING_SOON', 'NO_MATCH_OVERRIDDEN'], note: 'doppio controllo' }),
        '2026-01-02T00:00:00Z',
        '2026-01-02T00:00:00Z',
      );
      insert.run(
        '00000000-0000-7000-8000-000000000001',
        'SEND_FORM',
        'FORM_SENT',
        '{}',
        '2026-01-01T00:00:00Z',
        '2026-01-01T00:00:00Z',
      );
      old.close();

      const db = openDatabase(`${dir.dir}/v3.db`);
      const rows = db
        .prepare('SELECT seq, id, operator_name, applicant_name, flags, countersign FROM decisions ORDER BY seq')
        .all();
      expect(rows).toEqual([
        {
          seq: 1,
          id: '00000000-0000-7000-8000-000000000001',
          operator_name: 'Mario Rossi',
          applicant_name: 'Ana Núñez',
          flags: 0,
          countersign: null,
        },
        {
          seq: 2,
          id: '00000000-0000-7000-8000-000000000002',
          operator_name: 'Mario Rossi',
          applicant_name: 'Ana Núñez',
          flags: 3,
          countersign: 'PENDING',
        },
      ]);
      const hits = db.prepare("SELECT rowid FROM decision_search WHERE decision_search MATCH 'nunez doppio'").all();
      expect(hits).toEqual([{ rowid: 2 }]);
      // The migration's SQL compacts e-mail addresses as the query side does.
      const { fullTextQuery } = await import('../../server/storage/search-terms.ts');
      const byEmail = db
        .prepare('SELECT rowid FROM decision_search WHERE decision_search MATCH ?')
        .all(fullTextQuery('Ana@Example.es'));
      expect(byEmail).toEqual([{ rowid: 1 }, { rowid: 2 }]);
      db.close();
    } finally {
      dir.remove();
    }
  });
});

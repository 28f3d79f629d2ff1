import { randomBytes, X509Certificate } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LoginOutcome } from '../../common/contract/auth-methods.ts';
import type { MethodOutput } from '../../common/contract/methods.ts';
import { createInProcessReaders, type InProcessReaders } from '../../electron/services/card/in-process-readers.ts';
import { createServices, type Services } from '../../electron/services/index.ts';
import { createLogger } from '../../electron/services/log/logger.ts';
import { keyFileSealer } from '../../electron/services/security/sealer.ts';
import { startApiServer } from '../../server/api-server.ts';
import { certificatePolicies } from '../../server/auth/certificate-policies.ts';
import { CIE_AUTH_POLICY } from '../../server/auth/cie-proof.ts';
import { demoApplicant, type DemoApplicant } from '../../server/demo/population.ts';
import { seedDemoData } from '../../server/demo/seed.ts';
import { createVirtualCie, createVirtualCiePki, type VirtualCie } from '../../server/demo/virtual-cie/index.ts';
import { startChaosProxy, type ChaosProxy } from '../support/chaos-proxy.ts';
import { tempDir } from '../support/temp-dir.ts';
import { until } from '../support/until.ts';

/**
 * Issue 9, item 5: the console's log leaves the workstation with support requests, so a full
 * working session — a wrong PIN, a CIE sign-in, sync, the queue, a ticket, its checks (PDF form and
 * ID image readers), the attachments, the applicant e-mail, a refused call, locks and unlocks, a
 * decision taken offline and delivered through a faulty network, sign-out — is run
 * with every service logging at debug level into one list, and no line may carry an applicant's
 * name, e-mail, document number, codice fiscale or phone, the PIN, or the session token. The same
 * session's profile folder must not hold the token in clear (it lives in memory only).
 */

const TICKETS = 8;
const SEED = 1;
const TODAY = new Date();
const context = { host: 'web', client: 'log-hygiene' } as const;

let server: Awaited<ReturnType<typeof startApiServer>>;
let cie: VirtualCie;
let services: Services;
let proxy: ChaosProxy;
let reader: InProcessReaders;
let profile: { dir: string; remove(): void };
let serverDir: { dir: string; remove(): void };
const lines: string[] = [];
const tokens: string[] = [];
let population: DemoApplicant[] = [];

async function call<T>(method: string, input: unknown = {}): Promise<T> {
  const result = await services.dispatch(method, input, context);
  if (!result.ok) throw new Error(`${method}: ${result.error.code} ${result.error.message}`);
  return result.value as T;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? filesUnder(full) : [full];
  });
}

beforeAll(async () => {
  profile = tempDir('log-hygiene-profile');
  serverDir = tempDir('log-hygiene-api');
  const pki = await createVirtualCiePki();
  cie = await createVirtualCie({ identity: 'op-giulia', pki });
  server = await startApiServer({
    dbFile: path.join(serverDir.dir, 'central-api.db'),
    port: 0,
    systemKey: randomBytes(24).toString('base64url'),
    version: 'test',
    trust: {
      roots: cie.serverRoots.map((der) => new X509Certificate(der)),
      requiredPolicies: [CIE_AUTH_POLICY],
      policiesOf: certificatePolicies,
    },
  });
  // The server hands the token to the console only; the test needs to know it to look for it.
  const openSession = server.people.openSession.bind(server.people);
  server.people.openSession = (operatorId, ttlSeconds) => {
    const opened = openSession(operatorId, ttlSeconds);
    tokens.push(opened.token);
    return opened;
  };
  await seedDemoData(server, { count: TICKETS, seed: SEED, today: TODAY });
  population = [];
  for (let index = 0; index < TICKETS; index += 1) {
    population.push(demoApplicant(SEED, index, TODAY, (i) => population[i]!));
  }
  proxy = await startChaosProxy(server.url, { seed: 9 });
  reader = createInProcessReaders(cie.applet);
  services = createServices({
    identity: { name: 'Accredita', version: 'test', host: 'web', platform: process.platform },
    profileDir: profile.dir,
    log: createLogger('console', 'debug', (line) => lines.push(line)),
    sealer: keyFileSealer(),
    demoApiUrl: proxy.url,
    cardReaders: reader,
    cardTrust: cie.trust,
    pollIntervalMs: 100,
    backgroundChecks: false,
  });
}, 60_000);

afterAll(async () => {
  await services?.close();
  await proxy?.close();
  await server?.close();
  profile?.remove();
  serverDir?.remove();
});

describe('log hygiene and secrets at rest over a full working session', () => {
  it('logs no applicant data, PIN or token, and keeps the token out of the profile', async () => {
    const wrong = await call<LoginOutcome>('auth.login', { pin: cie.pin === '00000000' ? '11111111' : '00000000' });
    expect(wrong).toMatchObject({ ok: false, failure: { code: 'WRONG_PIN' } });
    const signedIn = await call<LoginOutcome>('auth.login', { pin: cie.pin });
    expect(signedIn.ok).toBe(true);
    expect(tokens).toHaveLength(1);

    await call('sync.now');
    const queue = await until('the tickets in the cache', async () => {
      const page = await call<MethodOutput<'tickets.query'>>('tickets.query', { limit: 50 });
      return page.total >= TICKETS ? page : undefined;
    });
    await call('tickets.query', { text: population[0]!.applicant.cognome.slice(0, 4), withCounts: true });
    const next = await call<MethodOutput<'tickets.next'>>('tickets.next');
    expect(next).not.toBeNull();
    const ticketId = next!.ticketId;
    const detail = await call<MethodOutput<'tickets.get'>>('tickets.get', { ticketId });
    await call('checks.get', { ticketId });
    for (const attachment of detail.ticket.attachments) {
      await call('attachments.get', { ticketId, sha256: attachment.sha256 });
    }
    await call('mail.preview', { ticketId, action: 'REJECT', reasonCodes: ['UNREADABLE'] });
    await call('session.remember', { ticketId });
    // A refused call whose input carries applicant data: the refusal must not echo it into the log.
    const refused = await services.dispatch(
      'decisions.submit',
      { ticketId, action: 'REJECT', reasonCodes: [], note: detail.ticket.applicant.email },
      context,
    );
    expect(refused.ok).toBe(false);
    // The card leaves and comes back; the operator locks on purpose.
    reader.remove();
    await until('the lock', async () =>
      (await call<{ session: { locked: boolean } }>('auth.status')).session?.locked ? true : undefined,
    );
    reader.insert();
    expect((await call<LoginOutcome>('auth.unlock', { pin: cie.pin })).ok).toBe(true);
    expect(await call('auth.lock')).toEqual({ locked: true });
    expect((await call<LoginOutcome>('auth.unlock', { pin: cie.pin })).ok).toBe(true);

    // Decided offline, delivered through a network that drops, truncates and refuses.
    proxy.setOffline(true);
    await call('decisions.submit', { ticketId, action: 'REJECT', reasonCodes: ['UNREADABLE'] });
    await call('sync.now');
    proxy.setOffline(false);
    proxy.setRates({ error503: 0.2, truncateBody: 0.2, resetMidBody: 0.2, dropAfterForward: 0.1 });
    for (const row of queue.rows.filter((r) => r.id !== ticketId).slice(0, 3)) {
      const other = await services.dispatch('tickets.get', { ticketId: row.id }, context);
      if (!other.ok) continue;
      for (const attachment of (other.value as MethodOutput<'tickets.get'>).ticket.attachments) {
        await services.dispatch('attachments.get', { ticketId: row.id, sha256: attachment.sha256 }, context);
      }
    }
    await services.dispatch('sync.now', {}, context);
    proxy.setRates({});
    await until('the decision delivered', async () => {
      const now = await call<MethodOutput<'tickets.get'>>('tickets.get', { ticketId });
      return now.pendingDecision === null ? now : undefined;
    });
    await call('auth.logout');

    // What must never be logged. Names and e-mails as the applicant gave them and as the cache folds them.
    const secrets = new Map<string, string>();
    const add = (what: string, value: string | undefined) => {
      if (value && value.trim().length >= 4) secrets.set(value.trim().toLowerCase(), what);
    };
    add('PIN', cie.pin);
    add('session token', tokens[0]);
    for (const person of population) {
      const { applicant, document } = person;
      add('nome', applicant.nome);
      add('cognome', applicant.cognome);
      add('full name', `${applicant.nome} ${applicant.cognome}`);
      add('email', applicant.email);
      add('telefono', applicant.telefono);
      add('codice fiscale / partita IVA', applicant.codiceFiscalePiva);
      add('document number', document.documentNumber);
    }
    for (const row of queue.rows) {
      add('applicant name (cache)', row.applicantName);
      add('email (cache)', row.email);
    }
    expect(secrets.size).toBeGreaterThan(TICKETS * 4);
    // The session above is made to log: both locks always; network faults and refused downloads as they fall.
    expect(lines.filter((line) => line.includes('console locked'))).toHaveLength(2);
    const leaks = lines.flatMap((line) => {
      const lower = line.toLowerCase();
      return [...secrets].filter(([value]) => lower.includes(value)).map(([, what]) => `${what}: ${line}`);
    });
    expect(leaks).toEqual([]);

    // The token in clear, as text or raw bytes, in any file of the profile (cache, WAL, key, settings, previews…).
    const token = tokens[0]!;
    const needles = [Buffer.from(token, 'utf8'), Buffer.from(token, 'base64url'), Buffer.from(token, 'utf16le')];
    const files = filesUnder(profile.dir);
    expect(files.length).toBeGreaterThan(3);
    const holding = files.filter((file) => {
      const bytes = readFileSync(file);
      return needles.some((needle) => bytes.includes(needle)) || bytes.includes(Buffer.from(cie.pin, 'ascii'));
    });
    expect(holding).toEqual([]);
  }, 120_000);
});

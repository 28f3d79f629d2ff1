/**
 * Contract payloads into the dispatcher both hosts use (common/contract/dispatch.ts over
 * createServices), on a throwaway profile whose cache holds real tickets synced from the reference
 * API. Each case arrives as it would from a host: through the Electron IPC handler after a
 * structured clone (sometimes from a foreign frame), or as the web host's JSON.
 *
 * Invariants: every answer is a result envelope with a known code, never INTERNAL; an unknown
 * method is UNKNOWN_METHOD, an input its schema refuses is BAD_REQUEST, a foreign frame is
 * FORBIDDEN, and none of those changes a row count of the cache, the settings or the attachments.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import type { CallContext, Dispatch } from '../../common/contract/dispatch.ts';
import { contract } from '../../common/contract/methods.ts';
import { METHOD_NAMES, type MethodName } from '../../common/contract/names.ts';
import { ERROR_CODES, type Result } from '../../common/contract/result.ts';
import { contractIpcHandler } from '../../electron/main/ipc.ts';
import { APP_ORIGIN } from '../../electron/main/app-protocol.ts';
import { cacheDatabaseKey, openCacheDatabase, type CacheDb } from '../../electron/services/cache/cache-database.ts';
import type { CardReaders } from '../../electron/services/card/card-readers.ts';
import { CardError } from '../../electron/services/card/transport.ts';
import { createServices, type Services } from '../../electron/services/index.ts';
import { createLogger } from '../../electron/services/log/logger.ts';
import { loadOrCreateCacheKey } from '../../electron/services/security/cache-key.ts';
import { keyFileSealer } from '../../electron/services/security/sealer.ts';
import { composeMrz } from '../../server/demo/mrz.ts';
import { intake, startApiFixture, SYSTEM_KEY } from '../support/api-fixture.ts';
import { ANNA } from '../support/icao-specimen.ts';
import { tempDir } from '../support/temp-dir.ts';
import { runCampaign, type CampaignResult } from './harness.ts';
import { hostileValue, mutated, summarise } from './value-mutations.ts';

/**
 * Methods whose valid calls change state on the server or end the session the campaign runs in.
 * A generated input that happens to be valid gets an unknown key, so it is refused: their valid
 * paths are the subject of the sync and login tests, and here they would let one case's
 * background effects land in the next case's row counts.
 */
const STATEFUL: ReadonlySet<string> = new Set<MethodName>([
  'tickets.next',
  'tickets.claim',
  'tickets.release',
  'decisions.submit',
  'conflicts.resolve',
  'sync.now',
  'auth.logout',
  'auth.login',
  'auth.unlock',
]);

const KNOWN_CODES: ReadonlySet<string> = new Set(ERROR_CODES);

/** No reader attached: a login gets NO_READER at once instead of waiting on pcscd. */
const noReaders: CardReaders = {
  ready: Promise.resolve(),
  service: () => 'up',
  readers: () => [],
  subscribe: () => () => {},
  connect: (reader) => Promise.reject(new CardError('NO_READER', `No reader named ${reader}`)),
  close: async () => {},
};

type Route = 'web' | 'ipc' | 'ipc-foreign-frame';

interface ContractCase {
  method: unknown;
  input: unknown;
  route: Route;
}

export interface ContractTarget {
  dispatch: Dispatch;
  /** Row counts of every cache table, the settings file and the attachment files: what a refused call must not change. */
  snapshot(): string;
  examples: Partial<Record<MethodName, unknown>>;
  close(): Promise<void>;
}

/** The services on a temporary profile, signed in, with a few synced tickets in the cache. */
export async function startContractTarget(): Promise<ContractTarget> {
  const api = await startApiFixture();
  const profile = tempDir('fuzz-contract');
  const token = await api.loginAs('op-anna');
  const ids: string[] = [];
  for (let i = 0; i < 3; i++) {
    const created = await api.request('POST', '/tickets', { token: SYSTEM_KEY, body: intake() });
    ids.push(created.json.id as string);
  }
  const services: Services = createServices({
    identity: { name: 'Accredita', version: 'fuzz', host: 'web', platform: process.platform },
    profileDir: profile.dir,
    log: createLogger('fuzz', 'error', () => {}),
    sealer: keyFileSealer(),
    demoApiUrl: api.server.url,
    session: { token, operator: { id: 'op-anna', name: 'Anna Rossi', role: 'operator' } },
    // One pull at start, then none: background writes would blur what a refused call wrote.
    pollIntervalMs: 3_600_000,
    backgroundChecks: false,
    cardReaders: noReaders,
  });
  const context: CallContext = { host: 'web', client: 'fuzz' };
  for (let waited = 0; ; waited += 50) {
    const status = await services.dispatch('sync.status', {}, context);
    const value = status.ok ? (status.value as { phase: string; pending: number }) : undefined;
    const synced = await services.dispatch('tickets.query', { limit: 10 }, context);
    if (value?.phase === 'idle' && synced.ok && (synced.value as { total: number }).total >= ids.length) break;
    if (waited > 20_000) throw new Error(`the fuzz console did not sync: ${JSON.stringify(status)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const detail = await services.dispatch('tickets.get', { ticketId: ids[0] }, context);
  const sha256 =
    (detail.ok &&
      (detail.value as { ticket: { attachments?: { sha256: string }[] } }).ticket.attachments?.[0]?.sha256) ||
    '0'.repeat(64);

  const db: CacheDb = openCacheDatabase(
    path.join(profile.dir, 'cache.db'),
    cacheDatabaseKey(loadOrCreateCacheKey(profile.dir, keyFileSealer())),
  );
  const tables = (
    db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`).all() as {
      name: string;
    }[]
  ).map((row) => row.name);
  const read = (file: string) => {
    try {
      return readFileSync(path.join(profile.dir, file), 'utf8');
    } catch {
      return '';
    }
  };
  const ticketId = ids[0]!;
  const examples: Partial<Record<MethodName, unknown>> = {
    'app.setLocale': { locale: 'en' },
    'tickets.query': { text: 'Mül', states: ['NEW'], scope: 'all', flags: ['pending'], limit: 20, withCounts: true },
    'tickets.get': { ticketId },
    'tickets.claim': { ticketId },
    'tickets.release': { ticketId },
    'attachments.get': { ticketId, sha256 },
    'decisions.submit': { ticketId, action: 'REQUEST_INFO', reasonCodes: ['UNREADABLE'], note: 'fuzz' },
    'conflicts.resolve': { ticketId, resolution: 'KEEP_THEIRS' },
    'checks.get': { ticketId, refresh: false },
    'checks.setMrz': { ticketId, text: composeMrz(ANNA, 'TD3').join('\n') },
    'checks.parseMrz': { text: composeMrz(ANNA, 'TD3').join('\n') },
    'mail.preview': { ticketId, action: 'APPROVE', services: ['CABOTAGGIO'], language: 'de' },
    'auth.login': { pin: '12345678' },
    'auth.unlock': { pin: '12345678' },
  };
  return {
    dispatch: services.dispatch,
    examples,
    snapshot: () =>
      JSON.stringify([
        tables.map((table) => (db.prepare(`SELECT COUNT(*) AS n FROM "${table}"`).get() as { n: number }).n),
        read('settings.json'),
        readdirSync(profile.dir, { recursive: true }).length,
      ]),
    async close() {
      db.close();
      await services.close();
      await api.close();
      profile.remove();
    },
  };
}

function caseArbitrary(examples: ContractTarget['examples']): fc.Arbitrary<ContractCase> {
  const known = fc.constantFrom(...METHOD_NAMES);
  const route = fc.constantFrom<Route>('web', 'web', 'ipc', 'ipc', 'ipc-foreign-frame');
  const schemaMutated = known.chain((method) =>
    fc.record({ method: fc.constant(method), input: mutated(examples[method] ?? {}), route }),
  );
  const random = fc.record({
    method: known,
    input: fc.oneof(
      fc.jsonValue({ maxDepth: 4 }),
      hostileValue,
      fc.anything({
        withMap: true,
        withSet: true,
        withDate: true,
        withBigInt: true,
        withTypedArray: true,
        withNullPrototype: true,
      }),
    ),
    route,
  });
  const strangeMethod = fc.record({
    method: fc.oneof(
      fc.string({ maxLength: 40 }),
      hostileValue,
      fc.constantFrom('__proto__', 'constructor', 'toString', 'app.info ', 'APP.INFO'),
    ),
    input: fc.jsonValue({ maxDepth: 2 }),
    route: fc.constant<Route>('web'),
  });
  return fc.oneof(
    { weight: 6, arbitrary: schemaMutated },
    { weight: 3, arbitrary: random },
    { weight: 1, arbitrary: strangeMethod },
  );
}

/** Valid input of a stateful method made invalid (see STATEFUL). */
function refusedIfStateful(method: unknown, input: unknown): unknown {
  if (typeof method !== 'string' || !STATEFUL.has(method)) return input;
  const spec = contract.methods[method as MethodName];
  if (!spec.input.safeParse(input === undefined ? {} : input).success) return input;
  return { ...(input && typeof input === 'object' && !Array.isArray(input) ? input : {}), unexpectedByFuzz: true };
}

/** What the host would hand the dispatcher: a structured clone for IPC, a JSON round trip for the WebSocket. */
function overTheWire(route: Route, input: unknown): unknown {
  if (route !== 'web') return structuredClone(input);
  const text = JSON.stringify(input, (_key, value: unknown) => (typeof value === 'bigint' ? Number(value) : value));
  return text === undefined ? undefined : JSON.parse(text);
}

async function call(target: ContractTarget, route: Route, method: unknown, input: unknown): Promise<Result<unknown>> {
  if (route === 'web') return target.dispatch(method, input, { host: 'web', client: 'fuzz' });
  const frame =
    route === 'ipc' ? { url: `${APP_ORIGIN}/pratica/1`, parent: null } : { url: 'https://evil.example/', parent: null };
  const handler = contractIpcHandler(method as MethodName, target.dispatch, [APP_ORIGIN]);
  return handler({ senderFrame: frame, sender: { id: 1 } }, input);
}

export async function fuzzContract(
  target: ContractTarget,
  options: { cases: number; seed: number },
): Promise<CampaignResult> {
  return runCampaign<ContractCase>({
    boundary: 'contract',
    cases: options.cases,
    seed: options.seed,
    deadlineMs: 10_000,
    arbitrary: caseArbitrary(target.examples).filter(
      // The IPC handler exists per contract method; anything else only reaches the web host.
      (c) =>
        c.route === 'web' || (typeof c.method === 'string' && (METHOD_NAMES as readonly string[]).includes(c.method)),
    ),
    describe: (c) => `${c.route} ${summarise(c.method, 60)} ${summarise(c.input)}`,
    async run(c) {
      let input: unknown;
      try {
        input = refusedIfStateful(c.method, overTheWire(c.route, c.input));
      } catch {
        return 'not transferable';
      }
      const known = typeof c.method === 'string' && (METHOD_NAMES as readonly string[]).includes(c.method);
      const valid =
        known && contract.methods[c.method as MethodName].input.safeParse(input === undefined ? {} : input).success;
      const before = target.snapshot();
      const result = await call(target, c.route, c.method, input);

      if (typeof result !== 'object' || result === null || typeof result.ok !== 'boolean') {
        throw new Error(`not a result envelope: ${summarise(result)}`);
      }
      if (result.ok) {
        if (!valid || c.route === 'ipc-foreign-frame') throw new Error('accepted input the contract refuses');
        return 'ok';
      }
      const { code, message } = result.error;
      if (!KNOWN_CODES.has(code) || typeof message !== 'string')
        throw new Error(`unknown error shape ${summarise(result.error)}`);
      if (code === 'INTERNAL') throw new Error(`INTERNAL: ${message}`);
      const expected =
        c.route === 'ipc-foreign-frame' ? 'FORBIDDEN' : !known ? 'UNKNOWN_METHOD' : !valid ? 'BAD_REQUEST' : undefined;
      if (expected) {
        if (code !== expected) throw new Error(`expected ${expected}, got ${code}: ${message}`);
        const after = target.snapshot();
        if (after !== before) throw new Error(`a refused call changed the profile: ${before} → ${after}`);
      }
      return code;
    },
  });
}

import { randomBytes, X509Certificate } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AuthStatus, LoginOutcome } from '../../common/contract/auth-methods.ts';
import { DEMO_STAFF } from '../../common/demo/identities.ts';
import { unblockPin, type CardTrust } from '../../electron/services/card/cie/index.ts';
import { createPcscReaders } from '../../electron/services/card/pcsc/pcsc-readers.ts';
import { connectCard } from '../../electron/services/card/pcsc/pcsc-transport.ts';
import type { CardApplet } from '../../electron/services/card/transport.ts';
import type { VirtualCardLink } from '../../electron/services/card/virtual-card-link.ts';
import { createServices, type Services } from '../../electron/services/index.ts';
import { createLogger } from '../../electron/services/log/logger.ts';
import { keyFileSealer } from '../../electron/services/security/sealer.ts';
import { ensurePcscd, lockPcscd, stopPcscd, VPCD_READERS } from '../../scripts/lib/pcscd.ts';
import { insertVirtualCard } from '../../scripts/lib/vpcd-card.ts';
import { startApiServer } from '../../server/api-server.ts';
import { certificatePolicies } from '../../server/auth/certificate-policies.ts';
import { CIE_AUTH_POLICY } from '../../server/auth/cie-proof.ts';
import {
  createVirtualCie,
  createVirtualCiePki,
  type PersonaliseOptions,
  type VirtualCie,
  type VirtualCiePki,
} from '../../server/demo/virtual-cie/index.ts';
import { startChaosProxy, type ChaosProxy } from '../support/chaos-proxy.ts';
import { tempDir } from '../support/temp-dir.ts';

/**
 * The CIE login end to end through the real pcscd, the vsmartcard-vpcd driver and the virtual
 * CIE: the console's services (auth service, sign-in gate, reader watcher) against the reference
 * central API over HTTP. Needs pcscd + vsmartcard-vpcd (scripts/lib/pcscd.ts names the packages).
 */

const READER = VPCD_READERS[0];
const DAY = 86_400_000;
const context = { host: 'web', client: 'test' } as const;

let pcscdLock: { release(): void } | undefined;
let pki: VirtualCiePki;
let giulia: VirtualCie;
let server: Awaited<ReturnType<typeof startApiServer>>;
let proxy: ChaosProxy;
const cleanups: (() => Promise<unknown>)[] = [];
const later = <T>(value: T, cleanup: (value: T) => Promise<unknown>): T => {
  cleanups.push(() => cleanup(value));
  return value;
};

/** Puts a card in the first vpcd reader, removed again after the test. */
async function insert(applet: CardApplet, onCommand?: (apdu: Uint8Array, link: VirtualCardLink) => void) {
  const link = await insertVirtualCard(applet, onCommand ? { onCommand } : {});
  return later(link, (l) => l.remove());
}

const card = (identity: string, options: Partial<PersonaliseOptions> = {}) =>
  createVirtualCie({ identity, pki, ...options });

function startConsole(options: { apiUrl?: string; trust?: CardTrust; profileDir?: string } = {}) {
  const profile = options.profileDir ? { dir: options.profileDir, remove: () => {} } : tempDir('cie-login');
  const readers = createPcscReaders();
  const services: Services = createServices({
    identity: { name: 'Accredita', version: 'test', host: 'web', platform: 'linux' },
    profileDir: profile.dir,
    log: createLogger('console', 'error', process.env.ACCREDITA_TEST_LOG ? undefined : () => {}),
    sealer: keyFileSealer(),
    demoApiUrl: options.apiUrl ?? server.url,
    cardReaders: readers,
    cardTrust: options.trust ?? giulia.trust,
    backgroundChecks: false,
    authProbeIntervalMs: 100,
    pollIntervalMs: 100,
  });
  const statuses: { at: number; status: AuthStatus }[] = [];
  services.events.subscribe('auth.events', (event) => statuses.push({ at: performance.now(), status: event.status }));
  later(services, (s) => s.close().finally(() => profile.remove()));
  const raw = (method: string, input: unknown = {}) => services.dispatch(method, input, context);
  const call = async <T>(method: string, input: unknown = {}): Promise<T> => {
    const result = await raw(method, input);
    if (!result.ok) throw new Error(`${method}: ${result.error.code} ${result.error.message}`);
    return result.value as T;
  };
  const login = (pin: string) => call<LoginOutcome>('auth.login', { pin });
  const unlock = (pin: string) => call<LoginOutcome>('auth.unlock', { pin });
  const status = () => call<AuthStatus>('auth.status');
  const until = async (predicate: (status: AuthStatus) => boolean, timeoutMs = 5_000) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const current = await status();
      if (predicate(current)) return current;
      if (Date.now() > deadline) throw new Error(`auth status never matched: ${JSON.stringify(current)}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };
  return { services, raw, call, login, unlock, status, until, statuses, readers, profile };
}

const failure = (outcome: LoginOutcome) => (outcome.ok ? undefined : outcome.failure);

beforeAll(async () => {
  pcscdLock = await lockPcscd();
  await ensurePcscd();
  pki = await createVirtualCiePki();
  giulia = await createVirtualCie({ identity: 'op-giulia', pki });
  server = await startApiServer({
    dbFile: ':memory:',
    port: 0,
    systemKey: randomBytes(24).toString('base64url'),
    version: 'test',
    trust: {
      roots: giulia.serverRoots.map((der) => new X509Certificate(der)),
      requiredPolicies: [CIE_AUTH_POLICY],
      policiesOf: certificatePolicies,
    },
  });
  for (const member of DEMO_STAFF.filter((m) => m.id !== 'op-sara')) server.people.enroll({ ...member });
  proxy = await startChaosProxy(server.url, { seed: 1 });
}, 180_000);

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
});

afterAll(async () => {
  await proxy?.close();
  await server?.close();
  pcscdLock?.release();
});

describe('CIE login through pcscd', () => {
  it('shows reader and card, refuses the queue before sign-in, signs in with card + PIN', async () => {
    await insert(giulia.applet);
    const console_ = startConsole();
    const before = await console_.until((s) => s.readers.readers.some((r) => r.name === READER && r.cardPresent));
    expect(before).toMatchObject({ session: null, trust: 'ready', busy: null, readers: { service: 'up' } });
    const refused = await console_.raw('tickets.query', {});
    expect(refused).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });

    const outcome = await console_.login(giulia.pin);
    expect(outcome).toMatchObject({
      ok: true,
      status: { session: { operator: { id: 'op-giulia', role: 'operator' }, mode: 'online', locked: false } },
    });
    expect((await console_.raw('tickets.query', {})).ok).toBe(true);
    expect(await console_.call('session.current')).toEqual({
      operator: { id: 'op-giulia', name: 'Giulia Bianchi', role: 'operator' },
    });
  });

  it('counts wrong PINs down, blocks after three, and signs in again after a PUK unblock', async () => {
    const cie = await card('op-marco');
    await insert(cie.applet);
    const console_ = startConsole();
    await console_.until((s) => s.readers.readers.some((r) => r.cardPresent));
    expect(failure(await console_.login('00000000'))).toMatchObject({ code: 'WRONG_PIN', triesLeft: 2 });
    expect(failure(await console_.login('00000001'))).toMatchObject({ code: 'WRONG_PIN', triesLeft: 1 });
    expect(failure(await console_.login('00000002'))).toMatchObject({ code: 'PIN_BLOCKED' });
    expect(failure(await console_.login(cie.pin))).toMatchObject({ code: 'PIN_BLOCKED' });

    const transport = await connectCard(READER);
    try {
      await unblockPin(transport, { puk: cie.puk, newPin: '24681357', trust: cie.trust });
    } finally {
      await transport.close();
    }
    expect(await console_.login('24681357')).toMatchObject({
      ok: true,
      status: { session: { operator: { id: 'op-marco' } } },
    });
  });

  it.each([
    // MSE SET with the DH key agreement template (docs/cie-protocol.md §3.2).
    ['the DH exchange', (apdu: Uint8Array) => apdu[1] === 0x22 && apdu[2] === 0x41 && apdu[3] === 0xa6],
    ['secure messaging', (apdu: Uint8Array) => (apdu[0]! & 0x0c) === 0x0c],
  ])('fails cleanly when the card is pulled during %s, then succeeds once it is back', async (_, during) => {
    let pulled = false;
    await insert(giulia.applet, (apdu, link) => {
      if (!pulled && during(apdu)) {
        pulled = true;
        void link.remove();
      }
    });
    const console_ = startConsole();
    await console_.until((s) => s.readers.readers.some((r) => r.cardPresent));
    const outcome = await console_.login(giulia.pin);
    expect(pulled).toBe(true);
    expect(failure(outcome)?.code).toBe('CARD_REMOVED');
    expect(await console_.status()).toMatchObject({ session: null, busy: null });

    await insert(giulia.applet);
    await console_.until((s) => s.readers.readers.some((r) => r.cardPresent));
    expect((await console_.login(giulia.pin)).ok).toBe(true);
  });

  it('locks within a second of the card leaving, refuses another card, unlocks with the same card and PIN', async () => {
    const link = await insert(giulia.applet);
    const console_ = startConsole();
    await console_.until((s) => s.readers.readers.some((r) => r.cardPresent));
    expect((await console_.login(giulia.pin)).ok).toBe(true);

    const removedAt = performance.now();
    await link.remove();
    const locked = await console_.until((s) => s.session?.locked === true, 3_000);
    const lockedAt = console_.statuses.find((entry) => entry.status.session?.locked)!.at;
    expect(lockedAt - removedAt).toBeLessThan(1_000);
    expect(locked.session).toMatchObject({ operator: { id: 'op-giulia' }, locked: true });
    expect(await console_.raw('tickets.query', {})).toMatchObject({ ok: false, error: { code: 'LOCKED' } });
    expect(failure(await console_.login(giulia.pin))?.code).toBe('LOCKED');

    const marco = await card('op-marco');
    const other = await insert(marco.applet);
    await console_.until((s) => s.readers.readers.some((r) => r.cardPresent));
    expect(failure(await console_.unlock(marco.pin))?.code).toBe('DIFFERENT_CARD');
    expect((await console_.status()).session?.locked).toBe(true);
    await other.remove();

    await insert(giulia.applet);
    await console_.until((s) => s.readers.readers.some((r) => r.cardPresent));
    expect(failure(await console_.unlock('11112222'))).toMatchObject({ code: 'WRONG_PIN', triesLeft: 2 });
    expect(await console_.unlock(giulia.pin)).toMatchObject({ ok: true, status: { session: { locked: false } } });
    expect((await console_.raw('tickets.query', {})).ok).toBe(true);
  });

  it('refuses an expired certificate (server) and a card whose SOD does not chain to the CSCA', async () => {
    const expired = await card('op-giulia', {
      certificateValidity: { notBefore: new Date(Date.now() - 800 * DAY), notAfter: new Date(Date.now() - DAY) },
    });
    const first = await insert(expired.applet);
    const console_ = startConsole();
    await console_.until((s) => s.readers.readers.some((r) => r.cardPresent));
    expect(failure(await console_.login(expired.pin))?.code).toBe('CERTIFICATE_EXPIRED');

    await first.remove();
    const foreign = await createVirtualCie({ identity: 'op-giulia', pki: await createVirtualCiePki() });
    await insert(foreign.applet);
    await console_.until((s) => s.readers.readers.some((r) => r.cardPresent));
    expect(failure(await console_.login(foreign.pin))?.code).toBe('CARD_INVALID');
    expect((await console_.status()).session).toBeNull();
  });

  it('refuses a card holder the server does not know', async () => {
    const sara = await card('op-sara');
    await insert(sara.applet);
    const console_ = startConsole();
    await console_.until((s) => s.readers.readers.some((r) => r.cardPresent));
    expect(failure(await console_.login(sara.pin))?.code).toBe('UNKNOWN_OPERATOR');
  });

  it('signs in offline a holder who signed in online here before, then asks for a fresh login when the API is back', async () => {
    const profile = tempDir('cie-offline');
    cleanups.push(async () => profile.remove());
    const first = await insert(giulia.applet);
    const console_ = startConsole({ apiUrl: proxy.url, profileDir: profile.dir });
    await console_.until((s) => s.readers.readers.some((r) => r.cardPresent));
    expect((await console_.login(giulia.pin)).ok).toBe(true);
    await console_.call('auth.logout');

    proxy.setOffline(true);
    const offline = await console_.login(giulia.pin);
    expect(offline).toMatchObject({
      ok: true,
      status: { session: { mode: 'offline', operator: { id: 'op-giulia' } } },
    });
    expect((await console_.raw('tickets.query', {})).ok).toBe(true);

    await console_.call('auth.logout');
    await first.remove();
    const marco = await card('op-marco');
    const other = await insert(marco.applet);
    await console_.until((s) => s.readers.readers.some((r) => r.cardPresent));
    expect(failure(await console_.login(marco.pin))?.code).toBe('OFFLINE_UNKNOWN');
    await other.remove();

    await insert(giulia.applet);
    await console_.until((s) => s.readers.readers.some((r) => r.cardPresent));
    expect((await console_.login(giulia.pin)).ok).toBe(true);
    expect((await console_.status()).reauthRequired).toBe(false);
    proxy.setOffline(false);
    await console_.until((s) => s.reauthRequired, 5_000);
    expect(await console_.login(giulia.pin)).toMatchObject({
      ok: true,
      status: { session: { mode: 'online' }, reauthRequired: false },
    });
  });

  it('asks for a fresh login when the server stops accepting the session token', async () => {
    await insert(giulia.applet);
    const console_ = startConsole();
    await console_.until((s) => s.readers.readers.some((r) => r.cardPresent));
    expect((await console_.login(giulia.pin)).ok).toBe(true);
    expect((await console_.status()).reauthRequired).toBe(false);

    server.db.prepare('DELETE FROM sessions').run();
    await console_.until((s) => s.reauthRequired, 5_000);
    expect(await console_.login(giulia.pin)).toMatchObject({
      ok: true,
      status: { session: { mode: 'online' }, reauthRequired: false },
    });
  });

  it('locks when pcscd goes away, explains NO_SERVICE, and signs in again once it is back', async () => {
    await insert(giulia.applet);
    const console_ = startConsole();
    await console_.until((s) => s.readers.readers.some((r) => r.cardPresent));
    expect((await console_.login(giulia.pin)).ok).toBe(true);

    await stopPcscd();
    try {
      await console_.until((s) => s.readers.service === 'down' && s.session?.locked === true, 5_000);
      expect(failure(await console_.unlock(giulia.pin))?.code).toBe('NO_SERVICE');
      await console_.call('auth.logout');
      expect(failure(await console_.login(giulia.pin))?.code).toBe('NO_SERVICE');
    } finally {
      await ensurePcscd();
    }
    await cleanups
      .splice(0)
      .reverse()
      .reduce((done, cleanup) => done.then(cleanup), Promise.resolve<unknown>(undefined));
    await insert(giulia.applet);
    const again = startConsole();
    await again.until((s) => s.readers.readers.some((r) => r.cardPresent), 10_000);
    expect((await again.login(giulia.pin)).ok).toBe(true);
  });
});

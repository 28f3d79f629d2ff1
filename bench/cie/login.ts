import { randomBytes, X509Certificate } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { DEMO_STAFF } from '../../common/demo/identities.ts';
import type { AuthStatus, LoginOutcome } from '../../common/contract/auth-methods.ts';
import { createPcscReaders } from '../../electron/services/card/pcsc/pcsc-readers.ts';
import type { CardApplet } from '../../electron/services/card/transport.ts';
import { createServices } from '../../electron/services/index.ts';
import { createLogger } from '../../electron/services/log/logger.ts';
import { keyFileSealer } from '../../electron/services/security/sealer.ts';
import { ensurePcscd, lockPcscd, VPCD_READERS } from '../../scripts/lib/pcscd.ts';
import { insertVirtualCard, readerShows } from '../../scripts/lib/vpcd-card.ts';
import { startApiServer } from '../../server/api-server.ts';
import { certificatePolicies } from '../../server/auth/certificate-policies.ts';
import { CIE_AUTH_POLICY } from '../../server/auth/cie-proof.ts';
import { createVirtualCie, createVirtualCiePki } from '../../server/demo/virtual-cie/index.ts';
import { tempDir } from '../../test/support/temp-dir.ts';
import { percentile } from '../harness.ts';

const context = { host: 'web', client: 'bench' } as const;

/** Whether loopback has quick ACKs on (see .ci/run): without, every vpcd APDU stalls ~40 ms in TCP. */
function loopbackQuickAck(): boolean {
  try {
    return /quickack 1/.test(
      execFileSync('ip', ['route', 'show', 'table', 'local', '127.0.0.1'], { encoding: 'utf8' }),
    );
  } catch {
    return false;
  }
}

/**
 * The whole sign-in as an operator sees it, through pcscd + vpcd + the virtual CIE: auth.login on
 * the console's contract (nonce from the reference API over HTTP, the card flow, the server's
 * verification, the session), then the lock after the card leaves the reader.
 */
export async function measureCieLogin(options: { logins: number; locks: number }) {
  const lock = await lockPcscd();
  const profile = tempDir('bench-cie');
  const cleanups: (() => Promise<unknown>)[] = [];
  try {
    await ensurePcscd();
    const pki = await createVirtualCiePki();
    const cie = await createVirtualCie({ identity: 'op-giulia', pki });
    const server = await startApiServer({
      dbFile: ':memory:',
      port: 0,
      systemKey: randomBytes(24).toString('base64url'),
      version: 'bench',
      trust: {
        roots: cie.serverRoots.map((der) => new X509Certificate(der)),
        requiredPolicies: [CIE_AUTH_POLICY],
        policiesOf: certificatePolicies,
      },
    });
    cleanups.push(() => server.close());
    for (const member of DEMO_STAFF) server.people.enroll({ ...member });

    let apdus = 0;
    const counted: CardApplet = {
      atr: cie.applet.atr,
      reset: () => cie.applet.reset(),
      process: (apdu) => {
        apdus += 1;
        return cie.applet.process(apdu);
      },
    };
    const services = createServices({
      identity: { name: 'Accredita', version: 'bench', host: 'web', platform: process.platform },
      profileDir: profile.dir,
      log: createLogger('bench', 'error', () => {}),
      sealer: keyFileSealer(),
      demoApiUrl: server.url,
      cardReaders: createPcscReaders(),
      cardTrust: cie.trust,
      backgroundChecks: false,
    });
    cleanups.push(() => services.close());
    let lockedAt = 0;
    services.events.subscribe('auth.events', ({ status }) => {
      if (status.session?.locked && !lockedAt) lockedAt = performance.now();
    });
    const call = async <T>(method: string, input: unknown = {}) => {
      const result = await services.dispatch(method, input, context);
      if (!result.ok) throw new Error(`${method}: ${result.error.code} ${result.error.message}`);
      return result.value as T;
    };
    const cardSeen = async () => {
      for (;;) {
        const status = await call<AuthStatus>('auth.status');
        if (status.readers.readers.some((reader) => reader.cardPresent)) return;
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    };

    let link = await insertVirtualCard(counted);
    await cardSeen();
    const loginMs: number[] = [];
    const apduCounts: number[] = [];
    for (let i = 0; i < options.logins; i += 1) {
      apdus = 0;
      const start = performance.now();
      const outcome = await call<LoginOutcome>('auth.login', { pin: cie.pin });
      loginMs.push(performance.now() - start);
      if (!outcome.ok) throw new Error(`login failed: ${outcome.failure.code} ${outcome.failure.detail}`);
      apduCounts.push(apdus);
      await call('auth.logout');
    }

    const lockMs: number[] = [];
    for (let i = 0; i < options.locks; i += 1) {
      const outcome = await call<LoginOutcome>('auth.login', { pin: cie.pin });
      if (!outcome.ok) throw new Error(`login failed: ${outcome.failure.code}`);
      lockedAt = 0;
      const removedAt = performance.now();
      await link.remove();
      while (!lockedAt) await new Promise((resolve) => setTimeout(resolve, 5));
      lockMs.push(lockedAt - removedAt);
      await call('auth.logout');
      await readerShows(VPCD_READERS[0], false);
      link = await insertVirtualCard(counted);
      await cardSeen();
    }
    await link.remove();

    const sorted = (values: number[]) => [...values].sort((a, b) => a - b);
    return {
      login_ms: Math.round(percentile(sorted(loginMs), 50)),
      login_p95_ms: Math.round(percentile(sorted(loginMs), 95)),
      apdus: Math.max(...apduCounts),
      lock_ms: Math.round(percentile(sorted(lockMs), 50)),
      lock_max_ms: Math.round(Math.max(...lockMs)),
      logins: options.logins,
      loopback_quickack: loopbackQuickAck() ? 1 : 0,
    };
  } finally {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
    profile.remove();
    lock.release();
  }
}

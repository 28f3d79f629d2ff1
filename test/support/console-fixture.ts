import { createServices, type Services } from '../../electron/services/index.ts';
import { createLogger } from '../../electron/services/log/logger.ts';
import { keyFileSealer } from '../../electron/services/security/sealer.ts';
import type { EventPayload } from '../../common/contract/methods.ts';
import { OPERATORS } from './api-fixture.ts';
import { tempDir } from './temp-dir.ts';

const context = { host: 'web', client: 'test' } as const;

/** A console's services on a throwaway profile, talking to `apiUrl` as `operatorId`, driven through the contract. */
export function startConsole(options: {
  apiUrl: string;
  token: string;
  operatorId: string;
  retentionMs?: number;
  leaseRenewBeforeMs?: number;
  profileDir?: string;
  /** Off unless asked for: most tests watch sync, and OCR in the background only adds noise. */
  backgroundChecks?: boolean;
}) {
  const profile = options.profileDir ? { dir: options.profileDir, remove: () => {} } : tempDir('console');
  const operator = OPERATORS.find((o) => o.id === options.operatorId)!;
  const services: Services = createServices({
    identity: { name: 'Accredita', version: 'test', host: 'web', platform: 'linux' },
    profileDir: profile.dir,
    // Quiet by default; ACCREDITA_TEST_LOG=1 shows the console's errors while debugging a test.
    log: createLogger('console', 'error', process.env.ACCREDITA_TEST_LOG ? undefined : () => {}),
    sealer: keyFileSealer(),
    demoApiUrl: options.apiUrl,
    session: { token: options.token, operator: { id: operator.id, name: operator.name, role: operator.role } },
    pollIntervalMs: 100,
    ...(options.retentionMs === undefined ? {} : { retentionMs: options.retentionMs }),
    ...(options.leaseRenewBeforeMs === undefined ? {} : { leaseRenewBeforeMs: options.leaseRenewBeforeMs }),
    backgroundChecks: options.backgroundChecks ?? false,
  });
  const statuses: EventPayload<'sync.events'>[] = [];
  services.events.subscribe('sync.events', (event) => statuses.push(event));

  async function call<T = Record<string, unknown>>(method: string, input: unknown = {}): Promise<T> {
    const result = await services.dispatch(method, input, context);
    if (!result.ok)
      throw Object.assign(new Error(`${method}: ${result.error.code} ${result.error.message}`), {
        code: result.error.code,
      });
    return result.value as T;
  }

  /** Waits until the console reports `predicate` on its sync status. */
  async function until(
    predicate: (status: Record<string, unknown>) => boolean | Promise<boolean>,
    timeoutMs = 15_000,
  ): Promise<Record<string, unknown>> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const status = await call('sync.status');
      if (await predicate(status)) return status;
      if (Date.now() > deadline) throw new Error(`timed out waiting; last status ${JSON.stringify(status)}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  return {
    profileDir: profile.dir,
    call,
    until,
    statuses,
    /** Caught up: online, idle, nothing pending. */
    settled: () => until((s) => s.online === true && s.phase === 'idle' && s.pending === 0),
    async close() {
      await services.close();
    },
    async remove() {
      await services.close();
      profile.remove();
    },
  };
}

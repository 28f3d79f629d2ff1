import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, WEB_CONSOLE_FILE } from '../../scripts/lib/ensure-build.ts';
import { openSettingsStore } from '../../electron/services/settings/settings-store.ts';
import { createLogger } from '../../electron/services/log/logger.ts';
import { startApiServer } from '../../server/api-server.ts';
import { startHostProcess, type HostProcess } from '../support/host-process.ts';
import { tempDir } from '../support/temp-dir.ts';
import { request, tryConnect } from '../support/ws-client.ts';

/**
 * `npm run web`'s bundle (out/web/) on a profile whose settings name a central API: no demo, so
 * the services load from the bundle's own worker thread (test/e2e/web-console.spec.ts covers the
 * demo mode, where they run beside the demo card).
 */
describe("the web host's bundle with a configured central API", () => {
  const profile = tempDir('bundle-profile');
  let api: Awaited<ReturnType<typeof startApiServer>>;
  let host: HostProcess;

  beforeAll(async () => {
    ensureBuilt();
    api = await startApiServer({
      dbFile: path.join(profile.dir, 'central-api.db'),
      port: 0,
      systemKey: 'k'.repeat(32),
      version: 't',
      trust: { roots: [], requiredPolicies: [], policiesOf: () => [] },
    });
    openSettingsStore(
      profile.dir,
      createLogger('test', 'error', () => {}),
    ).update({ apiUrl: api.url });
    host = await startHostProcess(profile.dir, { path: WEB_CONSOLE_FILE, args: ['--port', '0', '--no-open'] });
  }, 180_000);

  afterAll(async () => {
    await host?.stop();
    await api?.close();
    profile.remove();
  });

  it("finds every file it names by a module-relative URL: workers, resources, the project's root", () => {
    const bundle = path.dirname(WEB_CONSOLE_FILE);
    const named = readdirSync(bundle, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile() && entry.name.endsWith('.js'))
      .flatMap((entry) => {
        const file = path.join(entry.parentPath, entry.name);
        return [...readFileSync(file, 'utf8').matchAll(/new URL\("(\.{1,2}\/[^"]*)", import\.meta\.url\)/g)].map(
          (match) => path.resolve(path.dirname(file), match[1]!),
        );
      });
    const relative = named.map((target) => path.relative(path.resolve(bundle, '../..'), target));
    expect(relative).toEqual(
      expect.arrayContaining([
        'out/web/workers/services-worker.js',
        'out/web/workers/preview-worker.js',
        'resources/forms',
        'resources/countersign/rules.json',
        'resources',
        // Where the host reads package.json and finds out/renderer.
        '',
      ]),
    );
    expect(named.filter((target) => !existsSync(target))).toEqual([]);
  });

  it('serves the built console and answers the contract from its services thread, signed out', async () => {
    const page = await fetch(host.url);
    expect(page.status).toBe(200);
    expect(await page.text()).toMatch(/<script type="module"[^>]+src="\/assets\/index-[\w-]+\.js"/);

    const origin = host.url.slice(0, -1);
    const { socket } = await tryConnect(`${origin.replace('http', 'ws')}/ws`, { origin, secret: host.secret });
    if (!socket) throw new Error('connection refused');
    try {
      const info = await request(socket, { type: 'call', id: 1, method: 'app.info' }, (r) => r.id === 1);
      expect(info.result).toMatchObject({
        ok: true,
        value: { name: 'Accredita', host: 'web', mode: 'real', apiUrl: api.url },
      });
      const queue = await request(
        socket,
        { type: 'call', id: 2, method: 'tickets.query', input: {} },
        (r) => r.id === 2,
      );
      expect(queue.result).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    } finally {
      socket.close();
    }
  });
});

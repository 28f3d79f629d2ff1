import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { startServicesThread, type HostedServices } from '../../electron/host/services-thread.ts';
import { startWebHost } from '../../electron/host/web-host.ts';
import { createLogger } from '../../electron/services/log/logger.ts';
import { tempDir } from '../support/temp-dir.ts';
import { nextEvent, request, tryConnect } from '../support/ws-client.ts';

const log = createLogger('test', 'error', () => {});
const identity = { name: 'Accredita', version: '9.9.9', host: 'web' as const, platform: 'linux' };

describe('web host start-up', () => {
  it('serves the page while the services load, and answers the calls made meanwhile once they have', async () => {
    const renderer = tempDir('startup-renderer');
    const profile = tempDir('startup-profile');
    writeFileSync(path.join(renderer.dir, 'index.html'), '<!doctype html><title>Accredita</title>');
    let provide!: (services: HostedServices) => void;
    const loading = new Promise<HostedServices>((resolve) => (provide = resolve));
    const host = await startWebHost({ services: loading, rendererDir: renderer.dir, port: 0, log });
    let services: HostedServices | undefined;
    try {
      const page = await fetch(host.url);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<title>Accredita</title>');

      const origin = host.url.slice(0, -1);
      const { socket } = await tryConnect(`${origin.replace('http', 'ws')}/ws`, { origin, secret: host.secret });
      if (!socket) throw new Error('connection refused');
      socket.send(JSON.stringify({ type: 'subscribe', event: 'app.events' }));
      const answered = request(socket, { type: 'call', id: 1, method: 'app.info' }, (reply) => reply.id === 1);
      let early = false;
      void answered.then(() => (early = true));
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(early).toBe(false);

      services = await startServicesThread({ identity, profileDir: profile.dir, logScope: 'test' }, (reason) => {
        throw new Error(`services thread lost: ${reason}`);
      }).create({});
      provide(services);
      expect((await answered).result).toMatchObject({ ok: true, value: { name: 'Accredita', version: '9.9.9' } });
      // The subscription made before the services existed reaches them.
      const event = nextEvent(socket);
      await request(
        socket,
        { type: 'call', id: 2, method: 'app.setLocale', input: { locale: 'en' } },
        (r) => r.id === 2,
      );
      expect(await event).toMatchObject({ event: 'app.events', payload: { type: 'locale.changed', locale: 'en' } });
      socket.close();
    } finally {
      await host.close();
      await services?.close();
      renderer.remove();
      profile.remove();
    }
  });

  it('says when the page has been sent, so start-up work does not hold it up; without a page, soon anyway', async () => {
    const renderer = tempDir('startup-renderer');
    writeFileSync(path.join(renderer.dir, 'index.html'), '<!doctype html><title>Accredita</title>');
    const never = new Promise<HostedServices>(() => {});
    const withPage = await startWebHost({ services: never, rendererDir: renderer.dir, port: 0, log });
    const alone = await startWebHost({ services: never, rendererDir: renderer.dir, port: 0, log });
    try {
      let served = false;
      void withPage.pageServed.then(() => (served = true));
      await new Promise((resolve) => setImmediate(resolve));
      expect(served).toBe(false);
      expect((await fetch(withPage.url)).status).toBe(200);
      await withPage.pageServed;
      // Nobody asks for the page (a client that connects straight to the socket, or none yet).
      await alone.pageServed;
    } finally {
      await withPage.close();
      await alone.close();
      renderer.remove();
    }
  });

  it('runs the services in their own thread: calls with envelopes, events, and a clean close', async () => {
    const profile = tempDir('startup-profile');
    let lost: string | undefined;
    const services = await startServicesThread(
      { identity, profileDir: profile.dir, logScope: 'test' },
      (reason) => (lost = reason),
    ).create({});
    try {
      const context = { host: 'web' as const, client: 'test' };
      expect(await services.dispatch('app.info', {}, context)).toMatchObject({ ok: true, value: { host: 'web' } });
      expect(await services.dispatch('app.setLocale', { locale: 'xx' }, context)).toMatchObject({
        ok: false,
        error: { code: 'BAD_REQUEST' },
      });
      expect(await services.dispatch('no.such.method', {}, context)).toMatchObject({
        ok: false,
        error: { code: 'UNKNOWN_METHOD' },
      });
      const events: unknown[] = [];
      const stop = services.events.subscribe('app.events', (payload) => events.push(payload));
      await services.dispatch('app.setLocale', { locale: 'en' }, context);
      await expect.poll(() => events).toMatchObject([{ type: 'locale.changed', locale: 'en' }]);
      stop();
      await services.dispatch('app.setLocale', { locale: 'it' }, context);
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(events).toHaveLength(1);
    } finally {
      await services.close();
      profile.remove();
    }
    // Closing is not losing them.
    expect(lost).toBeUndefined();
  });
});

import { writeFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebHost, type WebHost } from '../../electron/host/web-host.ts';
import { createServices, type Services } from '../../electron/services/index.ts';
import { createLogger } from '../../electron/services/log/logger.ts';
import { keyFileSealer } from '../../electron/services/security/sealer.ts';
import { tempDir } from '../support/temp-dir.ts';
import { nextEvent, request, tryConnect } from '../support/ws-client.ts';

let host: WebHost;
let services: Services;
let origin: string;
let wsUrl: string;
const profile = tempDir('host-profile');
const renderer = tempDir('host-renderer');
const log = createLogger('test', 'error', () => {});

beforeAll(async () => {
  writeFileSync(path.join(renderer.dir, 'index.html'), '<!doctype html><title>Accredita</title>');
  services = createServices({
    identity: { name: 'Accredita', version: '9.9.9', host: 'web', platform: 'linux' },
    profileDir: profile.dir,
    log,
    sealer: keyFileSealer(),
  });
  host = await startWebHost({ services, rendererDir: renderer.dir, port: 0, log });
  origin = host.url.slice(0, -1);
  wsUrl = `${origin.replace('http', 'ws')}/ws`;
});

afterAll(async () => {
  await host.close();
  await services.close();
  profile.remove();
  renderer.remove();
});

const call = (
  socket: NonNullable<Awaited<ReturnType<typeof tryConnect>>['socket']>,
  id: number,
  method: string,
  input?: unknown,
) => request(socket, { type: 'call', id, method, input }, (reply) => reply.id === id);

describe('web host', () => {
  it('listens on loopback only and hands the secret in the URL fragment', () => {
    expect(host.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(host.launchUrl).toBe(`${host.url}#k=${host.secret}`);
    expect(host.secret.length).toBeGreaterThanOrEqual(43);
  });

  it('refuses a connection without the secret (401)', async () => {
    expect((await tryConnect(wsUrl, { origin })).status).toBe(401);
  });

  it('refuses a wrong secret (401)', async () => {
    const wrong = `${host.secret.slice(0, -1)}${host.secret.endsWith('A') ? 'B' : 'A'}`;
    expect((await tryConnect(wsUrl, { origin, secret: wrong })).status).toBe(401);
  });

  it('refuses a foreign or missing Origin even with the secret (403)', async () => {
    expect((await tryConnect(wsUrl, { origin: 'https://evil.example', secret: host.secret })).status).toBe(403);
    expect((await tryConnect(wsUrl, { origin: 'http://127.0.0.1:1', secret: host.secret })).status).toBe(403);
    expect((await tryConnect(wsUrl, { secret: host.secret })).status).toBe(403);
  });

  it('refuses a request for another host name (DNS rebinding)', async () => {
    const port = new URL(host.url).port;
    const attempt = await tryConnect(wsUrl, {
      origin: `http://evil.example:${port}`,
      secret: host.secret,
      host: `evil.example:${port}`,
    });
    expect(attempt.status).toBe(404);
    // fetch() drops a custom Host header, so ask with node:http.
    const status = await new Promise<number | undefined>((resolve, reject) =>
      http
        .get(host.url, { headers: { Host: `evil.example:${port}` } }, (response) => {
          response.resume();
          resolve(response.statusCode);
        })
        .on('error', reject),
    );
    expect(status).toBe(421);
  });

  it('answers contract calls with result envelopes', async () => {
    const { status, socket } = await tryConnect(wsUrl, { origin, secret: host.secret });
    expect(status).toBe(101);
    if (!socket) return;
    expect(socket.protocol).toBe('accredita.v1');
    const info = await call(socket, 1, 'app.info');
    expect(info.result).toEqual({
      ok: true,
      value: {
        name: 'Accredita',
        version: '9.9.9',
        mode: 'demo',
        host: 'web',
        locale: 'it',
        platform: 'linux',
        apiUrl: null,
      },
    });
    expect((await call(socket, 2, 'app.setLocale', { locale: 'de' })).result).toMatchObject({
      ok: false,
      error: { code: 'BAD_REQUEST' },
    });
    expect((await call(socket, 3, 'app.shutdown')).result).toMatchObject({
      ok: false,
      error: { code: 'UNKNOWN_METHOD' },
    });
    const malformed = await request(socket, '{"type":"call","id":', (reply) => reply.type === 'error');
    expect(malformed).toMatchObject({ type: 'error', error: { code: 'BAD_REQUEST' } });
    expect((await call(socket, 4, 'app.info')).result).toMatchObject({ ok: true });
    socket.close();
  });

  it('delivers app.events to subscribers when another client changes the locale', async () => {
    const listener = (await tryConnect(wsUrl, { origin, secret: host.secret })).socket;
    const actor = (await tryConnect(wsUrl, { origin, secret: host.secret })).socket;
    if (!listener || !actor) throw new Error('connection refused');
    listener.send(JSON.stringify({ type: 'subscribe', event: 'app.events' }));
    await call(listener, 1, 'app.info');
    const event = nextEvent(listener);
    expect((await call(actor, 1, 'app.setLocale', { locale: 'en' })).result).toEqual({
      ok: true,
      value: { locale: 'en' },
    });
    expect(await event).toMatchObject({
      type: 'event',
      event: 'app.events',
      payload: { type: 'locale.changed', locale: 'en' },
    });
    listener.close();
    actor.close();
  });

  it('serves the renderer with the security headers and refuses other methods and traversal', async () => {
    const page = await fetch(`${host.url}coda`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await page.text()).toContain('<title>Accredita</title>');
    expect((await fetch(host.url, { method: 'POST', body: 'x' })).status).toBe(405);
    expect((await fetch(`${host.url}assets/..%2f..%2fsecret.json`)).status).toBe(404);
    expect((await fetch(`${host.url}missing.js`)).status).toBe(404);
  });
});

describe('web host answers holding bytes', () => {
  // The services are tested on their own (direct dispatch); here only what the wire does with
  // an answer that holds a file.
  const file = Buffer.from(Array.from({ length: 300_000 }, (_, i) => (i * 31) % 256));
  let bytesHost: WebHost;

  beforeAll(async () => {
    bytesHost = await startWebHost({
      services: {
        dispatch: async (method) =>
          method === 'attachments.get'
            ? { ok: true, value: { contentType: 'application/pdf', data: file } }
            : { ok: false, error: { code: 'UNKNOWN_METHOD', message: String(method) } },
        events: { subscribe: () => () => {} },
        close: async () => {},
      },
      rendererDir: renderer.dir,
      port: 0,
      log,
    });
  });
  afterAll(async () => {
    await bytesHost.close();
  });

  it('sends them as one binary frame, the file byte for byte and no base64', async () => {
    const hostOrigin = bytesHost.url.slice(0, -1);
    const { socket } = await tryConnect(`${hostOrigin.replace('http', 'ws')}/ws`, {
      origin: hostOrigin,
      secret: bytesHost.secret,
    });
    if (!socket) throw new Error('connection refused');
    const frames: { binary: boolean; size: number }[] = [];
    socket.on('message', (data: Buffer, binary: boolean) => frames.push({ binary, size: data.byteLength }));
    const reply = await call(socket, 1, 'attachments.get', { ticketId: 'UE-1', sha256: 'a'.repeat(64) });
    const value = (reply.result as { value: { contentType: string; data: Uint8Array } }).value;
    expect(value.contentType).toBe('application/pdf');
    expect(Buffer.from(value.data).equals(file)).toBe(true);
    expect(frames).toHaveLength(1);
    expect(frames[0]!.binary).toBe(true);
    expect(frames[0]!.size).toBeLessThan(file.byteLength + 200);
    socket.close();
  });
});

import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { WS_PATH } from '../../common/contract/ws-protocol.ts';
import { errorFields, type Logger } from '../services/log/logger.ts';
import { securityHeaders } from '../services/security/csp.ts';
import { contentTypeOf, resolveRendererFile } from '../services/runtime/static-files.ts';
import type { HostedServices } from './services-thread.ts';

export interface WebHostOptions {
  /**
   * May still be loading: the page is served at once and loads meanwhile, and its calls wait for
   * the services (the start-up path of a console opened cold).
   */
  services: HostedServices | Promise<HostedServices>;
  rendererDir: string;
  port: number;
  log: Logger;
}

export interface WebHost {
  /** `http://127.0.0.1:<port>/` */
  url: string;
  /** The URL to open: carries the per-start secret in the fragment, which browsers never send. */
  launchUrl: string;
  secret: string;
  /**
   * Resolves once the first response (the page) has been sent, a WebSocket has asked to connect,
   * or PAGE_WAIT_MS after listening if neither came: when start-up work may begin without
   * holding up the page.
   */
  pageServed: Promise<void>;
  close(): Promise<void>;
}

const LOOPBACK = '127.0.0.1';
const PAGE_WAIT_MS = 300;

/** Serves the built renderer and the contract on loopback only, behind a per-start secret. */
export async function startWebHost({ services, rendererDir, port, log }: WebHostOptions): Promise<WebHost> {
  const secret = randomBytes(32).toString('base64url');
  let boundPort = port;
  // Host and Origin are checked against the bound address so a DNS-rebound name cannot reach us.
  const hostNames = (): string[] => [`${LOOPBACK}:${boundPort}`, `localhost:${boundPort}`];
  const origins = (): string[] => hostNames().map((h) => `http://${h}`);
  // What loads after listening (the gateway here, the services in the caller) waits until the page
  // has been sent: on two cores, the browser then parses it while the host loads them.
  let served = () => {};
  const pageServed = new Promise<void>((resolve) => (served = resolve));
  const server = http.createServer((request, response) => {
    response.once('finish', served);
    void serveStatic(request, response, rendererDir, hostNames()).catch((error: unknown) => {
      log.error('static file failed', { reason: (error as Error).message });
      if (!response.headersSent) response.writeHead(500).end();
      else response.destroy();
    });
  });
  server.on('upgrade', (request, socket, head) => {
    const path = (request.url ?? '').split('?')[0];
    if (path !== WS_PATH || !hostNames().includes(request.headers.host ?? '')) {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    served();
    gateway.then(
      (ready) => ready.handleUpgrade(request, socket, head),
      () => socket.destroy(),
    );
  });
  server.on('clientError', (_error, socket) => socket.destroy());

  const listening = new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, LOOPBACK, () => resolve());
  });
  // The gateway validates every message with the contract's schemas, whose modules take a while
  // to load: an upgrade waits for them.
  const gateway = pageServed
    .then(() => import('./ws-gateway.ts'))
    .then(({ createGateway }) => createGateway({ services, secret, allowedOrigins: origins, log: log.child('ws') }));
  gateway.catch((error: unknown) => log.error('the WebSocket gateway failed to load', errorFields(error)));
  await listening;
  setTimeout(served, PAGE_WAIT_MS).unref();
  boundPort = (server.address() as AddressInfo).port;
  const url = `http://${LOOPBACK}:${boundPort}/`;

  return {
    url,
    launchUrl: `${url}#k=${secret}`,
    secret,
    pageServed,
    async close() {
      await gateway.then(
        (ready) => ready.close(),
        () => undefined,
      );
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function serveStatic(
  request: http.IncomingMessage,
  response: http.ServerResponse,
  rendererDir: string,
  hostNames: readonly string[],
): Promise<void> {
  const headers = securityHeaders();
  if (!hostNames.includes(request.headers.host ?? '')) {
    response.writeHead(421, headers).end('Misdirected request');
    return;
  }
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.writeHead(405, { ...headers, Allow: 'GET, HEAD' }).end();
    return;
  }
  const pathname = new URL(request.url ?? '/', 'http://host').pathname;
  const file = resolveRendererFile(rendererDir, pathname);
  const info = file ? await stat(file).catch(() => undefined) : undefined;
  if (!file || !info?.isFile()) {
    response.writeHead(404, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' }).end('Not found');
    return;
  }
  const immutable = pathname.startsWith('/assets/');
  response.writeHead(200, {
    ...headers,
    'Content-Type': contentTypeOf(file),
    'Content-Length': info.size,
    'Cache-Control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
  });
  if (request.method === 'HEAD') {
    response.end();
    return;
  }
  createReadStream(file).pipe(response);
}

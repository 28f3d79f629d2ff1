/**
 * A deterministic fault-injecting HTTP proxy for the sync engine's chaos test. It sits between a
 * client and an upstream on loopback and, per request, injects at most one fault drawn from a seeded
 * PRNG, so a failing run can be replayed with the same seed and the same request order.
 *
 * Request bodies are buffered before forwarding (the `duplicate` fault has to send them twice, and a
 * half-received request is never forwarded); responses stream through unless a fault needs the whole
 * body to cut it.
 */
import { seededRandom } from '../../server/demo/random.ts';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { setTimeout as sleep } from 'node:timers/promises';

/** Probability per request of each fault, in [0, 1]; together at most 1, since a request gets at most one fault. */
export interface ChaosRates {
  /** Close the client connection without forwarding the request. */
  dropBeforeForward?: number;
  /** Forward, let the upstream apply it, then close the client connection without any response. */
  dropAfterForward?: number;
  /** Wait before forwarding (ms range drawn uniformly). */
  delay?: number;
  /** Range for `delay`, inclusive integer milliseconds; default [5, 50]. */
  delayMs?: [number, number];
  /** Answer 503 (with Retry-After: 0 or 1) without forwarding. */
  error503?: number;
  /** Forward, then answer 502 instead of the upstream response (the upstream applied it). */
  error502AfterForward?: number;
  /**
   * Forward, send the status line, headers (with the true Content-Length) and part of the body, then
   * destroy the socket. An empty upstream body has nothing to cut: the connection is closed without a response.
   */
  resetMidBody?: number;
  /** Forward the same request twice to the upstream (sequentially, same headers and body) and return the second answer. */
  duplicate?: number;
  /**
   * Forward, then send a response whose body is cut short but whose Content-Length matches the cut body
   * (so the client receives syntactically broken JSON with a "complete" HTTP message). The cut keeps
   * between 0 and length - 1 bytes; an empty upstream body is passed on as it is.
   */
  truncateBody?: number;
}

export interface ChaosProxy {
  /** http://127.0.0.1:<port>/ (trailing slash). */
  url: string;
  /** Replaces the rates (omitted kinds become 0) for requests arriving from now on. Throws RangeError on bad rates. */
  setRates(rates: ChaosRates): void;
  /**
   * Offline: every new connection is destroyed at once and open ones are closed. A request already
   * forwarded may still be applied upstream; one waiting out a `delay` is not forwarded.
   */
  setOffline(offline: boolean): void;
  /**
   * Counts per fault kind (by the kind drawn), plus `requests` (received), `forwarded` (requests sent
   * upstream, so it matches what the upstream saw: 2 for a duplicate), `offlineRefused` (connections
   * destroyed while offline) and `upstreamErrors` (upstream failures, answered 502 like a real proxy).
   */
  stats(): Record<string, number>;
  /** Ends every client and upstream socket and pending delay, then stops listening. */
  close(): Promise<void>;
}

/** Fault kinds in the order their rates are stacked on [0, 1): part of what a seed means, so append only. */
export const FAULTS = [
  'dropBeforeForward',
  'dropAfterForward',
  'delay',
  'error503',
  'error502AfterForward',
  'resetMidBody',
  'duplicate',
  'truncateBody',
] as const;
type Fault = (typeof FAULTS)[number];
type Counter = Fault | 'requests' | 'forwarded' | 'offlineRefused' | 'upstreamErrors';

const DEFAULT_DELAY_MS: [number, number] = [5, 50];

/** Hop-by-hop headers (RFC 9110 §7.6.1) describe one connection, so they are never passed on. */
const HOP_BY_HOP = [
  'connection',
  'keep-alive',
  'proxy-connection',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
];

function checkRates(rates: ChaosRates): ChaosRates {
  let total = 0;
  for (const kind of FAULTS) {
    const rate = rates[kind] ?? 0;
    if (!(rate >= 0 && rate <= 1)) throw new RangeError(`chaos rate ${kind} must be within [0, 1], got ${rate}`);
    total += rate;
  }
  // At most one fault per request: the rates share one draw, so they cannot add up to more than 1.
  if (total > 1 + 1e-9) throw new RangeError(`chaos rates add up to ${total}, more than 1`);
  const [min, max] = rates.delayMs ?? DEFAULT_DELAY_MS;
  if (!(min >= 0 && max >= min)) throw new RangeError(`chaos delayMs must be [min, max] with 0 <= min <= max`);
  return { ...rates, delayMs: [min, max] };
}

function pickFault(rates: ChaosRates, draw: number): Fault | undefined {
  let edge = 0;
  for (const kind of FAULTS) {
    edge += rates[kind] ?? 0;
    if (draw < edge) return kind;
  }
  return undefined;
}

/** A flat rawHeaders list without hop-by-hop headers, those the Connection header names, and `drop`. */
function endToEnd(raw: string[], drop: string[] = []): string[] {
  const dropped = new Set([...HOP_BY_HOP, ...drop]);
  for (let i = 0; i + 1 < raw.length; i += 2) {
    if (raw[i]?.toLowerCase() !== 'connection') continue;
    for (const token of (raw[i + 1] ?? '').split(',')) dropped.add(token.trim().toLowerCase());
  }
  const kept: string[] = [];
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i] ?? '';
    if (!dropped.has(name.toLowerCase())) kept.push(name, raw[i + 1] ?? '');
  }
  return kept;
}

/** The whole stream; throws if the peer went away before the message was complete. */
async function readAll(message: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of message as Readable) chunks.push(chunk as Buffer);
  if (!message.complete) throw new Error('chaos proxy: message ended before it was complete');
  return Buffer.concat(chunks);
}

function answer(res: ServerResponse, status: number, headers: Record<string, string>, error: string): void {
  const body = JSON.stringify({ error });
  res.writeHead(status, { ...headers, 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}

export async function startChaosProxy(
  target: string,
  options: { seed: number; rates?: ChaosRates },
): Promise<ChaosProxy> {
  const upstream = new URL(target);
  if (upstream.protocol !== 'http:') throw new Error(`chaos proxy forwards to http: only, got ${target}`);
  const basePath = upstream.pathname.replace(/\/$/, '');
  const random = seededRandom(options.seed);
  let rates = checkRates(options.rates ?? {});
  let offline = false;
  const counters: Counter[] = [...FAULTS, 'requests', 'forwarded', 'offlineRefused', 'upstreamErrors'];
  const counts = Object.fromEntries(counters.map((name) => [name, 0])) as Record<Counter, number>;
  const sockets = new Set<Socket>();
  // Aborts upstream requests and pending delays on close(), so nothing outlives the proxy.
  const shutdown = new AbortController();
  // Without keep-alive no pooled upstream socket is left behind, and each forward is a fresh exchange.
  const agent = new http.Agent({ keepAlive: false });

  function forward(req: IncomingMessage, body: Buffer): Promise<IncomingMessage> {
    counts.forwarded++;
    // The body is already buffered, so `expect: 100-continue` is moot and Content-Length is known.
    const headers = endToEnd(req.rawHeaders, ['host', 'content-length', 'expect']);
    headers.push('Host', upstream.host);
    const hadBody = req.headers['content-length'] !== undefined || req.headers['transfer-encoding'] !== undefined;
    if (hadBody || body.length > 0) headers.push('Content-Length', String(body.length));
    return new Promise((resolve, reject) => {
      const out = http.request(
        {
          agent,
          hostname: upstream.hostname,
          port: upstream.port || 80,
          method: req.method,
          path: basePath + (req.url ?? '/'),
          headers,
          signal: shutdown.signal,
        },
        resolve,
      );
      out.on('error', reject);
      out.end(body);
    });
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    counts.requests++;
    // Always two draws per request, whatever the outcome: request n sees the same numbers for a seed.
    const fault = pickFault(rates, random());
    const param = random();
    if (fault) counts[fault]++;

    if (fault === 'dropBeforeForward') return void req.socket.destroy();
    const body = await readAll(req);
    if (fault === 'error503') {
      return answer(res, 503, { 'Retry-After': param < 0.5 ? '0' : '1' }, 'chaos: service unavailable');
    }
    if (fault === 'delay') {
      const [min, max] = rates.delayMs ?? DEFAULT_DELAY_MS;
      await sleep(min + Math.floor(param * (max - min + 1)), undefined, { signal: shutdown.signal });
      // Offline means nothing gets through, including a request that was waiting out its delay.
      if (offline) return void req.socket.destroy();
    }

    let response = await forward(req, body);
    switch (fault) {
      case 'dropAfterForward':
        await readAll(response);
        return void req.socket.destroy();
      case 'error502AfterForward':
        await readAll(response);
        return answer(res, 502, {}, 'chaos: bad gateway');
      case 'duplicate':
        await readAll(response);
        response = await forward(req, body);
        break;
      case 'truncateBody': {
        const full = await readAll(response);
        const cut = full.subarray(0, Math.floor(param * full.length));
        const headers = [...endToEnd(response.rawHeaders, ['content-length']), 'Content-Length', String(cut.length)];
        res.writeHead(response.statusCode ?? 502, response.statusMessage, headers);
        return void res.end(cut);
      }
      case 'resetMidBody': {
        const full = await readAll(response);
        if (full.length === 0) return void req.socket.destroy();
        const headers = [...endToEnd(response.rawHeaders, ['content-length']), 'Content-Length', String(full.length)];
        res.writeHead(response.statusCode ?? 502, response.statusMessage, headers);
        // Destroy once the head and partial body are flushed, so the client sees them before the close.
        return void res.write(full.subarray(0, Math.floor(param * full.length)), () => req.socket.destroy());
      }
    }
    res.writeHead(response.statusCode ?? 502, response.statusMessage, endToEnd(response.rawHeaders));
    await pipeline(response, res);
  }

  const server = http.createServer((req, res) => {
    handle(req, res).catch(() => {
      // The client left, the proxy is closing, or the upstream failed; only the last one is answered.
      if (shutdown.signal.aborted || req.socket.destroyed) return;
      if (res.headersSent) return void req.socket.destroy();
      counts.upstreamErrors++;
      answer(res, 502, {}, 'chaos proxy: upstream failed');
    });
  });
  server.on('connection', (socket: Socket) => {
    if (offline || shutdown.signal.aborted) {
      counts.offlineRefused++;
      return void socket.destroy();
    }
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;

  let closing: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${port}/`,
    setRates(next) {
      rates = checkRates(next);
    },
    setOffline(value) {
      offline = value;
      if (value) for (const socket of sockets) socket.destroy();
    },
    stats: () => ({ ...counts }),
    close() {
      closing ??= new Promise<void>((resolve) => {
        shutdown.abort();
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
        agent.destroy();
      });
      return closing;
    },
  };
}

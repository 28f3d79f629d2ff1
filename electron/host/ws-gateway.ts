import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { encodeFrame } from '../../common/contract/binary-frame.ts';
import type { EventName } from '../../common/contract/names.ts';
import {
  ClientMessageSchema,
  WS_MAX_MESSAGE_BYTES,
  WS_SECRET_PREFIX,
  WS_SUBPROTOCOL,
  type ServerMessage,
} from '../../common/contract/wire.ts';
import { fail } from '../../common/contract/result.ts';
import { describeIssues, toIssues } from '../../common/contract/validation.ts';
import type { HostedServices } from './services-thread.ts';
import type { Logger } from '../services/log/logger.ts';

export interface GatewayOptions {
  /** Still loading while the page loads: calls and subscriptions wait for them. */
  services: HostedServices | Promise<HostedServices>;
  secret: string;
  /** Origins a browser page of this host can have, e.g. `http://127.0.0.1:5173`. */
  allowedOrigins: () => readonly string[];
  log: Logger;
}

/** Why an upgrade is refused, or undefined when the connection may proceed. */
export function refuseUpgrade(
  request: Pick<IncomingMessage, 'headers'>,
  secret: string,
  allowedOrigins: readonly string[],
): { status: 401 | 403; reason: string } | undefined {
  const origin = request.headers.origin;
  if (!origin || !allowedOrigins.includes(origin)) return { status: 403, reason: 'foreign or missing Origin' };
  const offered = (request.headers['sec-websocket-protocol'] ?? '').split(',').map((p) => p.trim());
  if (!offered.includes(WS_SUBPROTOCOL)) return { status: 403, reason: 'protocol version not offered' };
  const token = offered.find((p) => p.startsWith(WS_SECRET_PREFIX))?.slice(WS_SECRET_PREFIX.length);
  if (!token || !sameSecret(token, secret)) return { status: 401, reason: 'missing or wrong secret' };
  return undefined;
}

function sameSecret(presented: string, secret: string): boolean {
  const a = Buffer.from(presented);
  const b = Buffer.from(secret);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * The contract over WebSocket: one connection per page, calls answered with result envelopes,
 * events pushed only for the streams the page subscribed to.
 */
export function createGateway({ services, secret, allowedOrigins, log }: GatewayOptions) {
  const ready = Promise.resolve(services);
  // A start-up failure ends the host; until then it is an answer, not an unhandled rejection.
  ready.catch(() => undefined);
  const server = new WebSocketServer({
    noServer: true,
    maxPayload: WS_MAX_MESSAGE_BYTES,
    handleProtocols: () => WS_SUBPROTOCOL,
  });
  let nextClient = 1;

  server.on('connection', (socket: WebSocket) => {
    const client = `ws:${nextClient++}`;
    const subscriptions = new Map<EventName, () => void>();
    const subscribe = (event: EventName): (() => void) => {
      let stop: (() => void) | undefined;
      let cancelled = false;
      void ready.then(
        (loaded) => {
          if (!cancelled) stop = loaded.events.subscribe(event, (payload) => send({ type: 'event', event, payload }));
        },
        () => undefined,
      );
      return () => {
        cancelled = true;
        stop?.();
      };
    };
    const send = (message: ServerMessage): void => {
      if (socket.readyState === socket.OPEN) socket.send(encodeFrame(message));
    };

    socket.on('message', (data, isBinary) => {
      let raw: unknown;
      try {
        raw = isBinary ? undefined : JSON.parse(data.toString());
      } catch {
        raw = undefined;
      }
      const parsed = ClientMessageSchema.safeParse(raw);
      if (!parsed.success) {
        const message = `Malformed message: ${describeIssues(toIssues(parsed.error))}`;
        send({ type: 'error', error: { code: 'BAD_REQUEST', message } });
        return;
      }
      const message = parsed.data;
      if (message.type === 'call') {
        void ready
          .then(
            (loaded) => loaded.dispatch(message.method, message.input, { host: 'web', client }),
            () => fail('UNAVAILABLE', 'The console services failed to start'),
          )
          .then((result) => send({ type: 'result', id: message.id, result }));
      } else if (message.type === 'subscribe') {
        if (!subscriptions.has(message.event)) subscriptions.set(message.event, subscribe(message.event));
      } else {
        subscriptions.get(message.event)?.();
        subscriptions.delete(message.event);
      }
    });

    socket.on('close', () => {
      subscriptions.forEach((stop) => stop());
      subscriptions.clear();
    });
    socket.on('error', (error) => log.warn('websocket error', { client, reason: error.message }));
  });

  return {
    handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
      const refusal = refuseUpgrade(request, secret, allowedOrigins());
      if (refusal) {
        log.warn('websocket refused', { reason: refusal.reason });
        const text = refusal.status === 401 ? 'Unauthorized' : 'Forbidden';
        socket.end(`HTTP/1.1 ${refusal.status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
        return;
      }
      server.handleUpgrade(request, socket, head, (ws) => server.emit('connection', ws, request));
    },
    close(): Promise<void> {
      for (const ws of server.clients) ws.terminate();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

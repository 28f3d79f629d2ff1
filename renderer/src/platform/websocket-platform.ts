import { decodeFrame } from '../../../common/contract/binary-frame.ts';
import type { EventPayload } from '../../../common/contract/methods.ts';
import type { EventName } from '../../../common/contract/names.ts';
import { fail, type Result } from '../../../common/contract/result.ts';
import { parseEvent, parseResult } from '../../../common/contract/validation.ts';
import {
  ServerMessageSchema,
  WS_PATH,
  WS_SECRET_PREFIX,
  WS_SUBPROTOCOL,
  type ClientMessage,
} from '../../../common/contract/wire.ts';
import type { ConnectionState, Platform } from './platform.ts';

const CALL_TIMEOUT_MS = 30_000;
const RETRY_DELAYS_MS = [250, 500, 1000, 2000, 5000];

interface Pending {
  resolve(result: Result<unknown>): void;
  timer: ReturnType<typeof setTimeout>;
}

/**
 * The contract over the web host's WebSocket: reconnects with backoff, re-subscribes after a
 * reconnect, and answers every call, with UNAVAILABLE or TIMEOUT when the host cannot.
 */
export function createWebSocketPlatform(origin: string, secret: string | undefined): Platform {
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  const connectionListeners = new Set<(state: ConnectionState) => void>();
  const pending = new Map<number, Pending>();
  const queued: ClientMessage[] = [];
  let state: ConnectionState = secret ? 'connecting' : 'unauthorized';
  let socket: WebSocket | undefined;
  let nextId = 1;
  let failures = 0;

  const setState = (next: ConnectionState): void => {
    if (next === state) return;
    state = next;
    connectionListeners.forEach((listener) => listener(state));
  };

  const send = (message: ClientMessage): void => {
    if (socket?.readyState === WebSocket.OPEN) socket.send(JSON.stringify(message));
    else if (message.type === 'call') queued.push(message);
  };

  const connect = (): void => {
    if (!secret) return;
    const ws = new WebSocket(`${origin.replace(/^http/, 'ws')}${WS_PATH}`, [
      WS_SUBPROTOCOL,
      `${WS_SECRET_PREFIX}${secret}`,
    ]);
    ws.binaryType = 'arraybuffer';
    socket = ws;
    ws.onopen = () => {
      failures = 0;
      setState('online');
      listeners.forEach((set, event) => {
        if (set.size > 0) send({ type: 'subscribe', event });
      });
      queued.splice(0).forEach(send);
    };
    ws.onmessage = (message) => {
      let raw: unknown;
      try {
        raw = decodeFrame(message.data as string | ArrayBuffer);
      } catch {
        return;
      }
      const parsed = ServerMessageSchema.safeParse(raw);
      if (!parsed.success) return;
      const data = parsed.data;
      if (data.type === 'result') {
        const call = pending.get(data.id);
        if (!call) return;
        pending.delete(data.id);
        clearTimeout(call.timer);
        call.resolve(data.result as Result<unknown>);
      } else if (data.type === 'event') {
        listeners.get(data.event)?.forEach((listener) => listener(data.payload));
      }
    };
    ws.onclose = () => {
      socket = undefined;
      setState('offline');
      for (const [id, call] of pending) {
        clearTimeout(call.timer);
        call.resolve(fail('UNAVAILABLE', 'The connection to the console service was lost'));
        pending.delete(id);
      }
      queued.length = 0;
      const delay = RETRY_DELAYS_MS[Math.min(failures, RETRY_DELAYS_MS.length - 1)];
      failures += 1;
      setTimeout(connect, delay);
    };
  };

  connect();

  return {
    kind: 'web',
    async call(method, input) {
      if (!secret) return fail('FORBIDDEN', 'Open the console from the link printed by the web host');
      const id = nextId++;
      const raw = await new Promise<Result<unknown>>((resolve) => {
        const timer = setTimeout(() => {
          pending.delete(id);
          resolve(fail('TIMEOUT', `${method}: no answer within ${CALL_TIMEOUT_MS / 1000} s`));
        }, CALL_TIMEOUT_MS);
        pending.set(id, { resolve, timer });
        send({ type: 'call', id, method, input });
      });
      return raw.ok ? parseResult(method, raw) : raw;
    },
    subscribe<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void) {
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set);
      const checked = (raw: unknown): void => {
        const payload = parseEvent(event, raw);
        if (payload !== undefined) listener(payload);
      };
      set.add(checked);
      if (set.size === 1) send({ type: 'subscribe', event });
      return () => {
        set.delete(checked);
        if (set.size === 0) send({ type: 'unsubscribe', event });
      };
    },
    onConnection(listener) {
      connectionListeners.add(listener);
      listener(state);
      return () => connectionListeners.delete(listener);
    },
  };
}

import WebSocket from 'ws';
import { decodeFrame } from '../../common/contract/binary-frame.ts';
import { WS_SECRET_PREFIX, WS_SUBPROTOCOL } from '../../common/contract/wire.ts';

export interface Attempt {
  /** HTTP status of a refused upgrade, or 101 when the socket opened. */
  status: number;
  socket?: WebSocket;
}

/** Opens a WebSocket the way a page would, with full control over what it presents. */
export function tryConnect(
  url: string,
  options: { secret?: string; origin?: string; protocols?: string[]; host?: string } = {},
): Promise<Attempt> {
  const protocols = options.protocols ?? [
    WS_SUBPROTOCOL,
    ...(options.secret ? [`${WS_SECRET_PREFIX}${options.secret}`] : []),
  ];
  const headers: Record<string, string> = {};
  if (options.host) headers.Host = options.host;
  const socket = new WebSocket(url, protocols, { origin: options.origin, headers });
  return new Promise((resolve, reject) => {
    socket.once('open', () => resolve({ status: 101, socket }));
    socket.once('unexpected-response', (_request, response) => {
      resolve({ status: response.statusCode ?? 0 });
      socket.terminate();
    });
    socket.once('error', (error) => reject(error));
  });
}

/** A received frame as the message it carries: text frames are JSON, binary ones carry bytes (binary-frame.ts). */
const read = (data: WebSocket.RawData, isBinary: boolean) =>
  decodeFrame(isBinary ? (data as Buffer) : data.toString()) as Record<string, unknown>;

/** Sends one message and resolves with the next message that satisfies `match`. */
export function request(socket: WebSocket, message: unknown, match: (reply: Record<string, unknown>) => boolean) {
  return new Promise<Record<string, unknown>>((resolve) => {
    const onMessage = (data: WebSocket.RawData, isBinary: boolean): void => {
      const reply = read(data, isBinary);
      if (match(reply)) {
        socket.off('message', onMessage);
        resolve(reply);
      }
    };
    socket.on('message', onMessage);
    socket.send(typeof message === 'string' ? message : JSON.stringify(message));
  });
}

export const nextEvent = (socket: WebSocket): Promise<Record<string, unknown>> =>
  new Promise((resolve) => {
    const onMessage = (data: WebSocket.RawData, isBinary: boolean): void => {
      const message = read(data, isBinary);
      if (message.type === 'event') {
        socket.off('message', onMessage);
        resolve(message);
      }
    };
    socket.on('message', onMessage);
  });

/**
 * The socket side of a virtual card, on its own thread. pcscd asks vpcd for the card's ATR every
 * 0.4 s while holding the reader's lock, and some PC/SC calls (SCardDisconnect) wait for that lock
 * on the caller's thread; were the card served by the same thread, it could never answer and
 * both would wait forever. Here the ATR and power controls are answered without the applet's
 * thread, as a real card answers without the host; command APDUs go to the applet and back.
 */
import net from 'node:net';
import { parentPort, workerData } from 'node:worker_threads';

export interface VirtualCardWorkerData {
  port: number;
  atr: Uint8Array;
}

/** From the applet's thread. */
export type ToCardSocket = { type: 'response'; bytes: Uint8Array } | { type: 'remove' };

/** To the applet's thread. */
export type FromCardSocket =
  | { type: 'connected' }
  | { type: 'refused'; message: string }
  | { type: 'command'; bytes: Uint8Array }
  | { type: 'reset' }
  | { type: 'closed'; message?: string };

/** vpcd listens on every interface; a virtual card with a known PIN must never be reachable from elsewhere. */
const VPCD_HOST = '127.0.0.1';

/** vpcd control messages: a 1-byte payload (vsmartcard's vpcd.h). */
const CONTROL = { POWER_OFF: 0x00, POWER_ON: 0x01, RESET: 0x02, GET_ATR: 0x04 } as const;

const port = parentPort;
if (!port) throw new Error('virtual-card-worker.ts runs as a worker thread');
const { port: tcpPort, atr } = workerData as VirtualCardWorkerData;
const post = (message: FromCardSocket) => port.postMessage(message);

const socket = net.connect({ host: VPCD_HOST, port: tcpPort });
socket.setNoDelay(true);
let connected = false;
let closed = false;
let pending: Buffer = Buffer.alloc(0);
/** vpcd sends one command and waits for its answer; frames behind it wait here. */
let awaitingResponse = false;

const send = (payload: Uint8Array) => {
  if (socket.destroyed) return;
  const frame = Buffer.alloc(2 + payload.length);
  frame.writeUInt16BE(payload.length, 0);
  frame.set(payload, 2);
  socket.write(frame);
};

const drain = () => {
  while (!awaitingResponse && pending.length >= 2) {
    const length = pending.readUInt16BE(0);
    if (pending.length < 2 + length) return;
    const payload = Uint8Array.from(pending.subarray(2, 2 + length));
    pending = pending.subarray(2 + length);
    if (length === 0) continue;
    if (length > 1) {
      awaitingResponse = true;
      post({ type: 'command', bytes: payload });
    } else if (payload[0] === CONTROL.GET_ATR) {
      send(atr);
    } else if (payload[0] === CONTROL.POWER_OFF || payload[0] === CONTROL.POWER_ON || payload[0] === CONTROL.RESET) {
      post({ type: 'reset' });
    }
  }
};

const finish = (error?: Error) => {
  if (closed) return;
  closed = true;
  post(
    connected ? { type: 'closed', message: error?.message } : { type: 'refused', message: error?.message ?? 'closed' },
  );
};

socket.once('connect', () => {
  connected = true;
  post({ type: 'connected' });
});
socket.on('data', (chunk: Buffer) => {
  pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
  drain();
});
socket.on('error', (error) => finish(error));
socket.on('close', () => finish());

port.on('message', (message: ToCardSocket) => {
  if (message.type === 'remove') {
    socket.destroy();
    return;
  }
  awaitingResponse = false;
  send(message.bytes);
  drain();
});

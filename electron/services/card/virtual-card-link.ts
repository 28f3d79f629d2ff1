import { Worker } from 'node:worker_threads';
import { CardError, type CardApplet } from './transport.ts';
import type { FromCardSocket, ToCardSocket, VirtualCardWorkerData } from './virtual-card-worker.ts';

/** vsmartcard-vpcd's first reader ("Virtual PCD 00 00"); the second listens on the next port. */
export const VPCD_PORT = 35963;

const WORKER_URL = new URL('./virtual-card-worker.ts', import.meta.url);

/** An applet broke its promise never to throw: answer "no precise diagnosis" instead of dropping the card. */
const SW_NO_DIAGNOSIS = Uint8Array.of(0x6f, 0x00);

export interface VirtualCardLinkOptions {
  /** vpcd port: 35963 for "Virtual PCD 00 00", 35964 for "Virtual PCD 00 01". */
  port?: number;
  /** Called when the connection ends without remove(): pcscd stopped, or the socket failed. */
  onDisconnected?: (error?: Error) => void;
}

export interface VirtualCardLink {
  readonly port: number;
  readonly inserted: boolean;
  /** Connects to vpcd on 127.0.0.1; pcscd reports the card inserted 0.05–0.4 s later. */
  insert(): Promise<void>;
  /** Closes the connection; pcscd reports the card removed within its 0.4 s poll. */
  remove(): Promise<void>;
}

/**
 * Puts a card applet in a vsmartcard-vpcd reader: the applet becomes a card that the real pcscd,
 * and every PC/SC program, sees. vpcd speaks frames of a 2-byte big-endian length and a payload;
 * a 1-byte payload is a control (power off/on and reset make the applet lose its session; get
 * ATR), anything else a command APDU answered with the applet's response APDU. The socket lives
 * on a worker thread (virtual-card-worker.ts says why); the applet runs on this one.
 */
export function createVirtualCardLink(applet: CardApplet, options: VirtualCardLinkOptions = {}): VirtualCardLink {
  const port = options.port ?? VPCD_PORT;
  let worker: Worker | undefined;
  let removing: Promise<void> | undefined;

  const answer = (command: Uint8Array): Uint8Array => {
    try {
      return applet.process(command);
    } catch {
      return SW_NO_DIAGNOSIS;
    }
  };

  return {
    port,
    get inserted() {
      return worker !== undefined && removing === undefined;
    },
    insert: async () => {
      if (worker) return;
      const data: VirtualCardWorkerData = { port, atr: Uint8Array.from(applet.atr) };
      const thread = new Worker(WORKER_URL, { workerData: data });
      worker = thread;
      const tell = (message: ToCardSocket) => thread.postMessage(message);
      let connected = false;
      await new Promise<void>((resolve, reject) => {
        thread.on('message', (message: FromCardSocket) => {
          switch (message.type) {
            case 'connected':
              connected = true;
              resolve();
              break;
            case 'refused':
              worker = undefined;
              void thread.terminate();
              reject(
                new CardError(
                  'NO_SERVICE',
                  `Nothing listens on 127.0.0.1:${port}: pcscd with the vsmartcard-vpcd driver is not running (${message.message})`,
                ),
              );
              break;
            case 'command':
              tell({ type: 'response', bytes: answer(message.bytes) });
              break;
            case 'reset':
              applet.reset();
              break;
            case 'closed':
              if (worker === thread) worker = undefined;
              void thread.terminate();
              if (!removing) options.onDisconnected?.(message.message ? new Error(message.message) : undefined);
              break;
          }
        });
        thread.once('error', (error) => {
          if (worker === thread) worker = undefined;
          reject(error);
          if (connected && !removing) options.onDisconnected?.(error);
        });
      });
    },
    remove: () => {
      const thread = worker;
      if (!thread) return Promise.resolve();
      removing ??= new Promise<void>((resolve) => {
        thread.once('exit', () => {
          removing = undefined;
          resolve();
        });
        thread.postMessage({ type: 'remove' } satisfies ToCardSocket);
      });
      return removing;
    },
  };
}

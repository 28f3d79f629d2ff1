/**
 * The calling side of the image worker: one warm worker thread, one request at a time, a
 * deadline per request. A request past its deadline terminates the worker (a decoder stuck in
 * a hostile file cannot be interrupted any other way); the next request starts a fresh one.
 */
import { Worker } from 'node:worker_threads';
import type { ImageWorkerRequest, ImageWorkerResponse } from './image-worker.ts';
import type { StripRequest, StripResult } from './prepare-strips.ts';

export class ImageWorkerTimeout extends Error {
  override name = 'ImageWorkerTimeout';
}

export class ImageWorkerFailure extends Error {
  override name = 'ImageWorkerFailure';
  readonly code: string;

  constructor(code: string, detail: string) {
    super(detail);
    this.code = code;
  }
}

const WORKER_URL = new URL('./image-worker.ts', import.meta.url);
/** Pixels live in array buffers, outside this limit; it bounds what a hostile file makes the decoders allocate on the heap. */
const HEAP_LIMIT_MB = 512;

export class ImageWorkerClient {
  #worker: Worker | null = null;
  #nextId = 1;
  #pending = new Map<number, { resolve(r: StripResult): void; reject(e: Error): void }>();

  /** Runs one request; `bytes` is copied (into a buffer of its own, as a Buffer may share Node's pool), so the caller keeps it. */
  run(request: StripRequest, deadline: number): Promise<StripResult> {
    const worker = this.#ensureWorker();
    const id = this.#nextId++;
    const bytes = new Uint8Array(request.bytes);
    return new Promise<StripResult>((resolve, reject) => {
      const timer = setTimeout(
        () => {
          this.#pending.delete(id);
          reject(new ImageWorkerTimeout('the image work passed its deadline'));
          void this.terminate();
        },
        Math.max(0, deadline - Date.now()),
      );
      this.#pending.set(id, {
        resolve: (result) => {
          clearTimeout(timer);
          resolve(result);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      });
      worker.postMessage({ ...request, bytes, id } satisfies ImageWorkerRequest, [bytes.buffer]);
    });
  }

  async terminate(): Promise<void> {
    const worker = this.#worker;
    this.#worker = null;
    for (const pending of this.#pending.values())
      pending.reject(new ImageWorkerFailure('INTERNAL', 'image worker stopped'));
    this.#pending.clear();
    if (worker) await worker.terminate();
  }

  #ensureWorker(): Worker {
    if (this.#worker) return this.#worker;
    const worker = new Worker(WORKER_URL, { resourceLimits: { maxOldGenerationSizeMb: HEAP_LIMIT_MB } });
    // An idle warm worker must not keep the process alive.
    worker.unref();
    worker.on('message', (response: ImageWorkerResponse) => {
      const pending = this.#pending.get(response.id);
      if (!pending) return;
      this.#pending.delete(response.id);
      if (response.ok) pending.resolve(response.result);
      else pending.reject(new ImageWorkerFailure(response.code, response.detail));
    });
    worker.on('error', (error) => {
      if (this.#worker === worker) this.#worker = null;
      for (const pending of this.#pending.values()) pending.reject(new ImageWorkerFailure('INTERNAL', error.message));
      this.#pending.clear();
    });
    worker.on('exit', () => {
      if (this.#worker === worker) this.#worker = null;
    });
    this.#worker = worker;
    return worker;
  }
}

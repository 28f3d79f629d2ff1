/**
 * Draws previews in one worker thread, one at a time, each with a deadline and a memory budget
 * (the pattern of pdf-form-thread.ts: pdf.js cannot be interrupted on the services' thread, a
 * thread can be terminated; decoded images live outside the heap limit, so resident memory is
 * watched). The thread starts on the first job, so start-up never loads pdf.js or the canvas,
 * stays for the next ones, and is replaced after a timeout or a crash.
 */
import { Worker } from 'node:worker_threads';
import type { PreviewJob, PreviewRaster } from './render-preview.ts';

const WORKER_URL = new URL('./preview-worker.ts', import.meta.url);
const MEMORY_LIMIT_MB = 512;
const MEMORY_GROWTH_LIMIT_BYTES = 1024 * 1024 * 1024;
const MEMORY_POLL_MS = 25;

export type PreviewReply =
  | { type: 'ready' }
  | { type: 'raster'; raster: PreviewRaster }
  | { type: 'refused'; reason: 'unreadable' | 'failed'; detail: string };

export type PreviewOutcome =
  | { ok: true; raster: PreviewRaster }
  | { ok: false; reason: 'unreadable' | 'failed' | 'timeout' | 'memory' | 'crash'; detail: string };

export interface PreviewThread {
  /** Queued behind the jobs already asked for; the deadline counts from the start of this one. */
  run(job: PreviewJob, timeoutMs: number): Promise<PreviewOutcome>;
  close(): Promise<void>;
}

interface Drawer {
  thread: Worker;
  ready: Promise<void>;
}

export function createPreviewThread(): PreviewThread {
  let current: Drawer | undefined;
  let queue: Promise<unknown> = Promise.resolve();
  let closed = false;

  const discard = (drawer: Drawer): void => {
    if (current === drawer) current = undefined;
    void drawer.thread.terminate();
  };

  function start(): Drawer {
    const thread = new Worker(WORKER_URL, { resourceLimits: { maxOldGenerationSizeMb: MEMORY_LIMIT_MB } });
    const forget = () => {
      if (current?.thread === thread) current = undefined;
    };
    thread.on('error', forget).on('exit', forget);
    const ready = new Promise<void>((resolve, reject) => {
      const done = () => thread.off('message', onMessage).off('error', onError).off('exit', onExit);
      const onMessage = (message: PreviewReply) => {
        if (message.type !== 'ready') return;
        done();
        resolve();
      };
      const onError = (error: Error) => {
        done();
        reject(new Error(`preview thread failed to start: ${error.message}`, { cause: error }));
      };
      const onExit = (code: number) => {
        done();
        reject(new Error(`preview thread exited with code ${code} while starting`));
      };
      thread.on('message', onMessage).on('error', onError).on('exit', onExit);
    });
    return { thread, ready };
  }

  async function runNow(job: PreviewJob, timeoutMs: number): Promise<PreviewOutcome> {
    if (closed) return { ok: false, reason: 'failed', detail: 'the preview thread is closed' };
    const drawer = (current ??= start());
    const { thread } = drawer;
    // Referenced only while drawing: an idle thread must not keep the process alive.
    thread.ref();
    try {
      await drawer.ready;
    } catch (error) {
      discard(drawer);
      return { ok: false, reason: 'crash', detail: (error as Error).message };
    }
    return new Promise<PreviewOutcome>((resolve) => {
      const settle = (outcome: PreviewOutcome) => {
        clearTimeout(timer);
        clearInterval(watchdog);
        thread.off('message', onMessage).off('error', onError).off('exit', onExit);
        if (outcome.ok || outcome.reason === 'unreadable' || outcome.reason === 'failed') thread.unref();
        else discard(drawer);
        resolve(outcome);
      };
      const onMessage = (message: PreviewReply) => {
        if (message.type === 'raster') settle({ ok: true, raster: message.raster });
        else if (message.type === 'refused') settle({ ok: false, reason: message.reason, detail: message.detail });
      };
      const onError = (error: Error & { code?: string }) =>
        settle({
          ok: false,
          reason: error.code === 'ERR_WORKER_OUT_OF_MEMORY' ? 'memory' : 'crash',
          detail: error.message,
        });
      const onExit = (code: number) => settle({ ok: false, reason: 'crash', detail: `exit code ${code}` });
      const timer = setTimeout(() => settle({ ok: false, reason: 'timeout', detail: `${timeoutMs} ms` }), timeoutMs);
      const baseline = process.memoryUsage.rss();
      const watchdog = setInterval(() => {
        if (process.memoryUsage.rss() - baseline > MEMORY_GROWTH_LIMIT_BYTES)
          settle({ ok: false, reason: 'memory', detail: 'resident memory grew past its budget' });
      }, MEMORY_POLL_MS);
      thread.on('message', onMessage).on('error', onError).on('exit', onExit);
      // The thread gets its own copy, moved rather than cloned.
      const bytes = new Uint8Array(job.bytes);
      thread.postMessage({ ...job, bytes }, [bytes.buffer]);
    });
  }

  return {
    run(job, timeoutMs) {
      const run = queue.then(() => runNow(job, timeoutMs));
      queue = run.catch(() => undefined);
      return run;
    },
    async close() {
      closed = true;
      const drawer = current;
      current = undefined;
      await drawer?.thread.terminate();
    },
  };
}

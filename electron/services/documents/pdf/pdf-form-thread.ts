/**
 * Runs PDF reads in one worker thread, one file at a time, each with a deadline and a memory
 * budget. pdf.js in Node works through promise callbacks only, so on the services' thread a timer
 * could never interrupt a file that keeps it busy; terminating a thread does. The thread is kept
 * between files (pdf.js takes a few hundred milliseconds to load) and replaced after a timeout or
 * a crash.
 */
import { Worker } from 'node:worker_threads';
import type { PdfFormResult } from '../../../../common/checks/pdf-form.ts';
import type { PdfFormJob } from './read-pdf-document.ts';

const WORKER_URL = new URL('./pdf-form-worker.ts', import.meta.url);
/** The thread's JavaScript heap; reading a form takes a few megabytes of it. */
const MEMORY_LIMIT_MB = 512;
/**
 * pdf.js decodes streams into ArrayBuffers, which live outside the heap limit: a 2 MB compressed
 * stream of spaces grows the process by gigabytes. So the process's resident memory is watched,
 * and the read stopped when it grows by this much (a page of a 300 dpi colour scan decodes to
 * about 30 MB).
 */
const MEMORY_GROWTH_LIMIT_BYTES = 1024 * 1024 * 1024;
const MEMORY_POLL_MS = 25;

export type WorkerMessage = { type: 'ready' } | { type: 'result'; result: PdfFormResult };

export type ThreadOutcome = { ok: true; result: PdfFormResult } | { ok: false; reason: 'timeout' | 'memory' | 'crash' };

interface Reader {
  thread: Worker;
  /** Rejects when the thread cannot start: an installation defect, not a property of any file. */
  ready: Promise<void>;
}

let current: Reader | undefined;
let queue: Promise<unknown> = Promise.resolve();

/** Queued behind the reads already asked for; the deadline counts from the start of this one. */
export function runInPdfThread(job: PdfFormJob, timeoutMs: number): Promise<ThreadOutcome> {
  const run = queue.then(() => runNow(job, timeoutMs));
  queue = run.catch(() => undefined);
  return run;
}

async function runNow(job: PdfFormJob, timeoutMs: number): Promise<ThreadOutcome> {
  const reader = (current ??= startReader());
  const { thread } = reader;
  // Referenced only while reading: an idle reader must not keep the app, or a CLI run, alive.
  thread.ref();
  try {
    await reader.ready;
  } catch (error) {
    discard(reader);
    throw error;
  }
  return new Promise<ThreadOutcome>((resolve) => {
    const settle = (outcome: ThreadOutcome) => {
      clearTimeout(timer);
      clearInterval(watchdog);
      thread.off('message', onMessage).off('error', onError).off('exit', onExit);
      if (outcome.ok) thread.unref();
      else discard(reader);
      resolve(outcome);
    };
    const onMessage = (message: WorkerMessage) => {
      if (message.type === 'result') settle({ ok: true, result: message.result });
    };
    const onError = (error: Error & { code?: string }) =>
      settle({ ok: false, reason: error.code === 'ERR_WORKER_OUT_OF_MEMORY' ? 'memory' : 'crash' });
    const onExit = () => settle({ ok: false, reason: 'crash' });
    const timer = setTimeout(() => settle({ ok: false, reason: 'timeout' }), timeoutMs);
    const baseline = process.memoryUsage.rss();
    const watchdog = setInterval(() => {
      if (process.memoryUsage.rss() - baseline > MEMORY_GROWTH_LIMIT_BYTES) settle({ ok: false, reason: 'memory' });
    }, MEMORY_POLL_MS);
    thread.on('message', onMessage).on('error', onError).on('exit', onExit);
    // The thread gets its own copy, moved rather than cloned.
    const bytes = new Uint8Array(job.bytes);
    thread.postMessage({ ...job, bytes }, [bytes.buffer]);
  });
}

function startReader(): Reader {
  const thread = new Worker(WORKER_URL, { resourceLimits: { maxOldGenerationSizeMb: MEMORY_LIMIT_MB } });
  // Also between reads: a thread that fails while idle is replaced, never left to crash the services.
  const forget = () => {
    if (current?.thread === thread) current = undefined;
  };
  thread.on('error', forget).on('exit', forget);
  const ready = new Promise<void>((resolve, reject) => {
    const done = () => thread.off('message', onMessage).off('error', onError).off('exit', onExit);
    const onMessage = (message: WorkerMessage) => {
      if (message.type !== 'ready') return;
      done();
      resolve();
    };
    const onError = (error: Error) => {
      done();
      reject(new Error(`PDF reader thread failed to start: ${error.message}`, { cause: error }));
    };
    const onExit = (code: number) => {
      done();
      reject(new Error(`PDF reader thread exited with code ${code} while starting`));
    };
    thread.on('message', onMessage).on('error', onError).on('exit', onExit);
  });
  return { thread, ready };
}

function discard(reader: Reader): void {
  if (current === reader) current = undefined;
  void reader.thread.terminate();
}

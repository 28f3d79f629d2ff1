import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { Ticket } from '../../../common/api/schemas.ts';
import { ContractFailure } from '../../../common/contract/result.ts';
import type { PreviewJob } from '../documents/previews/render-preview.ts';
import type { PreviewOutcome, PreviewThread } from '../documents/previews/preview-thread.ts';
import { errorFields, type Logger } from '../log/logger.ts';
import type { PreviewStore, StoredPreview } from './preview-store.ts';

type Attachment = Ticket['attachments'][number];
type Kind = 'page' | 'image';

export interface DocumentPreviewsOptions {
  store: PreviewStore;
  /** Started on first use: loading pdf.js and the canvas is no part of start-up. */
  thread: () => PreviewThread;
  /** The cached ticket: which attachments it lists, and which are newest. */
  ticket(ticketId: string): Ticket | undefined;
  /** The attachment's bytes, from the encrypted store or downloaded and verified. */
  attachment(ticketId: string, sha256: string): Promise<{ contentType: string; data: Uint8Array }>;
  /** Whether the attachment's file is in the local cache: previews are warmed from it, and leave with it. */
  cached(sha256: string): boolean;
  /** Where the sizes the viewers ask for are remembered between starts. */
  widthsFile: string;
  log: Logger;
  timeoutMs?: number;
  /** After a viewer's request, background drawing waits this long: the operator's next ticket comes first. */
  quietMs?: number;
  /** First clean-up this long after start, then every `pruneEveryMs`. */
  pruneAfterMs?: number;
  pruneEveryMs?: number;
  clock?: () => number;
}

export interface PreviewAnswer extends StoredPreview {
  /** The attachment shown: the one asked for, or the newest of its kind. */
  sha256: string;
}

export interface DocumentPreviews {
  /** Page `page` of a PDF attachment (by default the newest form), `width` device pixels wide. */
  page(input: { ticketId: string; sha256?: string | undefined; page: number; width: number }): Promise<PreviewAnswer>;
  /** An identity-document copy as the viewer frames it (by default the newest), `width` device pixels wide. */
  image(input: { ticketId: string; sha256?: string | undefined; width: number }): Promise<PreviewAnswer>;
  /**
   * The services have just had this attachment's bytes (a viewer, the checks, a prefetch): draw
   * its previews at the sizes the viewers last asked for, in idle time, so opening the ticket
   * finds them ready.
   */
  warm(ticketId: string, sha256: string): void;
  /** Resolves once no drawing is queued or running (tests, benchmarks). */
  idle(): Promise<void>;
  close(): Promise<void>;
}

/** The sizes remembered per kind: the console's window and the one before it. */
const KEEP_WIDTHS = 2;
const WidthsSchema = z.strictObject({
  page: z.array(z.number().positive()).max(KEEP_WIDTHS),
  image: z.array(z.number().positive()).max(KEEP_WIDTHS),
});

const variantOf = (kind: Kind, page: number, width: number) =>
  kind === 'page' ? `page-${page}-w${width}` : `image-w${width}`;
const widthOf = (variant: string) => Number(variant.slice(variant.lastIndexOf('-w') + 2));
const kindOf = (variant: string): Kind => (variant.startsWith('page-') ? 'page' : 'image');

/** Newest first, as the ticket view picks the file it shows when nobody chose one. */
const newestOf = (ticket: Ticket, kind: Attachment['kind']): Attachment | undefined =>
  ticket.attachments.filter((file) => file.kind === kind).sort((a, b) => b.receivedAt.localeCompare(a.receivedAt))[0];

interface Job {
  key: string;
  sha256: string;
  variant: string;
  ticketId: string;
  kind: Kind;
  page: number;
  width: number;
  foreground: boolean;
  done: Promise<StoredPreview>;
  settle: { resolve(preview: StoredPreview): void; reject(error: unknown): void };
}

/**
 * Previews of the documents a ticket opens on, drawn in the services so the ticket view paints
 * them at once (an image at its exact size) while pdf.js opens the file itself: the first page
 * of the form, and the identity document. Kept encrypted beside the cache; drawn on request, or
 * ahead of time ("warmed") at the sizes the viewers last asked for when the services fetch an
 * attachment. One drawing at a time; a viewer's request goes before warming.
 */
export function createDocumentPreviews(options: DocumentPreviewsOptions): DocumentPreviews {
  const { store, log } = options;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const quietMs = options.quietMs ?? 1000;
  const clock = options.clock ?? Date.now;
  const widths = loadWidths(options.widthsFile, log);
  let thread: PreviewThread | undefined;
  const jobs = new Map<string, Job>();
  const foreground: Job[] = [];
  const background: Job[] = [];
  let running: Promise<void> | undefined;
  let lastForegroundAt = -Infinity;
  let quietTimer: ReturnType<typeof setTimeout> | undefined;
  let closed = false;
  const idleWaiters: (() => void)[] = [];

  function remember(kind: Kind, width: number): void {
    const list = widths[kind];
    if (list[0] === width) return;
    widths[kind] = [width, ...list.filter((w) => w !== width)].slice(0, KEEP_WIDTHS);
    saveWidths(options.widthsFile, widths, log);
  }

  function resolveFile(ticketId: string, sha256: string | undefined, kind: Attachment['kind']): Attachment {
    const ticket = options.ticket(ticketId);
    if (!ticket) throw new ContractFailure('NOT_FOUND', `Ticket ${ticketId} is not in this console's cache`);
    const file = sha256 ? ticket.attachments.find((a) => a.sha256 === sha256) : newestOf(ticket, kind);
    if (!file) throw new ContractFailure('NOT_FOUND', `Ticket ${ticketId} has no such attachment`);
    return file;
  }

  function enqueue(job: Omit<Job, 'key' | 'done' | 'settle'>): Job {
    const key = `${job.sha256}/${job.variant}`;
    const existing = jobs.get(key);
    if (existing) {
      if (job.foreground && !existing.foreground) {
        existing.foreground = true;
        background.splice(background.indexOf(existing), 1);
        foreground.push(existing);
      }
      return existing;
    }
    let settle!: Job['settle'];
    const done = new Promise<StoredPreview>((resolve, reject) => (settle = { resolve, reject }));
    // A warming nobody waits for must not surface as an unhandled rejection.
    done.catch(() => undefined);
    const created: Job = { ...job, key, done, settle };
    jobs.set(key, created);
    (job.foreground ? foreground : background).push(created);
    pump();
    return created;
  }

  function nextJob(): Job | undefined {
    if (foreground.length > 0) return foreground.shift();
    if (background.length === 0) return undefined;
    const wait = lastForegroundAt + quietMs - clock();
    if (wait <= 0) return background.shift();
    clearTimeout(quietTimer);
    quietTimer = setTimeout(pump, wait);
    quietTimer.unref();
    return undefined;
  }

  function pump(): void {
    if (running || closed) return;
    const job = nextJob();
    if (!job) {
      if (jobs.size === 0) idleWaiters.splice(0).forEach((resolve) => resolve());
      return;
    }
    running = draw(job)
      .then(job.settle.resolve, job.settle.reject)
      .finally(() => {
        jobs.delete(job.key);
        running = undefined;
        pump();
      });
  }

  async function draw(job: Job): Promise<StoredPreview> {
    const stored = await store.get(job.sha256, job.variant);
    if (stored) return stored;
    if (!job.foreground && !options.cached(job.sha256)) throw new Error('the attachment left the cache');
    const file = await options.attachment(job.ticketId, job.sha256);
    const work: PreviewJob =
      job.kind === 'page'
        ? { kind: 'page', bytes: file.data, page: job.page, width: job.width }
        : { kind: 'image', bytes: file.data, contentType: file.contentType, width: job.width };
    const outcome = await (thread ??= options.thread()).run(work, timeoutMs);
    if (!outcome.ok) throw failure(outcome);
    const { png, width, height, document } = outcome.raster;
    const preview: StoredPreview = { contentType: 'image/png', width, height, document, data: png };
    await store
      .put(job.sha256, job.variant, preview)
      .catch((error: unknown) => log.warn('preview not kept', { variant: job.variant, ...errorFields(error) }));
    return preview;
  }

  async function ask(ticketId: string, file: Attachment, kind: Kind, page: number, width: number) {
    lastForegroundAt = clock();
    if (page === 1) remember(kind, width);
    const variant = variantOf(kind, page, width);
    try {
      // One already drawn needs no turn in the queue: reading it takes a few milliseconds.
      const stored = jobs.has(`${file.sha256}/${variant}`) ? undefined : await store.get(file.sha256, variant);
      const preview =
        stored ?? (await enqueue({ sha256: file.sha256, variant, ticketId, kind, page, width, foreground: true }).done);
      return { ...preview, sha256: file.sha256 };
    } finally {
      // The quiet moment counts from the answer: the operator is looking at it now.
      lastForegroundAt = clock();
    }
  }

  async function prune(): Promise<void> {
    const wanted = (variant: string) => widths[kindOf(variant)].includes(widthOf(variant));
    const removed = await store.prune(options.cached, wanted);
    if (removed > 0) log.info('previews pruned', { removed });
  }
  const schedulePrune = (ms: number): ReturnType<typeof setTimeout> => {
    const timer = setTimeout(() => {
      void prune()
        .catch((error: unknown) => log.warn('preview clean-up failed', errorFields(error)))
        .finally(() => {
          if (!closed) pruneTimer = schedulePrune(options.pruneEveryMs ?? 3_600_000);
        });
    }, ms);
    timer.unref();
    return timer;
  };
  let pruneTimer = schedulePrune(options.pruneAfterMs ?? 60_000);

  return {
    async page({ ticketId, sha256, page, width }) {
      const file = resolveFile(ticketId, sha256, 'FORM');
      if (file.contentType !== 'application/pdf')
        throw new ContractFailure('BAD_REQUEST', `Attachment ${file.sha256} is not a PDF`);
      return ask(ticketId, file, 'page', page, width);
    },
    async image({ ticketId, sha256, width }) {
      return ask(ticketId, resolveFile(ticketId, sha256, 'ID_COPY'), 'image', 1, width);
    },
    warm(ticketId, sha256) {
      if (closed) return;
      const file = options.ticket(ticketId)?.attachments.find((a) => a.sha256 === sha256);
      if (!file) return;
      const kind: Kind | null =
        file.kind === 'FORM' && file.contentType === 'application/pdf'
          ? 'page'
          : file.kind === 'ID_COPY'
            ? 'image'
            : null;
      if (!kind) return;
      for (const width of widths[kind]) {
        const variant = variantOf(kind, 1, width);
        if (jobs.has(`${sha256}/${variant}`) || store.has(sha256, variant)) continue;
        enqueue({ sha256, variant, ticketId, kind, page: 1, width, foreground: false }).done.catch((error: unknown) =>
          log.debug('preview not warmed', { ticketId, variant, ...errorFields(error) }),
        );
      }
    },
    idle() {
      return jobs.size === 0 ? Promise.resolve() : new Promise((resolve) => idleWaiters.push(resolve));
    },
    async close() {
      closed = true;
      clearTimeout(pruneTimer);
      clearTimeout(quietTimer);
      await running;
      for (const job of jobs.values()) job.settle.reject(new Error('the previews are closed'));
      jobs.clear();
      await thread?.close();
    },
  };
}

function failure(outcome: Extract<PreviewOutcome, { ok: false }>): ContractFailure {
  if (outcome.reason === 'timeout') return new ContractFailure('TIMEOUT', `No preview in time: ${outcome.detail}`);
  return new ContractFailure('UNAVAILABLE', `No preview (${outcome.reason}): ${outcome.detail}`);
}

function loadWidths(file: string, log: Logger): z.output<typeof WidthsSchema> {
  try {
    return WidthsSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') log.warn('preview sizes forgotten', errorFields(error));
    return { page: [], image: [] };
  }
}

function saveWidths(file: string, widths: z.output<typeof WidthsSchema>, log: Logger): void {
  const temp = `${file}.${process.pid}.tmp`;
  try {
    writeFileSync(temp, JSON.stringify(widths), { mode: 0o600 });
    renameSync(temp, path.resolve(file));
  } catch (error) {
    log.warn('preview sizes not saved', errorFields(error));
  }
}

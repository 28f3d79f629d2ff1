import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import type { MrzResult } from '../../../common/checks/mrz.ts';
import type { TicketChecks } from '../../../common/checks/ticket-checks.ts';
import type { TicketDetail } from '../../../common/contract/methods.ts';
import type { ContractError, Result } from '../../../common/contract/result.ts';
import type { Platform } from '../platform/index.ts';
import { useSyncStore } from './sync.ts';

export interface AttachmentBytes {
  contentType: string;
  bytes: Uint8Array;
}

/** Decoded attachments kept for going back and forth between tickets; older ones are dropped first. */
const ATTACHMENT_CACHE_BYTES = 96 * 1024 * 1024;
/** The longest the checks wait for the documents to be drawn before they are asked for. */
const CHECKS_WAIT_MS = 400;
/** The longest an arrived detail waits for the documents' previews to come in (see `open`). */
const DETAIL_WAIT_MS = 60;

const notStarted: Result<never> = {
  ok: false,
  error: { code: 'UNAVAILABLE', message: 'The console is still starting' },
};

/**
 * The ticket open in the Pratica view: its detail (server ticket, local decision state, conflict),
 * its checks, and the bytes of the attachments seen recently. Everything comes from the local
 * cache through the contract; a sync event naming the ticket refreshes it in place.
 */
export const useTicketStore = defineStore('ticket', () => {
  const sync = useSyncStore();
  let platform: Platform | undefined;

  const ticketId = ref<string | null>(null);
  const detail = shallowRef<TicketDetail | null>(null);
  const detailError = ref<ContractError | null>(null);
  const checks = shallowRef<TicketChecks | null>(null);
  const checksError = ref<ContractError | null>(null);
  /** When the running checks call started (ms, performance clock); null when none runs. */
  const checksSince = ref<number | null>(null);

  /** Answers for a ticket that is no longer the open one are dropped. */
  let generation = 0;
  const attachments = new Map<string, Promise<Result<AttachmentBytes>>>();
  const attachmentSizes = new Map<string, number>();

  async function loadDetail(
    id: string,
    expected: number,
    before: Promise<unknown> = Promise.resolve(),
    documentsShown: Promise<unknown> = Promise.resolve(),
  ): Promise<void> {
    if (!platform) return;
    const result = await platform.call('tickets.get', { ticketId: id });
    if (expected !== generation) return;
    if (result.ok) {
      const opened = result.value;
      void documentsShown.then(() => expected === generation && prefetchDocuments(opened));
      await Promise.race([before, new Promise((resolve) => setTimeout(resolve, DETAIL_WAIT_MS))]);
      if (expected !== generation) return;
      detail.value = result.value;
      detailError.value = null;
    } else {
      detailError.value = result.error;
    }
  }

  async function loadChecks(id: string, expected: number, refresh = false): Promise<void> {
    if (!platform || expected !== generation) return;
    checksSince.value ??= performance.now();
    const result = await platform.call('checks.get', { ticketId: id, refresh });
    if (expected !== generation) return;
    checksSince.value = null;
    if (result.ok) {
      checks.value = result.value;
      checksError.value = null;
    } else {
      checksError.value = result.error;
    }
  }

  /**
   * Shows ticket `id`: the detail first (it names the attachments), the checks once
   * `documentsShown` settles or CHECKS_WAIT_MS have passed. Reading and drawing the checks takes
   * the page's one thread from drawing the documents, and the documents are what the operator
   * looks at first; the checks are on screen a moment later either way. For the same reason the
   * attachments' bytes are fetched then, and an arrived detail waits for `previewsReady` (the
   * previews asked for beside it) up to DETAIL_WAIT_MS: rendering the view is the longest task of
   * an open, and done first it holds their answers back; done after, it draws them as it goes.
   */
  async function open(
    id: string,
    documentsShown: Promise<unknown> = Promise.resolve(),
    previewsReady: Promise<unknown> = Promise.resolve(),
  ): Promise<void> {
    if (id === ticketId.value && detail.value) return refreshOpen();
    generation += 1;
    const expected = generation;
    ticketId.value = id;
    detail.value = null;
    detailError.value = null;
    checks.value = null;
    checksError.value = null;
    checksSince.value = performance.now();
    const waited = Promise.race([documentsShown, new Promise((resolve) => setTimeout(resolve, CHECKS_WAIT_MS))]);
    await Promise.all([loadDetail(id, expected, previewsReady, waited), waited.then(() => loadChecks(id, expected))]);
  }

  /** Reloads the open ticket without clearing what is on screen. */
  async function refreshOpen(): Promise<void> {
    const id = ticketId.value;
    if (!id) return;
    await Promise.all([loadDetail(id, generation), loadChecks(id, generation)]);
  }

  function close(): void {
    generation += 1;
    ticketId.value = null;
    detail.value = null;
    detailError.value = null;
    checks.value = null;
    checksError.value = null;
    checksSince.value = null;
  }

  /** Asks for the checks again; `refresh` recomputes them from the attachments instead of the stored result. */
  async function recheck(refresh: boolean): Promise<void> {
    const id = ticketId.value;
    if (id) await loadChecks(id, generation, refresh);
  }

  function remember(sha256: string, size: number): void {
    attachmentSizes.set(sha256, size);
    let total = [...attachmentSizes.values()].reduce((sum, n) => sum + n, 0);
    for (const oldest of attachmentSizes.keys()) {
      if (total <= ATTACHMENT_CACHE_BYTES || oldest === sha256) break;
      total -= attachmentSizes.get(oldest) ?? 0;
      attachmentSizes.delete(oldest);
      attachments.delete(oldest);
    }
  }

  /** The attachment's bytes, fetched once and kept while the budget allows; failures are not kept. */
  function attachment(id: string, sha256: string): Promise<Result<AttachmentBytes>> {
    const cached = attachments.get(sha256);
    if (cached) {
      // Most recently used last, so the budget drops the oldest.
      attachments.delete(sha256);
      attachments.set(sha256, cached);
      return cached;
    }
    if (!platform) return Promise.resolve(notStarted);
    const pending = platform
      .call('attachments.get', { ticketId: id, sha256 })
      .then((result): Result<AttachmentBytes> => {
        if (!result.ok) {
          attachments.delete(sha256);
          return result;
        }
        const bytes = result.value.data;
        remember(sha256, bytes.byteLength);
        return { ok: true, value: { contentType: result.value.contentType, bytes } };
      });
    attachments.set(sha256, pending);
    return pending;
  }

  /**
   * Asks for the newest form and ID copy as soon as the ticket names them, before the view has
   * rendered: the viewers then find the bytes on their way.
   */
  function prefetchDocuments(opened: TicketDetail): void {
    for (const kind of ['FORM', 'ID_COPY'] as const) {
      const newest = opened.ticket.attachments
        .filter((a) => a.kind === kind)
        .sort((a, b) => b.receivedAt.localeCompare(a.receivedAt))[0];
      if (newest) void attachment(opened.ticket.id, newest.sha256);
    }
  }

  /** Parses an MRZ as typed, without saving it: live validation while the operator types. */
  function parseMrz(text: string): Promise<Result<MrzResult>> {
    return platform ? platform.call('checks.parseMrz', { text }) : Promise.resolve(notStarted);
  }

  /** Saves the operator's MRZ for the open ticket (null goes back to the one read from the document). */
  async function setMrz(text: string | null): Promise<Result<TicketChecks>> {
    const id = ticketId.value;
    if (!platform || !id) return notStarted;
    const expected = generation;
    const result = await platform.call('checks.setMrz', { ticketId: id, text });
    if (result.ok && expected === generation) checks.value = result.value;
    return result;
  }

  function start(using: Platform): () => void {
    platform = using;
    const stops = [
      sync.onTicketsChanged((ids) => {
        if (ticketId.value && ids.includes(ticketId.value)) void refreshOpen();
      }),
      // Changes made while the page was disconnected are not replayed.
      using.onConnection((state) => {
        if (state === 'online' && ticketId.value) void refreshOpen();
      }),
    ];
    return () => stops.forEach((stop) => stop());
  }

  return {
    ticketId,
    detail,
    detailError,
    checks,
    checksError,
    checksSince,
    start,
    open,
    close,
    recheck,
    attachment,
    parseMrz,
    setMrz,
  };
});

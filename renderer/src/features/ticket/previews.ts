import { defineStore } from 'pinia';
import type { MethodOutput } from '../../../../common/contract/methods.ts';
import type { Box } from '../../components/image/content-bounds.ts';
import { decodeBitmap } from '../../components/image/decode-bitmap.ts';
import type { Platform } from '../../platform/index.ts';

/** An image drawn by the services at the exact device-pixel size it is shown at. */
export interface PreviewImage {
  source: ImageBitmap;
  width: number;
  height: number;
  /** The attachment it shows. */
  sha256: string;
  /** Where the document lies in it (identity documents). */
  document: Box | null;
}

type Kind = 'page' | 'image';
type Answer = MethodOutput<'documents.pagePreview'> & { document?: Box };

/** Previews kept for going back and forth between tickets: a few, each a few hundred kilobytes decoded. */
const KEEP = 8;

async function decode(answer: Answer): Promise<PreviewImage> {
  const source = await decodeBitmap(answer.data, answer.contentType);
  return {
    source,
    width: answer.width,
    height: answer.height,
    sha256: answer.sha256,
    document: answer.document ?? null,
  };
}

/**
 * The previews the ticket view paints first (page 1 of the form, the identity document), asked
 * for as soon as the ticket id is known: without a file named they show the newest of its kind,
 * which is what the view opens on, so they travel beside `tickets.get` instead of after it. A
 * preview that cannot be had is null: the viewers then draw the file themselves, as before.
 */
export const useDocumentPreviewsStore = defineStore('documentPreviews', () => {
  let platform: Platform | undefined;
  const previews = new Map<string, Promise<PreviewImage | null>>();
  /** The PDF viewer's width last time: the next ticket opens in the same layout. */
  let pageWidth: number | null = null;

  const keyOf = (kind: Kind, ticketId: string, sha256: string | undefined, width: number) =>
    `${kind}|${ticketId}|${sha256 ?? 'newest'}|${width}`;

  function fetchPreview(kind: Kind, ticketId: string, sha256: string | undefined, width: number) {
    const key = keyOf(kind, ticketId, sha256, width);
    const kept = previews.get(key);
    if (kept) {
      previews.delete(key);
      previews.set(key, kept);
      return kept;
    }
    if (!platform) return Promise.resolve(null);
    const input = { ticketId, width, ...(sha256 ? { sha256 } : {}) };
    const answered =
      kind === 'page' ? platform.call('documents.pagePreview', input) : platform.call('documents.imagePreview', input);
    const pending = answered.then((result) => (result.ok ? decode(result.value) : null)).catch(() => null);
    previews.set(key, pending);
    void pending.then((preview) => preview ?? previews.delete(key));
    for (const oldest of previews.keys()) {
      if (previews.size <= KEEP) break;
      previews.delete(oldest);
    }
    return pending;
  }

  /** The preview of `sha256`, taking the one asked for ahead of time when it turned out to show that file. */
  async function preview(kind: Kind, ticketId: string, sha256: string, width: number): Promise<PreviewImage | null> {
    const exact = previews.get(keyOf(kind, ticketId, sha256, width));
    if (exact) return exact;
    const ahead = previews.get(keyOf(kind, ticketId, undefined, width));
    const early = ahead ? await ahead : null;
    return early?.sha256 === sha256 ? early : fetchPreview(kind, ticketId, sha256, width);
  }

  return {
    start(using: Platform): () => void {
      platform = using;
      return () => {
        platform = undefined;
        previews.clear();
      };
    },
    /**
     * Asks for the ticket's opening previews before its detail has arrived. Resolves once they
     * are decoded (WebCodecs does that off the page's thread, in a few milliseconds), or at once
     * for previews already here: false when one of them cannot be had.
     */
    async prefetch(ticketId: string, idWidth: number): Promise<boolean> {
      const asked = [fetchPreview('image', ticketId, undefined, idWidth)];
      if (pageWidth) asked.push(fetchPreview('page', ticketId, undefined, pageWidth));
      const came = await Promise.all(asked);
      return came.every((preview) => preview !== null);
    },
    /** Page 1 of the form `sha256`, `width` device pixels wide. */
    page(ticketId: string, sha256: string, width: number): Promise<PreviewImage | null> {
      pageWidth = width;
      return preview('page', ticketId, sha256, width);
    },
    /** The identity document `sha256`, `width` device pixels wide. */
    image(ticketId: string, sha256: string, width: number): Promise<PreviewImage | null> {
      return preview('image', ticketId, sha256, width);
    },
  };
});

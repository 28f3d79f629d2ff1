import { z } from 'zod';
import { BytesSchema } from './bytes.ts';

/**
 * Previews the ticket view paints while pdf.js opens the file itself: images
 * drawn by the services at the exact device-pixel size they are shown at. Without `sha256`, the
 * newest file of the kind, which is what the view shows when a ticket opens; the answer names it.
 */

const TicketId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'a ticket id such as UE-2026-000123');
const Sha256 = z.string().regex(/^[0-9a-f]{64}$/);
/**
 * Device pixels: the viewer's CSS width times the screen's pixel ratio, fractions kept: pdf.js
 * sizes a page's height from the exact width, and the preview must have the page's exact size.
 */
const PreviewWidth = z.number().min(16).max(4096);

export const PreviewBoxSchema = z.strictObject({
  x: z.number(),
  y: z.number(),
  width: z.number(),
  height: z.number(),
});

const PreviewImage = {
  sha256: Sha256,
  contentType: z.literal('image/png'),
  data: BytesSchema,
  width: z.int().positive(),
  height: z.int().positive(),
};

export const documentsMethods = {
  /** A page of a PDF attachment (by default the newest form), drawn `width` pixels wide as the viewer lays it out. */
  'documents.pagePreview': {
    input: z.strictObject({
      ticketId: TicketId,
      sha256: Sha256.optional(),
      page: z.int().min(1).max(9999).default(1),
      width: PreviewWidth,
    }),
    output: z.strictObject(PreviewImage),
  },
  /** An identity-document copy (by default the newest) as the viewer frames it, `width` pixels wide. */
  'documents.imagePreview': {
    input: z.strictObject({ ticketId: TicketId, sha256: Sha256.optional(), width: PreviewWidth }),
    output: z.strictObject({
      ...PreviewImage,
      /** Where the document lies in the image: all of a photo, inside the margin of a scan. */
      document: PreviewBoxSchema,
    }),
  },
} as const;

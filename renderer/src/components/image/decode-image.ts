import { openPdf } from '../pdf/pdf-document.ts';
import type { Box } from './content-bounds.ts';
import { decodeBitmap } from './decode-bitmap.ts';
import { drawnScan, embeddedScan } from './scanned-page.ts';

/** A document image ready to draw at its natural size, however it arrived. */
export interface DecodedImage {
  source: ImageBitmap | HTMLCanvasElement;
  width: number;
  height: number;
  /** `scan`: page 1 of a PDF: the scanner's picture, or the page drawn and cropped to the document. */
  kind: 'image' | 'scan';
  /** Where the document itself is, in the image's pixels: all of a photo, inside the margin of a scan. */
  document: Box;
}

/** Decoded images kept so the preview, the viewer and the MRZ strip share one decode. */
const KEEP = 6;

const decoded = new Map<string, Promise<DecodedImage>>();

async function decodeScan(bytes: Uint8Array): Promise<DecodedImage> {
  const pdf = await openPdf(bytes);
  try {
    const page = await pdf.getPage(1);
    const { canvas, document } = (await embeddedScan(page)) ?? (await drawnScan(page));
    return { source: canvas, width: canvas.width, height: canvas.height, kind: 'scan', document };
  } finally {
    void pdf.destroy();
  }
}

async function decodePicture(bytes: Uint8Array, contentType: string): Promise<DecodedImage> {
  const bitmap = await decodeBitmap(bytes, contentType);
  const document = { x: 0, y: 0, width: bitmap.width, height: bitmap.height };
  return { source: bitmap, width: bitmap.width, height: bitmap.height, kind: 'image', document };
}

/**
 * Decodes an identity-document copy: PNG and JPEG as they are, a scanned PDF from its first page
 * (the scanner's picture, or the page drawn with pdf.js). `key` (the attachment's hash) lets every view of the same file share one decode.
 */
export function decodeDocumentImage(key: string, bytes: Uint8Array, contentType: string): Promise<DecodedImage> {
  const cached = decoded.get(key);
  if (cached) return cached;
  const pending =
    contentType === 'application/pdf'
      ? decodeScan(bytes)
      : contentType === 'image/png' || contentType === 'image/jpeg'
        ? decodePicture(bytes, contentType)
        : Promise.reject(new Error(`unsupported type ${contentType}`));
  decoded.set(key, pending);
  pending.catch(() => decoded.delete(key));
  for (const oldest of decoded.keys()) {
    if (decoded.size <= KEEP) break;
    decoded.delete(oldest);
  }
  return pending;
}

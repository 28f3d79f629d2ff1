/**
 * Draws what the ticket view shows first, as PNG at the exact device-pixel size it is shown at:
 * a page of the PDF form as the PDF viewer lays it out (fit to width, upright), and the identity
 * document as the viewer frames it (a photo whole; a scan cropped to the document, by the same
 * rules as the renderer's decode-image.ts). Runs in the preview thread: pdf.js and
 * @napi-rs/canvas are loaded there only.
 */
import { createCanvas, loadImage, type Canvas, type SKRSContext2D } from '@napi-rs/canvas';
import { createRequire } from 'node:module';
import path from 'node:path';
import { OPS, getDocument, type PageViewport } from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { PDFPageProxy } from 'pdfjs-dist/types/src/display/api.d.ts';
import { jpegDimensions, pngDimensions, sniffKind } from '../images/sniff.ts';
import { contentBounds, type Box } from './content-bounds.ts';

export type PreviewJob =
  | { kind: 'page'; bytes: Uint8Array; page: number; width: number }
  | { kind: 'image'; bytes: Uint8Array; contentType: string; width: number };

export interface PreviewRaster {
  png: Uint8Array;
  width: number;
  height: number;
  /** Where the document lies in the raster (identity documents only). */
  document: Box | null;
}

/** A file this job cannot draw: the viewer then opens it itself and says what is wrong. */
export class PreviewFileError extends Error {
  override name = 'PreviewFileError';
}

/** Decoded pixels a preview may cost, however small it is drawn: the OCR's limit. */
export const PREVIEW_MAX_PIXELS = 40_000_000;
/** Long side of the quick pass that finds the document on a scanned page (decode-image.ts's OVERVIEW_PX). */
const OVERVIEW_PX = 400;
/** Glass kept around a scanned document, as a share of its longer side (scanned-page.ts's MARGIN). */
const MARGIN = 0.03;

const require = createRequire(import.meta.url);
const STANDARD_FONTS = `${path.join(path.dirname(require.resolve('pdfjs-dist/package.json')), 'standard_fonts')}/`;

export function renderPreview(job: PreviewJob): Promise<PreviewRaster> {
  return job.kind === 'page' ? renderPdfPage(job.bytes, job.page, job.width) : renderDocument(job);
}

type Matrix = [number, number, number, number, number, number];
const multiply = (m: Matrix, n: Matrix): Matrix => [
  m[0] * n[0] + m[2] * n[1],
  m[1] * n[0] + m[3] * n[1],
  m[0] * n[2] + m[2] * n[3],
  m[1] * n[2] + m[3] * n[3],
  m[0] * n[4] + m[2] * n[5] + m[4],
  m[1] * n[4] + m[3] * n[5] + m[5],
];

async function withPage<T>(bytes: Uint8Array, number: number, use: (page: PDFPageProxy) => Promise<T>): Promise<T> {
  const task = getDocument({
    // pdf.js takes ownership of the buffer it is given.
    data: new Uint8Array(bytes),
    enableXfa: false,
    disableFontFace: true,
    maxImageSize: PREVIEW_MAX_PIXELS,
    // The viewer draws the base-14 fonts with the system's look-alikes; here pdf.js's own copies.
    standardFontDataUrl: STANDARD_FONTS,
    verbosity: 0,
  });
  try {
    let page: PDFPageProxy;
    try {
      const document = await task.promise;
      if (number > document.numPages) throw new PreviewFileError(`the PDF has ${document.numPages} pages`);
      page = await document.getPage(number);
    } catch (error) {
      if (error instanceof PreviewFileError) throw error;
      throw new PreviewFileError(`PDF: ${(error as Error).message}`);
    }
    return await use(page);
  } finally {
    await task.destroy();
  }
}

async function draw(page: PDFPageProxy, viewport: PageViewport, width: number, height: number) {
  const canvas = createCanvas(Math.max(1, width), Math.max(1, height));
  const context = canvas.getContext('2d');
  try {
    await page.render({ canvas: null, canvasContext: context as never, viewport }).promise;
  } catch (error) {
    throw new PreviewFileError(`PDF page: ${(error as Error).message}`);
  }
  return { canvas, context };
}

const png = async (canvas: Canvas): Promise<Uint8Array> => new Uint8Array(await canvas.encode('png'));

/**
 * The page scaled to `width` pixels (whole pixels drawn, the height from the exact width), upright
 * at rotation 0: what PdfViewer.vue asks pdf.js for when it opens a file, so the preview and the
 * live page have the same size to the pixel.
 */
function renderPdfPage(bytes: Uint8Array, number: number, width: number): Promise<PreviewRaster> {
  return withPage(bytes, number, async (page) => {
    const unscaled = page.getViewport({ scale: 1, rotation: 0 });
    const viewport = page.getViewport({ scale: width / unscaled.width, rotation: 0 });
    const { canvas } = await draw(page, viewport, Math.floor(viewport.width), Math.floor(viewport.height));
    return { png: await png(canvas), width: canvas.width, height: canvas.height, document: null };
  });
}

async function renderDocument(job: Extract<PreviewJob, { kind: 'image' }>): Promise<PreviewRaster> {
  const kind = sniffKind(job.bytes);
  const declaredPdf = job.contentType === 'application/pdf';
  if (kind === 'pdf' && declaredPdf) return renderScan(job.bytes, job.width);
  if ((kind === 'png' || kind === 'jpeg') && !declaredPdf) return scalePicture(job.bytes, kind, job.width);
  throw new PreviewFileError(`a ${job.contentType} file holding ${kind ?? 'something unknown'}`);
}

/** A photo or a scan saved as an image: all of it, scaled (JPEG orientation applied, as browsers do). */
async function scalePicture(bytes: Uint8Array, kind: 'png' | 'jpeg', wanted: number): Promise<PreviewRaster> {
  const width = Math.max(1, Math.round(wanted));
  const declared = kind === 'png' ? pngDimensions(bytes) : jpegDimensions(bytes);
  if (!declared || declared.width * declared.height === 0) throw new PreviewFileError('the image declares no size');
  if (declared.width * declared.height > PREVIEW_MAX_PIXELS) throw new PreviewFileError('the image is too large');
  let image: Awaited<ReturnType<typeof loadImage>>;
  try {
    image = await loadImage(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  } catch (error) {
    throw new PreviewFileError(`image: ${(error as Error).message}`);
  }
  const height = Math.max(1, Math.round((image.height * width) / image.width));
  const canvas = createCanvas(width, height);
  const context = canvas.getContext('2d');
  smooth(context);
  context.drawImage(image, 0, 0, width, height);
  return { png: await png(canvas), width, height, document: { x: 0, y: 0, width, height } };
}

function smooth(context: SKRSContext2D): void {
  context.imageSmoothingEnabled = true;
  context.imageSmoothingQuality = 'high';
}

/**
 * Page 1 of a scanned PDF: the scanner's picture when the page holds nothing else (its place on
 * the page is the preview), otherwise the region around what lies on the glass, with a margin.
 */
function renderScan(bytes: Uint8Array, wanted: number): Promise<PreviewRaster> {
  const width = Math.max(1, Math.round(wanted));
  return withPage(bytes, 1, async (page) => {
    const whole = page.getViewport({ scale: 1 });
    const placed = await onlyPicture(page);
    let region: Box;
    let content: Box;
    if (placed) {
      region = placed;
      content = placed;
    } else {
      const overviewScale = OVERVIEW_PX / Math.max(whole.width, whole.height);
      const overview = page.getViewport({ scale: overviewScale });
      const { context } = await draw(page, overview, Math.ceil(overview.width), Math.ceil(overview.height));
      const pixels = context.getImageData(0, 0, Math.ceil(overview.width), Math.ceil(overview.height));
      const found = contentBounds(pixels.data, pixels.width, pixels.height);
      content = found
        ? {
            x: found.x / overviewScale,
            y: found.y / overviewScale,
            width: found.width / overviewScale,
            height: found.height / overviewScale,
          }
        : { x: 0, y: 0, width: whole.width, height: whole.height };
      const margin = found ? MARGIN * Math.max(content.width, content.height) : 0;
      const left = Math.max(0, content.x - margin);
      const top = Math.max(0, content.y - margin);
      region = {
        x: left,
        y: top,
        width: Math.min(whole.width, content.x + content.width + margin) - left,
        height: Math.min(whole.height, content.y + content.height + margin) - top,
      };
    }
    const scale = width / region.width;
    const height = Math.max(1, Math.round(region.height * scale));
    const viewport = page.getViewport({ scale, offsetX: -region.x * scale, offsetY: -region.y * scale });
    const { canvas } = await draw(page, viewport, width, height);
    const document = {
      x: (content.x - region.x) * scale,
      y: (content.y - region.y) * scale,
      width: content.width * scale,
      height: content.height * scale,
    };
    return { png: await png(canvas), width, height, document };
  });
}

/**
 * Where the page's one picture lies (page units, top left origin) when the page paints nothing
 * but that picture upright: the test of scanned-page.ts's embeddedScan.
 */
async function onlyPicture(page: PDFPageProxy): Promise<Box | null> {
  if (page.rotate % 360 !== 0) return null;
  const harmless = new Set<number>([OPS.dependency, OPS.setGState, OPS.beginMarkedContent, OPS.endMarkedContent]);
  const { fnArray, argsArray } = await page.getOperatorList();
  const stack: Matrix[] = [];
  let ctm: Matrix = [1, 0, 0, 1, 0, 0];
  const images: Matrix[] = [];
  for (const [i, fn] of fnArray.entries()) {
    const args = argsArray[i] as unknown[];
    if (fn === OPS.save) stack.push(ctm);
    else if (fn === OPS.restore) ctm = stack.pop() ?? ctm;
    else if (fn === OPS.transform) ctm = multiply(ctm, args as Matrix);
    else if (fn === OPS.paintImageXObject) images.push(ctm);
    else if (!harmless.has(fn)) return null;
  }
  const [only] = images;
  if (images.length !== 1 || !only || only[1] !== 0 || only[2] !== 0 || only[0] <= 0 || only[3] <= 0) return null;
  // The picture fills the unit square under its matrix; the viewport turns PDF space (y up) into the page's pixels.
  const whole = page.getViewport({ scale: 1 });
  const [x1, y1, x2, y2] = whole.convertToViewportRectangle([only[4], only[5], only[4] + only[0], only[5] + only[3]]);
  const left = Math.max(0, Math.min(x1!, x2!));
  const top = Math.max(0, Math.min(y1!, y2!));
  const right = Math.min(whole.width, Math.max(x1!, x2!));
  const bottom = Math.min(whole.height, Math.max(y1!, y2!));
  return right - left >= 1 && bottom - top >= 1 ? { x: left, y: top, width: right - left, height: bottom - top } : null;
}

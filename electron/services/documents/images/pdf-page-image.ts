/**
 * The first page of a scanned PDF as an image. A scanner writes each page as one picture, so
 * the picture itself is taken at its own resolution when the page paints it upright; anything
 * else (a rotated page, several strips, vector content) is rendered with pdf.js onto an
 * @napi-rs/canvas at 300 dpi.
 */
import { createCanvas } from '@napi-rs/canvas';
import { createRequire } from 'node:module';
import path from 'node:path';
import { ImageKind, OPS, getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { PDFPageProxy } from 'pdfjs-dist/types/src/display/api.d.ts';
import { toGray, type GrayImage } from './gray-image.ts';
import { ImageFileError } from './image-file-error.ts';

export interface PdfLimits {
  maxPixels: number;
}

type Matrix = [number, number, number, number, number, number];

interface PdfImage {
  width: number;
  height: number;
  kind: number;
  data?: Uint8Array | Uint8ClampedArray;
}

const RENDER_DPI = 300;
const IDENTITY: Matrix = [1, 0, 0, 1, 0, 0];
const require = createRequire(import.meta.url);
const STANDARD_FONTS = `${path.join(path.dirname(require.resolve('pdfjs-dist/package.json')), 'standard_fonts')}/`;

const multiply = (m: Matrix, n: Matrix): Matrix => [
  m[0] * n[0] + m[2] * n[1],
  m[1] * n[0] + m[3] * n[1],
  m[0] * n[2] + m[2] * n[3],
  m[1] * n[2] + m[3] * n[3],
  m[0] * n[4] + m[2] * n[5] + m[4],
  m[1] * n[4] + m[3] * n[5] + m[5],
];

export async function pdfFirstPageImage(bytes: Uint8Array, limits: PdfLimits): Promise<GrayImage> {
  const task = getDocument({
    // pdf.js takes ownership of the buffer it is given.
    data: new Uint8Array(bytes),
    enableXfa: false,
    disableFontFace: true,
    maxImageSize: limits.maxPixels,
    standardFontDataUrl: STANDARD_FONTS,
    verbosity: 0,
  });
  try {
    let page: PDFPageProxy;
    try {
      const document = await task.promise;
      page = await document.getPage(1);
    } catch (error) {
      if ((error as Error).name === 'PasswordException')
        throw new ImageFileError('PDF_ENCRYPTED', 'the PDF asks for a password');
      throw new ImageFileError('CORRUPT_FILE', `PDF: ${(error as Error).message}`);
    }
    return (await uprightScan(page)) ?? (await renderPage(page, limits));
  } finally {
    await task.destroy();
  }
}

/** The largest picture the page paints upright, if it has one pdf.js could decode. */
async function uprightScan(page: PDFPageProxy): Promise<GrayImage | null> {
  if (page.rotate % 360 !== 0) return null;
  const operators = await page.getOperatorList();
  const stack: Matrix[] = [];
  let ctm = IDENTITY;
  let best: PdfImage | null = null;
  for (let i = 0; i < operators.fnArray.length; i++) {
    const op = operators.fnArray[i];
    const args = operators.argsArray[i] as unknown[];
    if (op === OPS.save) stack.push(ctm);
    else if (op === OPS.restore) ctm = stack.pop() ?? IDENTITY;
    else if (op === OPS.transform) ctm = multiply(ctm, args as Matrix);
    else if (op === OPS.paintFormXObjectBegin) {
      stack.push(ctm);
      if (Array.isArray(args[0])) ctm = multiply(ctm, args[0] as Matrix);
    } else if (op === OPS.paintFormXObjectEnd) ctm = stack.pop() ?? IDENTITY;
    else if (op === OPS.paintImageXObject || op === OPS.paintInlineImageXObject) {
      const upright = Math.abs(ctm[1]) < 1e-6 && Math.abs(ctm[2]) < 1e-6 && ctm[0] > 0 && ctm[3] > 0;
      if (!upright) return null;
      const image = op === OPS.paintImageXObject ? objectOf(page, String(args[0])) : (args[0] as PdfImage);
      if (image?.data && (!best || image.width * image.height > best.width * best.height)) best = image;
    }
  }
  return best ? grayOfPdfImage(best) : null;
}

function objectOf(page: PDFPageProxy, id: string): PdfImage | null {
  // Images shared between pages live in the document-wide store.
  const store = id.startsWith('g_') ? page.commonObjs : page.objs;
  return store.has(id) ? (store.get(id) as PdfImage) : null;
}

function grayOfPdfImage(image: PdfImage): GrayImage | null {
  const data = image.data!;
  const { width, height } = image;
  if (image.kind === ImageKind.RGB_24BPP) return toGray(new Uint8Array(data.buffer, data.byteOffset), width, height, 3);
  if (image.kind === ImageKind.RGBA_32BPP)
    return toGray(new Uint8Array(data.buffer, data.byteOffset), width, height, 4);
  if (image.kind === ImageKind.GRAYSCALE_1BPP) {
    // Rows padded to whole bytes; a set bit is white.
    const rowBytes = (width + 7) >> 3;
    const gray = new Uint8Array(width * height);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        gray[y * width + x] = data[y * rowBytes + (x >> 3)]! & (0x80 >> (x & 7)) ? 255 : 0;
      }
    }
    return { width, height, data: gray };
  }
  return null;
}

async function renderPage(page: PDFPageProxy, limits: PdfLimits): Promise<GrayImage> {
  const base = page.getViewport({ scale: 1 });
  const scale = Math.min(RENDER_DPI / 72, Math.sqrt(limits.maxPixels / (base.width * base.height)));
  const viewport = page.getViewport({ scale });
  const [width, height] = [Math.max(1, Math.floor(viewport.width)), Math.max(1, Math.floor(viewport.height))];
  const canvas = createCanvas(width, height);
  const context = canvas.getContext('2d');
  context.fillStyle = '#ffffff';
  context.fillRect(0, 0, width, height);
  try {
    await page.render({ canvas: null, canvasContext: context as never, viewport }).promise;
  } catch (error) {
    throw new ImageFileError('CORRUPT_FILE', `PDF page: ${(error as Error).message}`);
  }
  const pixels = context.getImageData(0, 0, width, height).data;
  return toGray(new Uint8Array(pixels.buffer, pixels.byteOffset, pixels.byteLength), width, height, 4);
}

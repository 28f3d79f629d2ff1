import type { PDFPageProxy, PageViewport } from 'pdfjs-dist';
import { loadPdfJs } from '../pdf/pdf-document.ts';
import { contentBounds, type Box } from './content-bounds.ts';

/** Page 1 of a scanned PDF as an image, and where the document lies in it. */
export interface ScannedPage {
  canvas: HTMLCanvasElement;
  document: Box;
}

/** Long side of the quick pass that finds the document on a page drawn in full. */
const OVERVIEW_PX = 400;
/** Long side the document is drawn at: about the resolution help-desk scanners deliver. */
const DOCUMENT_PX = 1600;
const MAX_SCALE = 4;
/** Glass kept around a scanned document, as a share of its longer side. */
const MARGIN = 0.03;

type Matrix = [number, number, number, number, number, number];
const multiply = (m: Matrix, n: Matrix): Matrix => [
  m[0] * n[0] + m[2] * n[1],
  m[1] * n[0] + m[3] * n[1],
  m[0] * n[2] + m[2] * n[3],
  m[1] * n[2] + m[3] * n[3],
  m[0] * n[4] + m[2] * n[5] + m[4],
  m[1] * n[4] + m[3] * n[5] + m[5],
];

function copy(source: CanvasImageSource, width: number, height: number): HTMLCanvasElement {
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  canvas.getContext('2d')?.drawImage(source, 0, 0);
  return canvas;
}

/**
 * The scanner's own picture, when the page holds nothing but one upright image (what scanners
 * write): taken as pdf.js decoded it, at its full resolution, without drawing the page. Null when
 * the page holds anything else, so it is drawn instead.
 */
export async function embeddedScan(page: PDFPageProxy): Promise<ScannedPage | null> {
  if (page.rotate % 360 !== 0) return null;
  const { OPS } = await loadPdfJs();
  const harmless = new Set<number>([OPS.dependency, OPS.setGState, OPS.beginMarkedContent, OPS.endMarkedContent]);
  const { fnArray, argsArray } = await page.getOperatorList();
  const stack: Matrix[] = [];
  let ctm: Matrix = [1, 0, 0, 1, 0, 0];
  const images: { id: string; ctm: Matrix }[] = [];
  for (const [i, fn] of fnArray.entries()) {
    const args = argsArray[i] as unknown[];
    if (fn === OPS.save) stack.push(ctm);
    else if (fn === OPS.restore) ctm = stack.pop() ?? ctm;
    else if (fn === OPS.transform) ctm = multiply(ctm, args as Matrix);
    else if (fn === OPS.paintImageXObject) images.push({ id: String(args[0]), ctm });
    else if (!harmless.has(fn)) return null;
  }
  const [only] = images;
  // One image, neither turned nor mirrored on the page (a PDF image is drawn upright by a positive scale).
  if (images.length !== 1 || !only || only.ctm[1] !== 0 || only.ctm[2] !== 0 || only.ctm[0] <= 0 || only.ctm[3] <= 0)
    return null;
  const objects = only.id.startsWith('g_') ? page.commonObjs : page.objs;
  const image = objects.get(only.id) as { bitmap?: ImageBitmap; width: number; height: number } | null;
  if (!image?.bitmap) return null;
  // pdf.js closes its bitmaps when the document is destroyed: keep a copy.
  const canvas = copy(image.bitmap, image.width, image.height);
  return { canvas, document: { x: 0, y: 0, width: canvas.width, height: canvas.height } };
}

async function draw(page: PDFPageProxy, viewport: PageViewport, width: number, height: number) {
  const canvas = document.createElement('canvas');
  canvas.width = Math.max(1, Math.ceil(width));
  canvas.height = Math.max(1, Math.ceil(height));
  await page.render({ canvas, viewport }).promise;
  return canvas;
}

/**
 * Any other page: drawn small to find where something lies on the white glass, then that region
 * drawn again at a readable resolution, with a little margin.
 */
export async function drawnScan(page: PDFPageProxy): Promise<ScannedPage> {
  const whole = page.getViewport({ scale: 1 });
  const overviewScale = OVERVIEW_PX / Math.max(whole.width, whole.height);
  const overview = page.getViewport({ scale: overviewScale });
  const found = contentBounds(await draw(page, overview, overview.width, overview.height));
  // In page units from here on.
  const content = found
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
  const region = {
    x: left,
    y: top,
    width: Math.min(whole.width, content.x + content.width + margin) - left,
    height: Math.min(whole.height, content.y + content.height + margin) - top,
  };
  const scale = Math.min(MAX_SCALE, DOCUMENT_PX / Math.max(region.width, region.height));
  const viewport = page.getViewport({ scale, offsetX: -region.x * scale, offsetY: -region.y * scale });
  const canvas = await draw(page, viewport, region.width * scale, region.height * scale);
  const document = {
    x: (content.x - region.x) * scale,
    y: (content.y - region.y) * scale,
    width: content.width * scale,
    height: content.height * scale,
  };
  return { canvas, document };
}

import type * as PdfJsModule from 'pdfjs-dist';
import type { PageViewport, PDFDocumentProxy, PDFPageProxy, PDFWorker, RenderTask } from 'pdfjs-dist';
import workerUrl from 'pdfjs-dist/build/pdf.worker.min.mjs?url';

type PdfJs = typeof PdfJsModule;

let loading: Promise<PdfJs> | undefined;
let worker: PDFWorker | undefined;

/**
 * pdf.js, loaded on first use (the queue never pays for it) with one worker for every document:
 * starting a worker per ticket would cost more than rendering its first page.
 *
 * The worker is handed to each document (`getDocument({ worker })`), not set as pdf.js's global
 * `workerPort`: a document opened on the global port owns the worker's wrapper and, when
 * destroyed, destroys it too. Closing one document (leaving a ticket, the ID copy's scan read
 * once) then broke another one opening at that moment ("PDFWorker.create - the worker is being
 * destroyed"): the form stayed on its preview and pdf.js's page never came.
 */
export function loadPdfJs(): Promise<PdfJs> {
  loading ??= import('pdfjs-dist').then((pdfjs) => {
    worker = pdfjs.PDFWorker.create({ port: new Worker(workerUrl, { type: 'module' }) });
    return pdfjs;
  });
  return loading;
}

/**
 * Forms rarely embed the PDF "base 14" fonts. Helvetica, Times and Courier are drawn with the
 * system's equivalents (Arial, Liberation…): parsing pdf.js's own copies costs every document
 * about 150 ms. Symbol and ZapfDingbats, whose glyphs (the check marks of checkboxes) no system
 * font has, come from the bundle.
 */
const STANDARD_FONTS: Record<string, string> = Object.fromEntries(
  Object.entries(
    import.meta.glob<string>('../../../../node_modules/pdfjs-dist/standard_fonts/Foxit{Symbol,Dingbats}.pfb', {
      query: '?url',
      import: 'default',
      eager: true,
    }),
  ).map(([path, url]) => [path.slice(path.lastIndexOf('/') + 1), url]),
);

/** Hands pdf.js the files it asks for from the bundle: nothing is fetched from outside the console's origin. */
class BundledDataFactory {
  async fetch({ kind, filename }: { kind: string; filename: string }): Promise<Uint8Array> {
    const url = kind === 'standardFontDataUrl' ? STANDARD_FONTS[filename] : undefined;
    if (!url) throw new Error(`pdf.js asked for ${kind} ${filename}, which the console does not bundle`);
    const response = await fetch(url);
    return new Uint8Array(await response.arrayBuffer());
  }
}

/** Opens a PDF from its bytes; the caller destroys it. */
export async function openPdf(bytes: Uint8Array): Promise<PDFDocumentProxy> {
  const pdfjs = await loadPdfJs();
  return pdfjs.getDocument({
    // pdf.js transfers the buffer to its worker: a copy keeps the cached bytes usable.
    data: bytes.slice(),
    worker,
    enableXfa: false,
    useSystemFonts: true,
    useWorkerFetch: false,
    BinaryDataFactory: BundledDataFactory,
    // Oddities of an applicant's file (or a base-14 font the system lacks) are not the operator's
    // to act on: only errors reach the console.
    verbosity: pdfjs.VerbosityLevel.ERRORS,
  }).promise;
}

/**
 * Starts drawing the page on a new canvas sized for `viewport` at the screen's pixel density and
 * shown at the viewport's CSS size. The caller swaps it in once drawn, so a zoom never flashes a
 * blank page; cancel the task to stop early.
 */
export function drawPage(page: PDFPageProxy, viewport: PageViewport): { canvas: HTMLCanvasElement; task: RenderTask } {
  const ratio = window.devicePixelRatio || 1;
  const canvas = document.createElement('canvas');
  canvas.width = Math.max(1, Math.floor(viewport.width * ratio));
  canvas.height = Math.max(1, Math.floor(viewport.height * ratio));
  canvas.style.width = `${Math.floor(viewport.width)}px`;
  canvas.style.height = `${Math.floor(viewport.height)}px`;
  const task = page.render({ canvas, viewport, ...(ratio === 1 ? {} : { transform: [ratio, 0, 0, ratio, 0, 0] }) });
  return { canvas, task };
}

/** pdf.js rejects a cancelled render or text layer with this; it is not an error to show. */
export const isCancelled = (error: unknown): boolean =>
  error instanceof Error && (error.name === 'RenderingCancelledException' || error.name === 'AbortException');

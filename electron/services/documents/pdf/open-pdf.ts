/**
 * pdf.js, set up for files from strangers: no XFA, no scripting (pdf.js only runs a document's
 * JavaScript in a viewer given a scripting sandbox, which Accredita never creates), no font
 * loading. pdf.js 5 compiles nothing from a document (its `isEvalSupported` option is gone with
 * the code that used `new Function`), so there is no eval to turn off.
 */
import type * as PdfJs from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { PDFDocumentLoadingTask } from 'pdfjs-dist/legacy/build/pdf.mjs';

let library: Promise<typeof PdfJs> | undefined;

/** Loaded on first use, so that the services' thread, which imports these modules' helpers, never loads pdf.js. */
export const pdfjs = (): Promise<typeof PdfJs> => (library ??= import('pdfjs-dist/legacy/build/pdf.mjs'));

export async function openPdf(bytes: Uint8Array): Promise<PDFDocumentLoadingTask> {
  const { getDocument, VerbosityLevel } = await pdfjs();
  return getDocument({
    // pdf.js takes ownership of (and detaches) the buffer it is given, and refuses a Buffer:
    // a plain copy (Buffer#slice would share the caller's memory).
    data: new Uint8Array(bytes),
    enableXfa: false,
    disableFontFace: true,
    verbosity: VerbosityLevel.ERRORS,
  });
}

/** A missing or wrong password; by name, as pdf.js rebuilds its exceptions from messages between its two halves. */
export const isPasswordError = (error: unknown): boolean =>
  error instanceof Error && error.name === 'PasswordException';

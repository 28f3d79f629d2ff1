/**
 * Whether a PDF carries JavaScript. Nothing here runs it: the point is to tell the operator that
 * the file is not the form the help desk sent, which has none.
 */
import type { PDFDocumentProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';

/**
 * Every JavaScript action has `/S /JavaScript`. Scanning the bytes finds the ones pdf.js does not
 * report (on link annotations) when they are not inside a compressed object stream.
 */
const JAVASCRIPT_ACTION = /\/S\s*\/JavaScript(?![A-Za-z0-9#])/;

export async function hasJavaScript(document: PDFDocumentProxy, bytes: Uint8Array): Promise<boolean> {
  // Document level: OpenAction, the JavaScript name tree, the catalog's and every field's actions.
  if (await document.hasJSActions()) return true;
  for (let number = 1; number <= document.numPages; number++) {
    const page = await document.getPage(number);
    // Page open/close actions.
    const actions = await page.getJSActions();
    if (actions && Object.keys(actions).length > 0) return true;
  }
  return JAVASCRIPT_ACTION.test(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1'));
}

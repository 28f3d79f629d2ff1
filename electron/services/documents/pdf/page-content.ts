/**
 * What a PDF without form fields is: a scan (each page an image, no text) or a printout of the
 * form, flattened or made by a "print to PDF" (text on the page). Either is read by eye; the
 * operator is told which.
 */
import type { PDFDocumentProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { pdfjs } from './open-pdf.ts';

export async function isImageOnly(document: PDFDocumentProxy): Promise<boolean> {
  const { OPS } = await pdfjs();
  const paintsImage = new Set<number>([
    OPS.paintImageXObject,
    OPS.paintInlineImageXObject,
    OPS.paintImageXObjectRepeat,
    OPS.paintImageMaskXObject,
  ]);
  for (let number = 1; number <= document.numPages; number++) {
    const page = await document.getPage(number);
    const text = await page.getTextContent();
    if (text.items.some((item) => 'str' in item && item.str.trim() !== '')) return false;
    // Only pages without text get here, so images are decoded only for what may be a scan.
    const operators = await page.getOperatorList();
    // Frees the decoded images before the next page.
    page.cleanup();
    if (!operators.fnArray.some((op) => paintsImage.has(op))) return false;
  }
  return document.numPages > 0;
}

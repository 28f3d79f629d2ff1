/**
 * The reading itself, run inside the PDF worker thread (pdf-form-worker.ts): opens the file with
 * pdf.js, reads the fields, names the template and maps the values. Every failure of pdf.js on
 * the applicant's bytes becomes a coded problem.
 */
import type { PDFDocumentProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { FormTemplateDescriptor, PdfFormResult } from '../../../../common/checks/pdf-form.ts';
import type { CheckProblem } from '../../../../common/checks/text.ts';
import { mapFormFields } from './form-mapping.ts';
import { isPasswordError, openPdf } from './open-pdf.ts';
import { isImageOnly } from './page-content.ts';
import { pdfFields } from './pdf-fields.ts';
import { hasJavaScript } from './pdf-javascript.ts';
import { pdfProblem } from './pdf-problems.ts';
import { detectTemplate, templateFromKeywords, versionFromKeywords } from './template-detection.ts';

export interface PdfFormJob {
  bytes: Uint8Array;
  templates: readonly FormTemplateDescriptor[];
  /** Italy's date (YYYY-MM-DD), for "date in the future". */
  today: string;
  maxPages: number;
}

export async function readPdfDocument(job: PdfFormJob): Promise<PdfFormResult> {
  const task = await openPdf(job.bytes);
  try {
    return await readOpened(await task.promise, job);
  } catch (error) {
    return unreadable(isPasswordError(error) ? pdfProblem.encrypted() : pdfProblem.corrupt());
  } finally {
    await task.destroy().catch(() => undefined);
  }
}

export const unreadable = (problem: CheckProblem): PdfFormResult => ({ status: 'UNREADABLE', problems: [problem] });

async function readOpened(document: PDFDocumentProxy, job: PdfFormJob): Promise<PdfFormResult> {
  const pages = document.numPages;
  if (pages > job.maxPages) return unreadable(pdfProblem.tooManyPages(pages, job.maxPages));

  const fields = pdfFields(await document.getFieldObjects());
  // The metadata only helps to name the template; a broken info dictionary does not spoil the fields.
  const info = await document.getMetadata().then(
    (metadata) => metadata.info as Record<string, unknown> | undefined,
    () => undefined,
  );
  const keywordsVersion = versionFromKeywords(info?.Keywords);
  const problems: CheckProblem[] = (await hasJavaScript(document, job.bytes)) ? [pdfProblem.javascript()] : [];

  if (fields.length === 0) {
    const scanned = await isImageOnly(document);
    return {
      status: scanned ? 'SCANNED' : 'NO_FIELDS',
      pages,
      template: templateFromKeywords(keywordsVersion, job.templates),
      problems: [scanned ? pdfProblem.scanned() : pdfProblem.flattened(), ...problems],
    };
  }
  const detection = detectTemplate(fields, keywordsVersion, job.templates);
  if (!detection.found) {
    return {
      status: 'UNKNOWN_TEMPLATE',
      pages,
      fields,
      problems: [pdfProblem.unknownTemplate(detection.declaredVersion), ...problems],
    };
  }
  return {
    status: 'READ',
    pages,
    template: detection.found.ref,
    ...mapFormFields(fields, detection.found.descriptor, job.today),
    problems,
  };
}

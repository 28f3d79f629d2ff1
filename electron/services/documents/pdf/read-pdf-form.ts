/**
 * Reads the applicant's filled "Accreditamento Utente Estero" form: its AcroForm values mapped to
 * the template it was made from, and what is missing or wrong. Bad input never throws: it comes
 * back as a result with coded problems, and a form that cannot be read automatically (flattened,
 * scanned, unknown) is flagged for reading by eye, never passed.
 */
import type { FormTemplateDescriptor, PdfFormResult } from '../../../../common/checks/pdf-form.ts';
import { italianToday } from './form-dates.ts';
import { loadFormTemplates } from './form-templates.ts';
import { runInPdfThread } from './pdf-form-thread.ts';
import { pdfProblem } from './pdf-problems.ts';
import { unreadable } from './read-pdf-document.ts';

export const PDF_FORM_LIMITS = {
  /** The filled form is about 50 KiB; a file this big is something else, and is not parsed at all. */
  maxBytes: 10 * 1024 * 1024,
  /** The form has 2 pages. */
  maxPages: 20,
  /** A filled form reads in tens of milliseconds, a 20-page scan in a few seconds. */
  timeoutMs: 10_000,
};

export interface ReadPdfFormOptions {
  /** The known template versions; by default every resources/forms/template-v*.json. */
  templates?: readonly FormTemplateDescriptor[];
  /** For "date in the future"; defaults to now. */
  now?: Date;
  maxBytes?: number;
  maxPages?: number;
  timeoutMs?: number;
}

/** The PDF header may follow up to 1 KiB of junk (PDF 1.7 Annex H); pdf.js looks no further either. */
const HEADER = Buffer.from('%PDF-');
const HEADER_WINDOW = 1024;

let defaultTemplates: FormTemplateDescriptor[] | undefined;

export async function readPdfForm(bytes: Uint8Array, options: ReadPdfFormOptions = {}): Promise<PdfFormResult> {
  const maxBytes = options.maxBytes ?? PDF_FORM_LIMITS.maxBytes;
  const timeoutMs = options.timeoutMs ?? PDF_FORM_LIMITS.timeoutMs;
  if (bytes.byteLength === 0) return unreadable(pdfProblem.empty());
  if (bytes.byteLength > maxBytes) return unreadable(pdfProblem.tooLarge(bytes.byteLength, maxBytes));
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, HEADER_WINDOW));
  if (!head.includes(HEADER)) return unreadable(pdfProblem.notPdf());

  const outcome = await runInPdfThread(
    {
      bytes,
      templates: options.templates ?? (defaultTemplates ??= loadFormTemplates()),
      today: italianToday(options.now ?? new Date()),
      maxPages: options.maxPages ?? PDF_FORM_LIMITS.maxPages,
    },
    timeoutMs,
  );
  if (outcome.ok) return outcome.result;
  if (outcome.reason === 'timeout') return unreadable(pdfProblem.timeout(timeoutMs));
  if (outcome.reason === 'memory') return unreadable(pdfProblem.tooDemanding());
  return unreadable(pdfProblem.corrupt());
}

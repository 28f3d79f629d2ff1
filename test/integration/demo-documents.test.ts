import { readFileSync } from 'node:fs';
import jpeg from 'jpeg-js';
import { PDFCheckBox, PDFDocument, PDFRadioGroup, PDFTextField } from 'pdf-lib';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { buildFormTemplate } from '../../scripts/make-form-template.ts';
import { fillForm, type FormValues } from '../../server/demo/form-filler.ts';
import { FORMS_DIR, TEMPLATE_DESCRIPTOR, TEMPLATE_PDF, loadFormTemplate } from '../../server/demo/form-template.ts';
import { renderIdDocument } from '../../server/demo/id-document.ts';
import { composeMrz, type MrzRecord } from '../../server/demo/mrz.ts';
import { ocrBFontBytes } from '../../server/demo/font-files.ts';
import { SPECIMEN_FORM_VALUES } from '../support/specimen-form.ts';
import { ANNA as SPECIMEN, ANNA_CARD as SPECIMEN_CARD } from '../support/icao-specimen.ts';

const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');

/** pdf.js takes ownership of the buffer it is given: hand it a copy. */
const openWithPdfJs = (bytes: Uint8Array) => pdfjs.getDocument({ data: bytes.slice(), verbosity: 0 }).promise;

const APPLICANT: FormValues = SPECIMEN_FORM_VALUES;

/** What a PDF reader shows for each value: dates as the form writes them, checkboxes as their states. */
function asRead(name: string, value: string | boolean): string {
  if (typeof value === 'boolean') return value ? 'Yes' : 'Off';
  if (name.startsWith('data_') || name.startsWith('documento_data_')) return value.split('-').reverse().join('/');
  return value;
}

// The specimen with an accent in the given name, so rendering is exercised beyond ASCII.
const ANNA: MrzRecord = { ...SPECIMEN, givenNames: 'Anna María' };
const ANNA_CARD: MrzRecord = { ...SPECIMEN_CARD, givenNames: 'Anna María' };

describe('form template (resources/forms)', () => {
  it('is what scripts/make-form-template.ts writes', async () => {
    const { pdf, descriptor } = await buildFormTemplate();
    expect(Buffer.from(pdf).equals(readFileSync(new URL(TEMPLATE_PDF, FORMS_DIR)))).toBe(true);
    expect(JSON.parse(readFileSync(new URL(TEMPLATE_DESCRIPTOR, FORMS_DIR), 'utf8'))).toEqual(descriptor);
  });

  it('describes exactly the AcroForm fields of the PDF, with matching types', async () => {
    const { pdf, descriptor } = loadFormTemplate();
    const form = (await PDFDocument.load(pdf)).getForm();
    const kind = (field: unknown): string =>
      field instanceof PDFCheckBox
        ? 'checkbox'
        : field instanceof PDFRadioGroup
          ? 'radio'
          : field instanceof PDFTextField
            ? 'text'
            : 'other';
    const inPdf = form.getFields().map((field) => [field.getName(), kind(field)]);
    const described = descriptor.fields.map((field) => [field.name, field.type === 'date' ? 'text' : field.type]);
    expect(inPdf.sort()).toEqual(described.sort());
    for (const field of descriptor.fields.filter((f) => f.type === 'radio')) {
      expect(form.getRadioGroup(field.name).getOptions()).toEqual(field.options?.map((o) => o.value));
    }
  });

  it('carries its version in a read-only field and in the document metadata', async () => {
    const document = await PDFDocument.load(loadFormTemplate().pdf, { updateMetadata: false });
    const version = document.getForm().getTextField('template_version');
    expect(version.getText()).toBe('1.0');
    expect(version.isReadOnly()).toBe(true);
    expect(document.getSubject()).toContain('template_version 1.0');
    expect(document.getKeywords()).toContain('template_version=1.0');
    expect(document.getPageCount()).toBe(2);
  });
});

describe('fillForm', () => {
  it('writes every field so pdf.js reads back the value written', async () => {
    const document = await openWithPdfJs(await fillForm(APPLICANT));
    const fields = (await document.getFieldObjects()) as Record<string, { value?: unknown }[]> | null;
    expect(fields).not.toBeNull();
    const valueOf = (name: string) => new Set(fields?.[name]?.map((widget) => widget.value).filter((v) => v != null));
    for (const [name, value] of Object.entries(APPLICANT)) {
      expect([name, [...valueOf(name)]]).toEqual([name, [asRead(name, value)]]);
    }
    expect([...valueOf('template_version')]).toEqual(['1.0']);
  });

  it('flattened, leaves no fields but keeps the values on the page', async () => {
    const document = await openWithPdfJs(await fillForm(APPLICANT, { flatten: true }));
    expect(await document.getFieldObjects()).toBeNull();
    const page = await document.getPage(2);
    const text = (await page.getTextContent()).items.map((item) => ('str' in item ? item.str : '')).join(' ');
    expect(text).toContain('Nordic Haulage AB');
    expect(text).not.toMatch(/(^|\s)1\.0(\s|$)/);
  });

  it('is reproducible', async () => {
    expect(Buffer.from(await fillForm(APPLICANT)).equals(await fillForm(APPLICANT))).toBe(true);
  });

  it.each([
    [{ codice_fiscale: 'X' }, /codice_fiscale: not in template v1\.0/],
    [{ template_version: '2.0' }, /template_version: read-only/],
    [{ cognome: true }, /cognome \(text\): a string, got boolean/],
    [{ consenso_privacy: 'yes' }, /consenso_privacy \(checkbox\): a boolean, got string/],
    [{ ruolo: 'consulente' }, /ruolo: one of cittadino, azienda, soggetto_abilitato/],
    [{ data_nascita: '12/08/1974' }, /data_nascita: expected a date as YYYY-MM-DD/],
    [{ data_firma: '2025-02-29' }, /data_firma: 2025-02-29 is not a calendar date/],
    [{ nome: 'A'.repeat(61) }, /nome: at most 60 characters, got 61/],
    [{ cognome: 'Иванов' }, /cognome: "И" is not in the form's font/],
  ])('refuses %o', async (values, error) => {
    await expect(fillForm(values as FormValues)).rejects.toThrow(error);
  });
});

describe('renderIdDocument', () => {
  it('renders a TD3 passport page as a PNG at 10 px/mm', async () => {
    const document = await renderIdDocument(ANNA, { layout: 'TD3', seed: 1 });
    expect(document.mimeType).toBe('image/png');
    const image = PNG.sync.read(Buffer.from(document.bytes));
    expect([image.width, image.height]).toEqual([1250, 880]);
    expect([document.width, document.height]).toEqual([1250, 880]);
    expect(document.mrz).toEqual(composeMrz(ANNA, 'TD3'));
  });

  it('renders a TD1 card as a JPEG, askew and grainy', async () => {
    const document = await renderIdDocument(ANNA_CARD, {
      layout: 'TD1',
      seed: 2,
      format: 'jpeg',
      rotation: -4,
      noise: 0.5,
      jpegQuality: 70,
    });
    expect(document.mimeType).toBe('image/jpeg');
    const image = jpeg.decode(document.bytes, { useTArray: true });
    expect([image.width, image.height]).toEqual([1010, 637]);
  });

  it('renders a one-page A4 "scan" as PDF holding the image', async () => {
    const document = await renderIdDocument(ANNA_CARD, { layout: 'TD1', seed: 3, format: 'pdf', rotation: 2 });
    expect(document.mimeType).toBe('application/pdf');
    const pdf = await openWithPdfJs(document.bytes);
    expect(pdf.numPages).toBe(1);
    const page = await pdf.getPage(1);
    expect(page.view.map(Math.round)).toEqual([0, 0, 595, 842]);
    expect((await page.getOperatorList()).fnArray).toContain(pdfjs.OPS.paintImageXObject);
  });

  it('is deterministic for a seed', async () => {
    const options = { layout: 'TD3', seed: 42, format: 'jpeg', noise: 0.3, rotation: 1.5 } as const;
    const [a, b, c] = await Promise.all([
      renderIdDocument(ANNA, options),
      renderIdDocument(ANNA, options),
      renderIdDocument(ANNA, { ...options, seed: 43 }),
    ]);
    expect(Buffer.from(a.bytes).equals(b.bytes)).toBe(true);
    expect(Buffer.from(a.bytes).equals(c.bytes)).toBe(false);
  });

  it('prints the broken MRZ it was asked for', async () => {
    const document = await renderIdDocument(ANNA, { layout: 'TD3', seed: 1, format: 'jpeg', break: 'birthDate' });
    expect(document.mrz).toEqual(composeMrz(ANNA, 'TD3', { break: 'birthDate' }));
    expect(document.mrz[1]).not.toBe(composeMrz(ANNA, 'TD3')[1]);
  });

  it.each([
    ['TD3', ANNA, 2, [22, 27]],
    ['TD1', ANNA_CARD, 3, [26, 32]],
  ] as const)(
    'prints the %s MRZ as %i lines of OCR-B at ICAO size in a clear zone',
    async (layout, record, count, range) => {
      const document = await renderIdDocument(record, { layout, seed: 5 });
      const image = PNG.sync.read(Buffer.from(document.bytes));
      // The MRZ zone is the bottom 23.2 mm (TD3) or 17.9 mm (TD1) of the document.
      const zoneTop = Math.round(image.height * (layout === 'TD3' ? 1 - 23.2 / 88 : 1 - 17.9 / 54));
      const inked = (y: number) => {
        let dark = 0;
        for (let x = 0; x < image.width; x++) {
          const p = (y * image.width + x) * 4;
          if (image.data[p]! + image.data[p + 1]! + image.data[p + 2]! < 3 * 100) dark++;
        }
        return dark > 3;
      };
      // Heights of the bands of rows that carry ink, below the top of the zone.
      const runs: number[] = [];
      let run = 0;
      for (let y = zoneTop + 2; y < image.height; y++) {
        if (inked(y)) run++;
        else if (run) {
          runs.push(run);
          run = 0;
        }
      }
      expect(runs).toHaveLength(count);
      // OCR-B at the 2.54 mm pitch has capitals about 2.4 mm tall: ~24 px at 10 px/mm, ~29 at 11.8.
      for (const height of runs) {
        expect(height).toBeGreaterThanOrEqual(range[0]);
        expect(height).toBeLessThanOrEqual(range[1]);
      }
    },
  );

  it('needs OCR-B, and says where to get it', () => {
    expect(() => ocrBFontBytes('/nonexistent/OCRB.otf')).toThrow(/install Debian package fonts-ocr-b/);
  });

  it.each([
    [{ rotation: 6 }, /rotation: −5 to 5 degrees/],
    [{ noise: 1.5 }, /noise: 0 to 1/],
    [{ jpegQuality: 0 }, /jpegQuality: an integer from 1 to 100/],
    [{ seed: 0.5 }, /seed: an integer/],
    [{ format: 'gif' }, /format: png, jpeg or pdf/],
  ])('refuses %o', async (change, error) => {
    await expect(renderIdDocument(ANNA, { layout: 'TD3', seed: 1, ...(change as object) })).rejects.toThrow(error);
  });

  it('refuses a name too long to print', async () => {
    const record = { ...ANNA_CARD, givenNames: 'Maria Anna Sofia Charlotte Elisabeth Wilhelmina Hortense' };
    await expect(renderIdDocument(record, { layout: 'TD1', seed: 1 })).rejects.toThrow(/too long to print/);
  });
});

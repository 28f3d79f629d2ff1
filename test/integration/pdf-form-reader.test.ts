import { createHash } from 'node:crypto';
import { constants, deflateRawSync } from 'node:zlib';
import { PDFArray, PDFDocument, PDFName, PDFString } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { PdfFormResultSchema, type FormTemplateDescriptor, type PdfFormResult } from '../../common/checks/pdf-form.ts';
import { loadFormTemplates } from '../../electron/services/documents/pdf/form-templates.ts';
import { readPdfForm, type ReadPdfFormOptions } from '../../electron/services/documents/pdf/read-pdf-form.ts';
import { fillForm, type FormValues } from '../../server/demo/form-filler.ts';
import { renderIdDocument } from '../../server/demo/id-document.ts';
import { ANNA_CARD } from '../support/icao-specimen.ts';
import { SPECIMEN_FORM_VALUES } from '../support/specimen-form.ts';

const NOW = new Date('2025-03-10T12:00:00Z');
const read = (bytes: Uint8Array, options: ReadPdfFormOptions = {}) => readPdfForm(bytes, { now: NOW, ...options });

const APPLICANT = SPECIMEN_FORM_VALUES;

const without = (...names: (keyof typeof APPLICANT)[]): FormValues =>
  Object.fromEntries(Object.entries(APPLICANT).filter(([name]) => !names.includes(name as keyof typeof APPLICANT)));

function expectRead(result: PdfFormResult): Extract<PdfFormResult, { status: 'READ' }> {
  expect(PdfFormResultSchema.parse(result)).toEqual(result);
  expect(JSON.parse(JSON.stringify(result))).toEqual(result);
  if (result.status !== 'READ') throw new Error(`expected READ, got ${JSON.stringify(result)}`);
  return result;
}

const latin1 = (text: string) => Buffer.from(text, 'latin1');
const codes = (result: PdfFormResult) => result.problems.map((problem) => problem.code);
const findingsOf = (result: Extract<PdfFormResult, { status: 'READ' }>) =>
  result.findings.map((finding) => [finding.code, finding.field]);

/** Changes a filled form with pdf-lib, as another PDF editor would. */
async function edit(bytes: Uint8Array, change: (pdf: PDFDocument) => void, useObjectStreams = true) {
  const pdf = await PDFDocument.load(bytes, { updateMetadata: false });
  change(pdf);
  return pdf.save({ updateFieldAppearances: false, useObjectStreams });
}

const javascriptAction = (pdf: PDFDocument) =>
  pdf.context.register(pdf.context.obj({ Type: 'Action', S: 'JavaScript', JS: PDFString.of('app.alert("hi")') }));

describe('readPdfForm on filled forms', () => {
  it('reads a complete form into typed values, services and no findings', async () => {
    const result = expectRead(await read(await fillForm(APPLICANT)));
    expect(result.template).toEqual({ id: 'accreditamento-utente-estero', version: '1.0', detectedBy: 'versionField' });
    expect(result.pages).toBe(2);
    expect(result.findings).toEqual([]);
    expect(result.problems).toEqual([]);
    expect(result.services).toEqual(['CABOTAGGIO', 'DISTACCO_TRANSNAZIONALE']);
    expect(result.values).toMatchObject({
      'applicant.surname': 'Țăranu-Wiśniewski',
      'applicant.givenNames': 'Łucja Ayşe',
      'applicant.birthDate': '1974-08-12',
      'applicant.sex': 'F',
      'document.type': 'passaporto',
      'document.expiryDate': '2030-01-09',
      role: 'azienda',
      'consent.privacy': true,
      'signature.place': 'Malmö',
      'signature.date': '2025-03-01',
      'template.version': '1.0',
    });
    expect(result.values).not.toHaveProperty('services');
    const birthDate = result.fields.find((field) => field.name === 'data_nascita');
    expect(birthDate).toMatchObject({ raw: '12/08/1974', value: '1974-08-12', present: true, required: true });
    expect(result.fields.find((field) => field.name === 'azienda_partita_iva')?.required).toBe(true);
  });

  it('reads a Buffer without consuming it', async () => {
    const bytes = await fillForm(APPLICANT);
    const input = Buffer.from(bytes);
    expectRead(await read(input));
    expect(input.equals(bytes)).toBe(true);
  });

  it('reports a missing required field, and company fields only for companies', async () => {
    const result = expectRead(
      await read(await fillForm({ ...without('cognome', 'azienda_partita_iva'), ruolo: 'cittadino' })),
    );
    expect(findingsOf(result)).toEqual([['FORM_REQUIRED_MISSING', 'cognome']]);
    expect(result.values['applicant.surname']).toBeNull();
    const company = expectRead(await read(await fillForm(without('azienda_partita_iva'))));
    expect(findingsOf(company)).toEqual([['FORM_REQUIRED_MISSING', 'azienda_partita_iva']]);
  });

  it('reports a form with no service ticked', async () => {
    const result = expectRead(
      await read(await fillForm({ ...APPLICANT, servizio_cabotaggio: false, servizio_distacco_transnazionale: false })),
    );
    expect(result.services).toEqual([]);
    expect(findingsOf(result)).toEqual([['FORM_NO_SERVICE', 'servizi_richiesti']]);
    expect(result.findings[0]?.message.en).toContain('Posting of workers');
  });

  it('reports a missing signature date and place, and unticked consent', async () => {
    const result = expectRead(await read(await fillForm(without('data_firma', 'luogo_firma', 'consenso_privacy'))));
    expect(findingsOf(result)).toEqual([
      ['FORM_REQUIRED_MISSING', 'consenso_privacy'],
      ['FORM_SIGNATURE_PLACE_MISSING', 'luogo_firma'],
      ['FORM_SIGNATURE_DATE_MISSING', 'data_firma'],
    ]);
  });

  it('reports a date that is not a date, and a signature dated in the future', async () => {
    const filled = await fillForm({ ...APPLICANT, data_firma: '2025-03-12' });
    const bytes = await edit(filled, (pdf) => pdf.getForm().getTextField('data_nascita').setText('31/02/1974'));
    const result = expectRead(await read(bytes));
    expect(result.findings.map((f) => [f.code, f.field, f.value])).toEqual([
      ['FORM_INVALID_DATE', 'data_nascita', '31/02/1974'],
      ['FORM_DATE_IN_FUTURE', 'data_firma', '12/03/2025'],
    ]);
    expect(result.values['applicant.birthDate']).toBeNull();
    // The next day is allowed: an applicant east of Italy may already be there.
    expect(findingsOf(expectRead(await read(await fillForm({ ...APPLICANT, data_firma: '2025-03-11' }))))).toEqual([]);
  });

  it('reports dates in the wrong order', async () => {
    const bytes = await fillForm({ ...APPLICANT, documento_data_scadenza: '2019-01-10' });
    expect(findingsOf(expectRead(await read(bytes)))).toEqual([['FORM_DATE_ORDER', 'documento_data_scadenza']]);
  });

  it('reports a radio value that is not one of the options', async () => {
    const bytes = await edit(await fillForm(APPLICANT), (pdf) =>
      pdf.getForm().getRadioGroup('ruolo').acroField.dict.set(PDFName.of('V'), PDFName.of('consulente')),
    );
    const result = expectRead(await read(bytes));
    expect(result.findings.map((f) => [f.code, f.field, f.value])).toEqual([
      ['FORM_INVALID_OPTION', 'ruolo', 'consulente'],
    ]);
    expect(result.values.role).toBeNull();
  });

  it('reports fields the template does not have, and template fields the PDF lacks', async () => {
    const bytes = await edit(await fillForm(APPLICANT), (pdf) => {
      const form = pdf.getForm();
      const extra = form.createTextField('iban');
      extra.setText('SE45 5000 0000 0583 9825 7466');
      extra.addToPage(pdf.getPage(1), { x: 40, y: 40, width: 200, height: 18 });
      form.removeField(form.getField('residenza_cap'));
    });
    const result = expectRead(await read(bytes));
    expect(result.findings.map((f) => [f.code, f.severity, f.field, f.value])).toEqual([
      ['FORM_FIELD_ABSENT', 'warning', 'residenza_cap', undefined],
      ['FORM_UNKNOWN_FIELD', 'warning', 'iban', 'SE45 5000 0000 0583 9825 7466'],
    ]);
    expect(result.fields.find((field) => field.name === 'residenza_cap')).toMatchObject({ present: false, raw: null });
  });
});

describe('readPdfForm: templates and versions', () => {
  it('falls back on the keywords, then on the field names, and says so', async () => {
    const noField = await edit(await fillForm(APPLICANT), (pdf) =>
      pdf.getForm().removeField(pdf.getForm().getField('template_version')),
    );
    expect(expectRead(await read(noField)).template.detectedBy).toBe('metadata');
    const noMarker = await edit(noField, (pdf) => pdf.setKeywords(['Accredita']));
    const result = expectRead(await read(noMarker));
    expect(result.template).toEqual({ id: 'accreditamento-utente-estero', version: '1.0', detectedBy: 'fieldNames' });
    expect(findingsOf(result)).toEqual([['FORM_FIELD_ABSENT', 'template_version']]);
  });

  it('reads a second version from its own descriptor', async () => {
    const [v1] = loadFormTemplates();
    const v2: FormTemplateDescriptor = {
      ...v1!,
      version: '2.0',
      file: 'accreditamento-utente-estero-v2.pdf',
      fields: [
        ...v1!.fields,
        {
          name: 'pec',
          type: 'text',
          required: true,
          label: { it: 'PEC', en: 'Certified e-mail' },
          mapsTo: 'applicant.pec',
          page: 1,
        },
      ],
    };
    const bytes = await edit(await fillForm(APPLICANT), (pdf) => {
      const form = pdf.getForm();
      form.getTextField('template_version').setText('2.0');
      const pec = form.createTextField('pec');
      pec.setText('nordic@pec.example.org');
      pec.addToPage(pdf.getPage(0), { x: 40, y: 40, width: 200, height: 18 });
    });
    const result = expectRead(await read(bytes, { templates: [v1!, v2] }));
    expect(result.template).toEqual({ id: 'accreditamento-utente-estero', version: '2.0', detectedBy: 'versionField' });
    expect(result.values['applicant.pec']).toBe('nordic@pec.example.org');
    expect(result.findings).toEqual([]);
    // The same console still reads version 1 forms with the version 1 descriptor.
    expect(expectRead(await read(await fillForm(APPLICANT), { templates: [v1!, v2] })).template.version).toBe('1.0');
  });

  it('shows the fields of an unknown form, or of an unknown version, as found', async () => {
    const other = await PDFDocument.create();
    const page = other.addPage();
    other.getForm().createTextField('customer').addToPage(page, { x: 10, y: 10 });
    other.getForm().getTextField('customer').setText('ACME');
    const unknown = await read(await other.save());
    expect(PdfFormResultSchema.parse(unknown)).toEqual(unknown);
    expect(unknown).toMatchObject({
      status: 'UNKNOWN_TEMPLATE',
      fields: [{ name: 'customer', kind: 'text', value: 'ACME' }],
    });
    expect(codes(unknown)).toEqual(['PDF_UNKNOWN_TEMPLATE']);

    const future = await edit(await fillForm(APPLICANT), (pdf) =>
      pdf.getForm().getTextField('template_version').setText('9.9'),
    );
    const result = await read(future);
    expect(result.status).toBe('UNKNOWN_TEMPLATE');
    expect(result.problems[0]?.message.it).toContain('9.9');
    if (result.status === 'UNKNOWN_TEMPLATE') {
      expect(result.fields.find((field) => field.name === 'cognome')?.value).toBe(APPLICANT.cognome);
    }
  });
});

describe('readPdfForm: forms to read by eye', () => {
  it('flags a flattened form, naming the template from its metadata', async () => {
    const result = await read(await fillForm(APPLICANT, { flatten: true }));
    expect(PdfFormResultSchema.parse(result)).toEqual(result);
    expect(result).toMatchObject({
      status: 'NO_FIELDS',
      pages: 2,
      template: { id: 'accreditamento-utente-estero', version: '1.0', detectedBy: 'metadata' },
    });
    expect(codes(result)).toEqual(['PDF_NO_FIELDS']);
  });

  it('flags a scan: pages that are only images', async () => {
    const scan = await renderIdDocument(ANNA_CARD, { layout: 'TD1', seed: 3, format: 'pdf' });
    const result = await read(scan.bytes);
    expect(result).toMatchObject({ status: 'SCANNED', pages: 1, template: null });
    expect(codes(result)).toEqual(['PDF_NO_FIELDS']);
  });

  it('flags a blank page without fields as a form to read, not as a scan', async () => {
    const blank = await PDFDocument.create();
    blank.addPage();
    expect(await read(await blank.save())).toMatchObject({ status: 'NO_FIELDS', pages: 1 });
  });
});

describe('readPdfForm: JavaScript', () => {
  it.each([
    ['an OpenAction', (pdf: PDFDocument) => pdf.catalog.set(PDFName.of('OpenAction'), javascriptAction(pdf)), true],
    [
      'a field keystroke action',
      (pdf: PDFDocument) =>
        pdf
          .getForm()
          .getTextField('email')
          .acroField.dict.set(PDFName.of('AA'), pdf.context.obj({ K: javascriptAction(pdf) })),
      true,
    ],
    [
      'a page-open action',
      (pdf: PDFDocument) => pdf.getPage(0).node.set(PDFName.of('AA'), pdf.context.obj({ O: javascriptAction(pdf) })),
      true,
    ],
    [
      'a link annotation, uncompressed',
      (pdf: PDFDocument) => {
        const link = pdf.context.obj({
          Type: 'Annot',
          Subtype: 'Link',
          Rect: [0, 0, 50, 50],
          A: javascriptAction(pdf),
        });
        pdf.getPage(1).node.lookup(PDFName.of('Annots'), PDFArray).push(pdf.context.register(link));
      },
      false,
    ],
  ])('warns about %s, and still reads the fields', async (_, add, useObjectStreams) => {
    const result = expectRead(await read(await edit(await fillForm(APPLICANT), add, useObjectStreams)));
    expect(codes(result)).toEqual(['PDF_HAS_JAVASCRIPT']);
    expect(result.values['applicant.surname']).toBe(APPLICANT.cognome);
    expect(result.findings).toEqual([]);
  });

  it('does not warn about a value that merely mentions JavaScript', async () => {
    const result = expectRead(await read(await fillForm({ ...APPLICANT, residenza_indirizzo: '/S /JavaScript 1' })));
    expect(result.problems).toEqual([]);
  });
});

describe('readPdfForm: files it cannot read', () => {
  it.each([
    ['no bytes', () => new Uint8Array(), 'FILE_EMPTY'],
    ['a JPEG', () => Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, ...Buffer.from('JFIF')]), 'CORRUPT_FILE'],
    ['a PDF header and nothing else', () => Buffer.from('%PDF-1.7\n'), 'CORRUPT_FILE'],
  ])('%s → %s', async (_, bytes, code) => {
    const result = await read(bytes());
    expect(PdfFormResultSchema.parse(result)).toEqual(result);
    expect(result.status).toBe('UNREADABLE');
    expect(codes(result)).toEqual([code]);
    expect(result.problems[0]?.message.it).toMatch(/Chiedere al richiedente/);
  });

  it('refuses a file over the size limit before parsing it', async () => {
    const huge = new Uint8Array(10 * 1024 * 1024 + 1);
    huge.set(Buffer.from('%PDF-1.7\n'));
    expect(codes(await read(huge))).toEqual(['FILE_TOO_LARGE']);
    expect(codes(await read(await fillForm(APPLICANT), { maxBytes: 1000 }))).toEqual(['FILE_TOO_LARGE']);
  });

  it('refuses a truncated form', async () => {
    const bytes = await fillForm(APPLICANT);
    const result = await read(bytes.subarray(0, 2000));
    expect([result.status, codes(result)]).toEqual(['UNREADABLE', ['CORRUPT_FILE']]);
  });

  it('refuses a password-protected PDF (and the fixture opens with its password)', async () => {
    const bytes = encryptedPdf('segreto', 'ufficio');
    const result = await read(bytes);
    expect([result.status, codes(result)]).toEqual(['UNREADABLE', ['PDF_ENCRYPTED']]);
    const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs');
    const opened = await getDocument({ data: new Uint8Array(bytes), password: 'segreto', verbosity: 0 }).promise;
    expect(opened.numPages).toBe(1);
    await opened.destroy();
  });

  it('refuses a PDF with too many pages', async () => {
    const long = await PDFDocument.create();
    for (let i = 0; i < 21; i++) long.addPage();
    const bytes = await long.save();
    expect(codes(await read(bytes))).toEqual(['PDF_TOO_MANY_PAGES']);
    expect((await read(bytes, { maxPages: 21 })).status).toBe('NO_FIELDS');
  });

  it('stops a decompression bomb before it takes the workstation’s memory', async () => {
    // 2 MB of FlateDecode that unpacks to 2 GiB of spaces, as one page's content stream.
    const block = deflateRawSync(Buffer.alloc(1 << 20, 0x20), { level: 9, finishFlush: constants.Z_SYNC_FLUSH });
    const stream = Buffer.concat([Buffer.from([0x78, 0xda]), ...Array<Buffer>(2048).fill(block), Buffer.from([3, 0])]);
    const bomb = Buffer.concat([
      latin1(
        '%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n' +
          '2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n' +
          '3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>\nendobj\n' +
          `4 0 obj\n<< /Length ${stream.length} /Filter /FlateDecode >>\nstream\n`,
      ),
      stream,
      latin1('\nendstream\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n'),
    ]);
    const result = await read(bomb, { timeoutMs: 60_000 });
    expect([result.status, codes(result)]).toEqual(['UNREADABLE', ['FILE_TOO_LARGE']]);
    expectRead(await read(await fillForm(APPLICANT)));
  }, 40_000);

  it('stops a read that takes too long, and reads the next file normally', async () => {
    const bytes = await fillForm(APPLICANT);
    expect(codes(await read(bytes, { timeoutMs: 1 }))).toEqual(['TIMEOUT']);
    expectRead(await read(bytes));
  });
});

/**
 * pdf-lib cannot encrypt, so this writes a one-page PDF protected by the PDF 1.4 standard security
 * handler (revision 2: RC4 with a 40-bit key, ISO 32000-1 §7.6.3, algorithms 2–4). The file holds
 * no strings or streams, so nothing else needs encrypting.
 */
function encryptedPdf(userPassword: string, ownerPassword: string): Uint8Array {
  const PAD = Buffer.from('28BF4E5E4E758A4164004E56FFFA01082E2E00B6D0683E802F0CA9FE6453697A', 'hex');
  const pad = (password: string) => Buffer.concat([Buffer.from(password, 'latin1'), PAD]).subarray(0, 32);
  const md5 = (...parts: Uint8Array[]) => parts.reduce((hash, part) => hash.update(part), createHash('md5')).digest();
  const id = Buffer.from('a4c1e0f2b3d4958677a8b9cadbecfd0e', 'hex');
  const permissions = Buffer.alloc(4);
  permissions.writeInt32LE(-44);
  const owner = rc4(md5(pad(ownerPassword)).subarray(0, 5), pad(userPassword));
  const key = md5(pad(userPassword), owner, permissions, id).subarray(0, 5);
  const user = rc4(key, PAD);
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>',
    `<< /Filter /Standard /V 1 /R 2 /O <${owner.toString('hex')}> /U <${user.toString('hex')}> /P -44 >>`,
  ];
  let pdf = '%PDF-1.4\n';
  const offsets = objects.map((object, i) => {
    const offset = pdf.length;
    pdf += `${i + 1} 0 obj\n${object}\nendobj\n`;
    return offset;
  });
  const xref = pdf.length;
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  pdf += offsets.map((offset) => `${String(offset).padStart(10, '0')} 00000 n \n`).join('');
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R /Encrypt 4 0 R /ID [<${id.toString('hex')}> <${id.toString('hex')}>] >>\n`;
  pdf += `startxref\n${xref}\n%%EOF\n`;
  return Buffer.from(pdf, 'latin1');
}

function rc4(key: Uint8Array, data: Uint8Array): Buffer {
  const state = Array.from({ length: 256 }, (_, i) => i);
  const swap = (a: number, b: number) => ([state[a], state[b]] = [state[b]!, state[a]!]);
  for (let i = 0, j = 0; i < 256; i++) {
    j = (j + state[i]! + key[i % key.length]!) & 255;
    swap(i, j);
  }
  const out = Buffer.alloc(data.length);
  for (let n = 0, i = 0, j = 0; n < data.length; n++) {
    i = (i + 1) & 255;
    j = (j + state[i]!) & 255;
    swap(i, j);
    out[n] = data[n]! ^ state[(state[i]! + state[j]!) & 255]!;
  }
  return out;
}

/**
 * Writes the project's own PDF form for "Accreditamento Utente Estero" and its field descriptor:
 *
 *   node scripts/make-form-template.ts
 *
 * Both land in resources/forms/. The output is reproducible byte for byte (fixed dates, no
 * random ids), so a test can check that the committed files are what this script writes.
 * A change to the form is a new template version, never an edit of v1: filled forms already
 * sent to applicants must keep mapping to the descriptor they were made from.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  PDFDict,
  PDFDocument,
  PDFHexString,
  PDFName,
  StandardFonts,
  rgb,
  type PDFField,
  type PDFFont,
  type PDFForm,
  type PDFPage,
  type PDFRadioGroup,
} from 'pdf-lib';
import * as prettier from 'prettier';
import {
  FORMS_DIR,
  TEMPLATE_DESCRIPTOR,
  TEMPLATE_PDF,
  TEMPLATE_VERSION,
  TemplateDescriptorSchema,
  type FieldDescriptor,
  type TemplateDescriptor,
} from '../server/demo/form-template.ts';

type Spec = Omit<FieldDescriptor, 'page'>;
type Option = [value: string, it: string, en: string, descriptionIt?: string, descriptionEn?: string];

const text = (name: string, it: string, en: string, mapsTo: string, maxLength: number, required = true): Spec => ({
  name,
  type: 'text',
  required,
  label: { it, en },
  mapsTo,
  maxLength,
});
const date = (name: string, it: string, en: string, mapsTo: string): Spec => ({
  name,
  type: 'date',
  required: true,
  label: { it, en },
  mapsTo,
  maxLength: 10,
});
const radio = (name: string, it: string, en: string, mapsTo: string, options: Option[]): Spec => ({
  name,
  type: 'radio',
  required: true,
  label: { it, en },
  mapsTo,
  options: options.map(([value, optionIt, optionEn]) => ({ value, label: { it: optionIt, en: optionEn } })),
});
const checkbox = (name: string, it: string, en: string, mapsTo: string, extra: Partial<Spec> = {}): Spec => ({
  name,
  type: 'checkbox',
  required: false,
  label: { it, en },
  mapsTo,
  ...extra,
});
const companyField = (spec: Spec): Spec => ({
  ...spec,
  required: false,
  requiredWhen: { field: 'ruolo', oneOf: ['azienda', 'soggetto_abilitato'] },
});

const SEX: Option[] = [
  ['M', 'Maschile', 'Male'],
  ['F', 'Femminile', 'Female'],
  ['X', 'Non specificato', 'Unspecified'],
];
const DOCUMENT_TYPES: Option[] = [
  ['passaporto', 'Passaporto', 'Passport'],
  ['carta_identita', 'Carta d’identità', 'Identity card'],
  ['altro', 'Altro documento', 'Other document'],
];
const ROLES: Option[] = [
  [
    'cittadino',
    'Cittadino',
    'Private citizen',
    'Chiedo l’accesso per me stesso.',
    'I am asking for access for myself.',
  ],
  [
    'azienda',
    'Azienda',
    'Company',
    'Rappresento un’azienda con sede all’estero.',
    'I represent a company established abroad.',
  ],
  [
    'soggetto_abilitato',
    'Soggetto Abilitato',
    'Authorised intermediary',
    'Opero per conto di aziende, ad esempio come consulente o studio professionale.',
    'I act on behalf of companies, for example as a consultant or professional firm.',
  ],
];
const SERVICES: [name: string, value: string, it: string, en: string, descriptionIt: string, descriptionEn: string][] =
  [
    [
      'servizio_cabotaggio',
      'CABOTAGGIO',
      'Cabotaggio',
      'Cabotage',
      'Comunicazioni per le operazioni di cabotaggio stradale in Italia.',
      'Notifications for road cabotage operations in Italy.',
    ],
    [
      'servizio_delocalizzazione_call_center',
      'DELOCALIZZAZIONE_CALL_CENTER',
      'Delocalizzazione call center',
      'Call-centre relocation',
      'Comunicazioni sullo spostamento all’estero di attività di call center.',
      'Notices of call-centre activities moved abroad.',
    ],
    [
      'servizio_distacco_transnazionale',
      'DISTACCO_TRANSNAZIONALE',
      'Distacco transnazionale',
      'Posting of workers',
      'Comunicazioni di distacco di lavoratori in Italia da un’impresa estera.',
      'Notifications of workers posted to Italy by a foreign employer.',
    ],
    [
      'servizio_riconoscimento_qualifiche',
      'RICONOSCIMENTO_QUALIFICHE',
      'Riconoscimento qualifiche professionali',
      'Recognition of professional qualifications',
      'Domande di riconoscimento di qualifiche professionali ottenute all’estero.',
      'Applications to recognise professional qualifications obtained abroad.',
    ],
  ];

const F = {
  cognome: text('cognome', 'Cognome', 'Surname', 'applicant.surname', 60),
  nome: text('nome', 'Nome', 'Given names', 'applicant.givenNames', 60),
  sesso: radio('sesso', 'Sesso', 'Sex', 'applicant.sex', SEX),
  dataNascita: date('data_nascita', 'Data di nascita', 'Date of birth', 'applicant.birthDate'),
  luogoNascita: text('luogo_nascita', 'Luogo di nascita', 'Place of birth', 'applicant.birthPlace', 60),
  statoNascita: text('stato_nascita', 'Stato di nascita', 'Country of birth', 'applicant.birthCountry', 60),
  cittadinanza: text('cittadinanza', 'Cittadinanza', 'Nationality', 'applicant.nationality', 60),
  codiceFiscaleEstero: text(
    'codice_fiscale_estero',
    'Codice fiscale estero (TIN)',
    'Foreign tax identification number',
    'applicant.foreignTaxId',
    30,
    false,
  ),
  email: text('email', 'Posta elettronica', 'E-mail', 'applicant.email', 100),
  telefono: text('telefono', 'Telefono (+prefisso)', 'Phone (+country code)', 'applicant.phone', 30),
  indirizzo: text('residenza_indirizzo', 'Indirizzo', 'Street and number', 'applicant.residence.street', 100),
  citta: text('residenza_citta', 'Città', 'City', 'applicant.residence.city', 60),
  cap: text('residenza_cap', 'CAP', 'Postcode', 'applicant.residence.postalCode', 12, false),
  statoResidenza: text('residenza_stato', 'Stato', 'Country', 'applicant.residence.country', 60),
  documentoTipo: radio('documento_tipo', 'Tipo di documento', 'Document type', 'document.type', DOCUMENT_TYPES),
  documentoNumero: text('documento_numero', 'Numero del documento', 'Document number', 'document.number', 30),
  documentoStato: text(
    'documento_stato_rilascio',
    'Stato di rilascio',
    'Issuing country',
    'document.issuingCountry',
    60,
  ),
  documentoRilascio: date('documento_data_rilascio', 'Data di rilascio', 'Date of issue', 'document.issueDate'),
  documentoScadenza: date('documento_data_scadenza', 'Data di scadenza', 'Date of expiry', 'document.expiryDate'),
  ruolo: radio('ruolo', 'Richiedo l’accesso come', 'I am asking for access as', 'role', ROLES),
  ragioneSociale: companyField(text('azienda_ragione_sociale', 'Ragione sociale', 'Company name', 'company.name', 120)),
  aziendaPaese: companyField(
    text('azienda_paese', 'Paese della sede', 'Country of establishment', 'company.country', 60),
  ),
  partitaIva: companyField(text('azienda_partita_iva', 'Partita IVA', 'VAT number', 'company.vatNumber', 30)),
  consenso: checkbox('consenso_privacy', 'Dichiarazione e consenso', 'Declaration and consent', 'consent.privacy', {
    required: true,
  }),
  luogoFirma: text('luogo_firma', 'Luogo', 'Place', 'signature.place', 60),
  dataFirma: date('data_firma', 'Data', 'Date', 'signature.date'),
} satisfies Record<string, Spec>;

const VERSION_FIELD: Spec = {
  name: 'template_version',
  type: 'text',
  required: false,
  label: { it: 'Versione del modello', en: 'Template version' },
  mapsTo: 'template.version',
  maxLength: 8,
  readOnly: true,
  hidden: true,
};

const A4: [number, number] = [595.28, 841.89];
const MARGIN = 42;
const CONTENT = A4[0] - 2 * MARGIN;
const GUTTER = 12;
const BOX_HEIGHT = 18;
const ROW_HEIGHT = 43;
/** Fixed, so the committed file is reproducible. */
const DATE = new Date('2025-01-15T00:00:00Z');

const COLOR = {
  brand: rgb(0.04, 0.24, 0.43),
  accent: rgb(0, 0.4, 0.8),
  text: rgb(0.1, 0.12, 0.15),
  muted: rgb(0.36, 0.41, 0.48),
  band: rgb(0.9, 0.94, 0.98),
  box: rgb(0.96, 0.97, 0.99),
  border: rgb(0.55, 0.63, 0.72),
  required: rgb(0.75, 0.13, 0.13),
};

interface Fonts {
  regular: PDFFont;
  bold: PDFFont;
  italic: PDFFont;
}

/** Lays the form out top to bottom, page by page, and records each field's descriptor. */
class FormWriter {
  readonly pdf: PDFDocument;
  readonly form: PDFForm;
  readonly fonts: Fonts;
  readonly fields: FieldDescriptor[] = [];
  page!: PDFPage;
  /** Distance from the top of the page. */
  y = 0;

  constructor(pdf: PDFDocument, fonts: Fonts) {
    this.pdf = pdf;
    this.form = pdf.getForm();
    this.fonts = fonts;
  }

  newPage(): void {
    this.page = this.pdf.addPage(A4);
    this.page.drawRectangle({ x: 0, y: A4[1] - 6, width: A4[0], height: 6, color: COLOR.brand });
    this.y = 34;
  }

  write(value: string, x: number, y: number, size: number, font: PDFFont, color = COLOR.text): number {
    this.page.drawText(value, { x, y: A4[1] - y, size, font, color });
    return font.widthOfTextAtSize(value, size);
  }

  /** Words wrapped to `width`; returns the height used. */
  paragraph(value: string, x: number, width: number, size: number, font: PDFFont, color = COLOR.text): number {
    const lines: string[] = [];
    for (const word of value.split(' ')) {
      const last = lines[lines.length - 1];
      if (last !== undefined && font.widthOfTextAtSize(`${last} ${word}`, size) <= width) {
        lines[lines.length - 1] = `${last} ${word}`;
      } else lines.push(word);
    }
    const leading = size * 1.3;
    lines.forEach((line, i) => this.write(line, x, this.y + size + i * leading, size, font, color));
    return lines.length * leading;
  }

  header(first: boolean): void {
    const { regular, bold, italic } = this.fonts;
    if (!first) {
      this.write('Accreditamento Utente Estero', MARGIN, this.y + 12, 12, bold, COLOR.brand);
      this.write('Foreign User Accreditation · segue / continued', MARGIN + 178, this.y + 12, 9, italic, COLOR.muted);
      this.rule(this.y + 20);
      this.y += 30;
      return;
    }
    this.write('MODULO DI RICHIESTA · REQUEST FORM', MARGIN, this.y + 8, 7.5, bold, COLOR.muted);
    this.write('Accreditamento Utente Estero', MARGIN, this.y + 30, 20, bold, COLOR.brand);
    this.write('Foreign User Accreditation', MARGIN, this.y + 45, 11, italic, COLOR.brand);
    this.y += 52;
    this.y += this.paragraph(
      'Richiesta di credenziali per il portale Servizi Lavoro da parte di chi non ha un codice fiscale italiano.',
      MARGIN,
      330,
      8.5,
      regular,
    );
    this.y += this.paragraph(
      'Request for Servizi Lavoro portal credentials for people without an Italian tax code.',
      MARGIN,
      330,
      8.5,
      italic,
      COLOR.muted,
    );

    const boxX = A4[0] - MARGIN - 150;
    this.page.drawRectangle({
      x: boxX,
      y: A4[1] - 104,
      width: 150,
      height: 66,
      borderColor: COLOR.border,
      borderWidth: 0.75,
    });
    this.write('Modello ACC-UE', boxX + 10, 54, 10, bold, COLOR.brand);
    this.write(`Versione / Version ${TEMPLATE_VERSION}`, boxX + 10, 66, 8, regular);
    this.write('Riservato all’ufficio · Office use', boxX + 10, 82, 6.5, italic, COLOR.muted);
    this.write('Pratica n.', boxX + 10, 96, 8, regular);
    this.page.drawLine({
      start: { x: boxX + 52, y: A4[1] - 97 },
      end: { x: boxX + 140, y: A4[1] - 97 },
      thickness: 0.5,
      color: COLOR.border,
    });

    this.y += 10;
    this.page.drawRectangle({ x: MARGIN, y: A4[1] - this.y - 30, width: CONTENT, height: 30, color: COLOR.band });
    this.write(
      'Compilare in stampatello · I campi con * sono obbligatori · Date nel formato gg/mm/aaaa',
      MARGIN + 8,
      this.y + 12,
      8,
      regular,
    );
    this.write(
      'Please use block capitals · Fields marked * are required · Dates as dd/mm/yyyy',
      MARGIN + 8,
      this.y + 23,
      8,
      italic,
      COLOR.muted,
    );
    this.y += 42;
  }

  rule(y: number): void {
    this.page.drawLine({
      start: { x: MARGIN, y: A4[1] - y },
      end: { x: A4[0] - MARGIN, y: A4[1] - y },
      thickness: 0.75,
      color: COLOR.brand,
    });
  }

  section(number: string, it: string, en: string): void {
    const { bold, italic } = this.fonts;
    this.page.drawRectangle({ x: MARGIN, y: A4[1] - this.y - 18, width: CONTENT, height: 18, color: COLOR.band });
    this.page.drawRectangle({ x: MARGIN, y: A4[1] - this.y - 18, width: 18, height: 18, color: COLOR.brand });
    this.write(number, MARGIN + 9 - bold.widthOfTextAtSize(number, 10) / 2, this.y + 13, 10, bold, rgb(1, 1, 1));
    const width = this.write(it, MARGIN + 26, this.y + 13, 10, bold, COLOR.brand);
    this.write(` · ${en}`, MARGIN + 26 + width, this.y + 13, 9, italic, COLOR.brand);
    this.y += 26;
  }

  /** Italian label, English label, a red asterisk when required. */
  label(spec: Spec, x: number, y: number): void {
    const { bold, italic } = this.fonts;
    let offset = this.write(spec.label.it, x, y, 8, bold);
    offset += this.write(` / ${spec.label.en}`, x + offset, y, 7.5, italic, COLOR.muted);
    if (spec.required) this.write(' *', x + offset, y, 8, bold, COLOR.required);
  }

  /** Fields side by side, sharing the width by weight. */
  row(...cells: [Spec, number][]): void {
    const total = cells.reduce((sum, [, weight]) => sum + weight, 0);
    const available = CONTENT - GUTTER * (cells.length - 1);
    let x = MARGIN;
    for (const [spec, weight] of cells) {
      const width = (available * weight) / total;
      this.label(spec, x, this.y + 9);
      if (spec.type === 'date') {
        const hint = 'gg/mm/aaaa';
        const size = 6.5;
        this.write(
          hint,
          x + width - this.fonts.italic.widthOfTextAtSize(hint, size),
          this.y + 9,
          size,
          this.fonts.italic,
        );
      }
      if (spec.type === 'radio') this.inlineRadio(spec, x, this.y + 14);
      else this.textBox(spec, x, this.y + 13, width);
      x += width + GUTTER;
    }
    this.y += ROW_HEIGHT;
  }

  textBox(spec: Spec, x: number, top: number, width: number): void {
    const field = this.form.createTextField(spec.name);
    if (spec.maxLength) field.setMaxLength(spec.maxLength);
    field.addToPage(this.page, {
      x,
      y: A4[1] - top - BOX_HEIGHT,
      width,
      height: BOX_HEIGHT,
      font: this.fonts.regular,
      textColor: COLOR.text,
      backgroundColor: COLOR.box,
      borderColor: COLOR.border,
      borderWidth: 0.75,
    });
    field.setFontSize(10);
    this.register(spec, field);
  }

  inlineRadio(spec: Spec, x: number, top: number): void {
    const group = this.form.createRadioGroup(spec.name);
    let offset = x + 2;
    for (const option of spec.options ?? []) {
      group.addOptionToPage(option.value, this.page, this.buttonAt(offset, top + 4, 11));
      offset += 15;
      offset += this.write(option.label.it, offset, top + 12.5, 8.5, this.fonts.regular);
      offset += this.write(` / ${option.label.en}`, offset, top + 12.5, 7.5, this.fonts.italic, COLOR.muted) + 12;
    }
    nameRadioStates(group);
    this.register(spec, group);
  }

  /** A radio group or checkboxes as a list, each choice explained on two lines. */
  choices(spec: Spec, options: Option[]): void {
    this.label(spec, MARGIN, this.y + 9);
    this.y += 16;
    const group = this.form.createRadioGroup(spec.name);
    for (const [value, it, en, descriptionIt = '', descriptionEn = ''] of options) {
      group.addOptionToPage(value, this.page, this.buttonAt(MARGIN + 2, this.y + 1, 11));
      this.choiceText(it, en, descriptionIt, descriptionEn);
    }
    nameRadioStates(group);
    this.register(spec, group);
  }

  checkbox(spec: Spec, descriptionIt: string, descriptionEn: string): void {
    const box = this.form.createCheckBox(spec.name);
    box.addToPage(this.page, this.buttonAt(MARGIN + 2, this.y + 1, 11));
    this.choiceText(spec.label.it, spec.label.en, descriptionIt, descriptionEn);
    this.register(spec, box);
  }

  choiceText(it: string, en: string, descriptionIt: string, descriptionEn: string): void {
    const x = MARGIN + 22;
    const width = this.write(it, x, this.y + 9, 9, this.fonts.bold);
    this.write(` / ${en}`, x + width, this.y + 9, 8.5, this.fonts.italic, COLOR.muted);
    this.write(descriptionIt, x, this.y + 20, 8, this.fonts.regular);
    this.write(descriptionEn, x, this.y + 30, 8, this.fonts.italic, COLOR.muted);
    this.y += 38;
  }

  buttonAt(x: number, top: number, size: number) {
    return {
      x,
      y: A4[1] - top - size,
      width: size,
      height: size,
      textColor: COLOR.brand,
      backgroundColor: COLOR.box,
      borderColor: COLOR.border,
      borderWidth: 0.75,
    };
  }

  note(it: string, en: string): void {
    this.y += this.paragraph(it, MARGIN, CONTENT, 8, this.fonts.regular);
    this.y += this.paragraph(en, MARGIN, CONTENT, 8, this.fonts.italic, COLOR.muted) + 6;
  }

  consent(spec: Spec, it: string, en: string): void {
    this.label(spec, MARGIN, this.y + 9);
    this.y += 15;
    const box = this.form.createCheckBox(spec.name);
    box.addToPage(this.page, this.buttonAt(MARGIN + 2, this.y + 1, 11));
    const x = MARGIN + 22;
    this.y += this.paragraph(it, x, CONTENT - 22, 8, this.fonts.regular);
    this.y += this.paragraph(en, x, CONTENT - 22, 8, this.fonts.italic, COLOR.muted) + 10;
    this.register(spec, box);
  }

  signatureBox(): void {
    const [width, height] = [230, 58];
    const x = A4[0] - MARGIN - width;
    this.page.drawRectangle({
      x,
      y: A4[1] - this.y - height,
      width,
      height,
      borderColor: COLOR.border,
      borderWidth: 0.75,
    });
    const offset = this.write('Firma del richiedente', x + 8, this.y + 12, 8, this.fonts.bold);
    this.write(' / Applicant’s signature', x + 8 + offset, this.y + 12, 7.5, this.fonts.italic, COLOR.muted);
    this.write(
      'Firma autografa o digitale · Handwritten or digital',
      x + 8,
      this.y + height - 6,
      6.5,
      this.fonts.italic,
      COLOR.muted,
    );
    this.y += height + 14;
  }

  /** The version as a hidden, read-only field, so a filled form says which descriptor maps it. */
  versionField(): void {
    const field = this.form.createTextField(VERSION_FIELD.name);
    field.setText(TEMPLATE_VERSION);
    field.addToPage(this.pdf.getPage(0), {
      x: A4[0] - MARGIN - 40,
      y: 8,
      width: 40,
      height: 10,
      borderWidth: 0,
      hidden: true,
    });
    field.enableReadOnly();
    this.register(VERSION_FIELD, field, 1);
  }

  footers(): void {
    const pages = this.pdf.getPages();
    pages.forEach((page, i) => {
      this.page = page;
      const bottom = A4[1] - 30;
      this.rule(bottom - 12);
      this.write(
        'Accredita · Modello ACC-UE v1.0 — modello del progetto Accredita, non è un modulo ministeriale',
        MARGIN,
        bottom,
        6.5,
        this.fonts.regular,
        COLOR.muted,
      );
      this.write(
        'Accredita project template — not an official Ministry form',
        MARGIN,
        bottom + 8,
        6.5,
        this.fonts.italic,
        COLOR.muted,
      );
      const pageLabel = `Pagina ${i + 1} di ${pages.length} · Page ${i + 1} of ${pages.length}`;
      this.write(
        pageLabel,
        A4[0] - MARGIN - this.fonts.regular.widthOfTextAtSize(pageLabel, 7),
        bottom + 4,
        7,
        this.fonts.regular,
        COLOR.muted,
      );
    });
  }

  private register(spec: Spec, field: PDFField, page = this.pdf.getPageCount()): void {
    // The tooltip is what screen readers announce for the field.
    field.acroField.dict.set(PDFName.of('TU'), PDFHexString.fromText(`${spec.label.it} / ${spec.label.en}`));
    if (spec.required) field.enableRequired();
    this.fields.push({ ...spec, page });
  }
}

/**
 * pdf-lib names the buttons' "on" states 0, 1, 2… and keeps the real values in /Opt, which
 * readers such as pdf.js do not apply, so a filled form would read `ruolo = "1"`. Naming each
 * state after its value makes the field's value the value itself.
 */
function nameRadioStates(group: PDFRadioGroup): void {
  const values = group.getOptions();
  for (const widget of group.acroField.getWidgets()) {
    const index = widget.getOnValue()?.decodeText();
    const value = values[Number(index)];
    if (index === undefined || value === undefined) throw new Error(`radio ${group.getName()}: no option ${index}`);
    const appearances = widget.dict.lookup(PDFName.of('AP'), PDFDict);
    for (const state of ['N', 'D']) {
      const states = appearances.lookup(PDFName.of(state), PDFDict);
      const stream = states.get(PDFName.of(index));
      if (!stream) continue;
      states.set(PDFName.of(value), stream);
      states.delete(PDFName.of(index));
    }
  }
  group.acroField.dict.delete(PDFName.of('Opt'));
}

export async function buildFormTemplate(): Promise<{ pdf: Uint8Array; descriptor: TemplateDescriptor }> {
  const pdf = await PDFDocument.create({ updateMetadata: false });
  pdf.setTitle('Accreditamento Utente Estero — modulo di richiesta');
  pdf.setAuthor('Accredita');
  pdf.setSubject(`Accreditamento Utente Estero / Foreign User Accreditation — template_version ${TEMPLATE_VERSION}`);
  // pdf-lib joins keywords with spaces; semicolons keep the multi-word ones apart.
  pdf.setKeywords([`Accredita; Accreditamento Utente Estero; ACC-UE; template_version=${TEMPLATE_VERSION}`]);
  pdf.setCreator('Accredita scripts/make-form-template.ts');
  pdf.setProducer('pdf-lib');
  pdf.setLanguage('it-IT');
  pdf.setCreationDate(DATE);
  pdf.setModificationDate(DATE);
  const writer = new FormWriter(pdf, {
    regular: await pdf.embedFont(StandardFonts.Helvetica),
    bold: await pdf.embedFont(StandardFonts.HelveticaBold),
    italic: await pdf.embedFont(StandardFonts.HelveticaOblique),
  });

  writer.newPage();
  writer.header(true);
  writer.section('1', 'Dati anagrafici', 'Personal details');
  writer.row([F.cognome, 1], [F.nome, 1]);
  writer.row([F.dataNascita, 1], [F.sesso, 1.6]);
  writer.row([F.luogoNascita, 1], [F.statoNascita, 1]);
  writer.row([F.cittadinanza, 1], [F.codiceFiscaleEstero, 1]);
  writer.section('2', 'Contatti', 'Contact details');
  writer.row([F.email, 1], [F.telefono, 1]);
  writer.section('3', 'Residenza', 'Residence address');
  writer.row([F.indirizzo, 1]);
  writer.row([F.citta, 1.2], [F.cap, 0.5], [F.statoResidenza, 1.2]);
  writer.section('4', 'Documento d’identità', 'Identity document');
  writer.row([F.documentoTipo, 1]);
  writer.row([F.documentoNumero, 1], [F.documentoStato, 1]);
  writer.row([F.documentoRilascio, 1], [F.documentoScadenza, 1]);

  writer.newPage();
  writer.header(false);
  writer.section('5', 'Ruolo', 'Role');
  writer.choices(F.ruolo, ROLES);
  writer.note(
    'Azienda o Soggetto Abilitato: indicare l’azienda rappresentata.',
    'Company or authorised intermediary: give the company you represent.',
  );
  writer.row([F.ragioneSociale, 1]);
  writer.row([F.aziendaPaese, 1], [F.partitaIva, 1]);
  writer.section('6', 'Servizi richiesti', 'Requested services');
  writer.note('Selezionare almeno un servizio.', 'Select at least one service.');
  for (const [name, value, it, en, descriptionIt, descriptionEn] of SERVICES) {
    writer.checkbox(checkbox(name, it, en, 'services', { value }), descriptionIt, descriptionEn);
  }
  writer.section('7', 'Dichiarazione e firma', 'Declaration and signature');
  writer.consent(
    F.consenso,
    'Dichiaro che le informazioni fornite sono veritiere e acconsento al trattamento dei miei dati personali ' +
      'per la gestione di questa richiesta, secondo l’informativa ai sensi dell’art. 13 del Regolamento (UE) 2016/679.',
    'I declare that the information given is true and I consent to the processing of my personal data to handle ' +
      'this request, as described in the notice under Article 13 of Regulation (EU) 2016/679.',
  );
  writer.row([F.luogoFirma, 1.3], [F.dataFirma, 0.7]);
  writer.signatureBox();
  writer.note(
    'Allegare una copia del documento d’identità indicato alla sezione 4, firmata dal richiedente.',
    'Attach a copy of the identity document given in section 4, signed by the applicant.',
  );
  writer.versionField();
  writer.footers();

  const descriptor = TemplateDescriptorSchema.parse({
    template: 'accreditamento-utente-estero',
    version: TEMPLATE_VERSION,
    file: TEMPLATE_PDF,
    dateFormat: 'DD/MM/YYYY',
    fields: writer.fields,
    groups: [{ name: 'servizi_richiesti', fields: SERVICES.map(([name]) => name), minChecked: 1 }],
  } satisfies TemplateDescriptor);
  // Drawn with the page's Helvetica; left to save(), pdf-lib would embed a second copy for them.
  writer.form.updateFieldAppearances(writer.fonts.regular);
  return { pdf: await pdf.save({ updateFieldAppearances: false }), descriptor };
}

if (import.meta.main) {
  const { pdf, descriptor } = await buildFormTemplate();
  const pdfFile = fileURLToPath(new URL(TEMPLATE_PDF, FORMS_DIR));
  const jsonFile = fileURLToPath(new URL(TEMPLATE_DESCRIPTOR, FORMS_DIR));
  writeFileSync(pdfFile, pdf);
  const options = await prettier.resolveConfig(jsonFile);
  writeFileSync(jsonFile, await prettier.format(JSON.stringify(descriptor), { ...options, filepath: jsonFile }));
  process.stdout.write(`Wrote ${pdfFile} and ${jsonFile} (${descriptor.fields.length} fields)\n`);
}

/**
 * Fills the "Accreditamento Utente Estero" form as an applicant would, or, with `flatten`, as
 * one who printed it, filled it by hand and scanned it: the values stay on the page, the fields
 * are gone. Values are keyed by the AcroForm field names of resources/forms/template-v1.json.
 */
import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, PDFName } from 'pdf-lib';
import { parseIsoDate, toDdMmYyyy } from './dates.ts';
import { titilliumFontBytes } from './font-files.ts';
import { loadFormTemplate, type FieldDescriptor } from './form-template.ts';

/** Text as written; dates as YYYY-MM-DD (the form shows DD/MM/YYYY); checkboxes as booleans; radios as an option value. */
export type FormValues = Readonly<Record<string, string | boolean>>;

export interface FillOptions {
  flatten?: boolean;
}

export async function fillForm(values: FormValues, options: FillOptions = {}): Promise<Uint8Array> {
  const { pdf: template, descriptor } = loadFormTemplate();
  const fields = new Map(descriptor.fields.map((field) => [field.name, field]));
  const pdf = await PDFDocument.load(template, { updateMetadata: false });
  const form = pdf.getForm();
  // The template's Helvetica draws only Windows-1252, so the Polish, Czech, Romanian or Turkish
  // names applicants write are drawn in Titillium Web, embedded as the subset they use. A fixed
  // subset tag replaces pdf-lib's random name suffix, which would make every fill a different file.
  pdf.registerFontkit(fontkit);
  const font = await pdf.embedFont(titilliumFontBytes(400), {
    subset: true,
    customName: 'ACCRED+TitilliumWeb-Regular',
  });
  const printable = new Set(font.getCharacterSet());

  for (const [name, value] of Object.entries(values)) {
    const field = fields.get(name);
    if (!field) throw new Error(`form field ${name}: not in template v${descriptor.version}`);
    if (field.readOnly) throw new Error(`form field ${name}: read-only`);
    if (field.type === 'checkbox') {
      const checkBox = form.getCheckBox(name);
      if (typed(field, value, 'boolean')) checkBox.check();
      else checkBox.uncheck();
    } else if (field.type === 'radio') {
      const choice = typed(field, value, 'string');
      const allowed = (field.options ?? []).map((option) => option.value);
      if (!allowed.includes(choice)) throw new Error(`form field ${name}: one of ${allowed.join(', ')}, got ${choice}`);
      form.getRadioGroup(name).select(choice);
    } else {
      const written =
        field.type === 'date'
          ? toDdMmYyyy(parseIsoDate(typed(field, value, 'string'), `form field ${name}`))
          : checkText(field, typed(field, value, 'string'), printable);
      form.getTextField(name).setText(written);
    }
  }

  form.updateFieldAppearances(font);
  if (options.flatten) {
    // Flattening paints every widget, hidden ones included: drop those first.
    for (const field of descriptor.fields) if (field.hidden) form.removeField(form.getField(field.name));
    form.flatten({ updateFieldAppearances: false });
    // pdf-lib 1.17 leaves the removed widgets listed in each page's /Annots, which readers report
    // as a broken cross-reference table; the form's only annotations are its widgets.
    for (const page of pdf.getPages()) page.node.delete(PDFName.of('Annots'));
  }
  // Appearances are already drawn; pdf-lib would otherwise embed its Helvetica once more to check.
  return pdf.save({ updateFieldAppearances: false });
}

function typed(field: FieldDescriptor, value: unknown, type: 'string'): string;
function typed(field: FieldDescriptor, value: unknown, type: 'boolean'): boolean;
function typed(field: FieldDescriptor, value: unknown, type: 'string' | 'boolean'): string | boolean {
  if (typeof value !== type)
    throw new Error(`form field ${field.name} (${field.type}): a ${type}, got ${typeof value}`);
  return value as string | boolean;
}

function checkText(field: FieldDescriptor, value: string, printable: ReadonlySet<number>): string {
  if (field.maxLength !== undefined && value.length > field.maxLength) {
    throw new Error(`form field ${field.name}: at most ${field.maxLength} characters, got ${value.length}`);
  }
  for (const char of value) {
    if (!printable.has(char.codePointAt(0) ?? 0)) {
      throw new Error(`form field ${field.name}: ${JSON.stringify(char)} is not in the form's font (Titillium Web)`);
    }
  }
  return value;
}

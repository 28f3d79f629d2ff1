/**
 * The "Accreditamento Utente Estero" PDF form and its descriptor, as versioned in
 * resources/forms/ (written by scripts/make-form-template.ts). The descriptor names every
 * AcroForm field with its type, whether it is required, its Italian and English label and the
 * key it maps to, so code reading a filled form needs no knowledge of the PDF's layout.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';

export const FORMS_DIR = new URL('../../resources/forms/', import.meta.url);
export const TEMPLATE_VERSION = '1.0';
export const TEMPLATE_PDF = 'accreditamento-utente-estero-v1.pdf';
export const TEMPLATE_DESCRIPTOR = 'template-v1.json';

const Label = z.strictObject({ it: z.string().min(1), en: z.string().min(1) });

const FieldSchema = z.strictObject({
  name: z.string().regex(/^[a-z][a-z0-9_]*$/, 'ASCII snake_case'),
  type: z.enum(['text', 'date', 'checkbox', 'radio']),
  required: z.boolean(),
  label: Label,
  /** Dotted key of the applicant record the value belongs to. */
  mapsTo: z.string().min(1),
  page: z.int().min(1),
  maxLength: z.int().positive().optional(),
  /** Radio buttons: the export value of each button. */
  options: z.array(z.strictObject({ value: z.string().min(1), label: Label })).optional(),
  /** Checkboxes that add a value to a list (the requested services): the value added when checked. */
  value: z.string().optional(),
  /** Required only when another field has one of these values. */
  requiredWhen: z.strictObject({ field: z.string(), oneOf: z.array(z.string()).min(1) }).optional(),
  readOnly: z.boolean().optional(),
  hidden: z.boolean().optional(),
});

export const TemplateDescriptorSchema = z.strictObject({
  template: z.string(),
  version: z.string(),
  file: z.string(),
  /** How date fields are written. */
  dateFormat: z.literal('DD/MM/YYYY'),
  fields: z.array(FieldSchema).min(1),
  /** Groups of checkboxes of which at least `minChecked` must be ticked. */
  groups: z.array(z.strictObject({ name: z.string(), fields: z.array(z.string()).min(1), minChecked: z.int() })),
});

export type FieldDescriptor = z.output<typeof FieldSchema>;
export type TemplateDescriptor = z.output<typeof TemplateDescriptorSchema>;

export interface FormTemplate {
  pdf: Uint8Array;
  descriptor: TemplateDescriptor;
}

let template: FormTemplate | undefined;

export function loadFormTemplate(): FormTemplate {
  template ??= {
    pdf: readFileSync(new URL(TEMPLATE_PDF, FORMS_DIR)),
    descriptor: TemplateDescriptorSchema.parse(
      JSON.parse(readFileSync(new URL(TEMPLATE_DESCRIPTOR, FORMS_DIR), 'utf8')) as unknown,
    ),
  };
  return template;
}

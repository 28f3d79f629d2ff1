import { z } from 'zod';
import { CheckProblemSchema, LocalizedTextSchema } from './text.ts';

/*
 * The "Accreditamento Utente Estero" PDF form: the descriptor of each template version
 * (resources/forms/template-v*.json) and what reading a filled copy gives back.
 */

const NonEmptyLabelSchema = z.strictObject({ it: z.string().min(1), en: z.string().min(1) });

export const FORM_FIELD_TYPES = ['text', 'date', 'checkbox', 'radio'] as const;
export const FormFieldTypeSchema = z.enum(FORM_FIELD_TYPES);

export const FormFieldDescriptorSchema = z.strictObject({
  /** The AcroForm field name. */
  name: z.string().regex(/^[a-z][a-z0-9_]*$/, 'ASCII snake_case'),
  type: FormFieldTypeSchema,
  required: z.boolean(),
  label: NonEmptyLabelSchema,
  /** Dotted key of the applicant record the value belongs to. */
  mapsTo: z.string().min(1),
  page: z.int().min(1),
  maxLength: z.int().positive().optional(),
  /** Radio buttons: the export value of each button. */
  options: z.array(z.strictObject({ value: z.string().min(1), label: NonEmptyLabelSchema })).optional(),
  /** Checkboxes that add a value to a list (the requested services): the value added when checked. */
  value: z.string().optional(),
  /** Required only when another field has one of these values. */
  requiredWhen: z.strictObject({ field: z.string(), oneOf: z.array(z.string()).min(1) }).optional(),
  readOnly: z.boolean().optional(),
  hidden: z.boolean().optional(),
});
export type FormFieldDescriptor = z.output<typeof FormFieldDescriptorSchema>;

export const FormTemplateDescriptorSchema = z.strictObject({
  template: z.string().min(1),
  version: z.string().min(1),
  file: z.string(),
  /** How date fields are written. */
  dateFormat: z.literal('DD/MM/YYYY'),
  fields: z.array(FormFieldDescriptorSchema).min(1),
  /** Groups of checkboxes of which at least `minChecked` must be ticked. */
  groups: z.array(z.strictObject({ name: z.string(), fields: z.array(z.string()).min(1), minChecked: z.int() })),
});
export type FormTemplateDescriptor = z.output<typeof FormTemplateDescriptorSchema>;

/**
 * READ: the fields were read and mapped to a known template.
 * UNKNOWN_TEMPLATE: fields were read, but no template describes them; they are shown as found.
 * NO_FIELDS: the PDF has no form fields (printed and filled by hand, or flattened): read it by eye.
 * SCANNED: as NO_FIELDS, and every page is an image with no text.
 * UNREADABLE: the file could not be opened (see the problems).
 */
export const PDF_FORM_STATUSES = ['READ', 'UNKNOWN_TEMPLATE', 'NO_FIELDS', 'SCANNED', 'UNREADABLE'] as const;
export const PdfFormStatusSchema = z.enum(PDF_FORM_STATUSES);
export type PdfFormStatus = z.output<typeof PdfFormStatusSchema>;

/** What is wrong with what the applicant wrote; stable codes for tests, logs and UI keys. */
export const FORM_FINDING_CODES = [
  'FORM_REQUIRED_MISSING',
  'FORM_SIGNATURE_DATE_MISSING',
  'FORM_SIGNATURE_PLACE_MISSING',
  'FORM_NO_SERVICE',
  'FORM_INVALID_DATE',
  'FORM_DATE_IN_FUTURE',
  'FORM_DATE_ORDER',
  'FORM_INVALID_OPTION',
  'FORM_UNKNOWN_FIELD',
  'FORM_FIELD_ABSENT',
] as const;
export const FormFindingCodeSchema = z.enum(FORM_FINDING_CODES);
export type FormFindingCode = z.output<typeof FormFindingCodeSchema>;

/** `error`: the form must be corrected by the applicant. `warning`: the operator should look. */
export const FormFindingSchema = z.strictObject({
  code: FormFindingCodeSchema,
  severity: z.enum(['error', 'warning']),
  /** The field (or checkbox group) concerned. */
  field: z.string(),
  /** The value as written, when it is the problem. */
  value: z.string().optional(),
  message: LocalizedTextSchema,
});
export type FormFinding = z.output<typeof FormFindingSchema>;

export const FormTemplateRefSchema = z.strictObject({
  id: z.string(),
  version: z.string(),
  /**
   * versionField: the hidden read-only field the template carries; metadata: the document's
   * keywords; fieldNames: no marker, the set of field names matched (the form may have been edited).
   */
  detectedBy: z.enum(['versionField', 'metadata', 'fieldNames']),
});
export type FormTemplateRef = z.output<typeof FormTemplateRefSchema>;

/** A template field as read from the PDF. */
export const PdfFormFieldSchema = z.strictObject({
  name: z.string(),
  type: FormFieldTypeSchema,
  label: LocalizedTextSchema,
  mapsTo: z.string(),
  page: z.int(),
  /** After `requiredWhen`. */
  required: z.boolean(),
  /** False when the PDF lacks the field altogether. */
  present: z.boolean(),
  /** As stored in the PDF; null when absent. */
  raw: z.string().nullable(),
  /** Trimmed text, ISO date, option value or boolean; null when empty or invalid. */
  value: z.union([z.string(), z.boolean()]).nullable(),
});
export type PdfFormField = z.output<typeof PdfFormFieldSchema>;

/** A field of a PDF no template describes: name, pdf.js widget type, value as stored. */
export const RawPdfFieldSchema = z.strictObject({
  name: z.string(),
  kind: z.string(),
  value: z.string().nullable(),
});
export type RawPdfField = z.output<typeof RawPdfFieldSchema>;

const Problems = z.array(CheckProblemSchema);

export const PdfFormResultSchema = z.discriminatedUnion('status', [
  z.strictObject({
    status: z.literal('READ'),
    pages: z.int(),
    template: FormTemplateRefSchema,
    fields: z.array(PdfFormFieldSchema),
    /** Keyed on each field's `mapsTo`; the service checkboxes are in `services` instead. */
    values: z.record(z.string(), z.union([z.string(), z.boolean()]).nullable()),
    /** Values of the ticked service checkboxes, e.g. `DISTACCO_TRANSNAZIONALE`. */
    services: z.array(z.string()),
    findings: z.array(FormFindingSchema),
    /** Warnings about the file itself (e.g. PDF_HAS_JAVASCRIPT); the values were read all the same. */
    problems: Problems,
  }),
  z.strictObject({
    status: z.literal('UNKNOWN_TEMPLATE'),
    pages: z.int(),
    fields: z.array(RawPdfFieldSchema),
    problems: Problems.min(1),
  }),
  z.strictObject({
    status: z.enum(['NO_FIELDS', 'SCANNED']),
    pages: z.int(),
    /** From the document's metadata, when it survived flattening. */
    template: FormTemplateRefSchema.nullable(),
    problems: Problems.min(1),
  }),
  z.strictObject({ status: z.literal('UNREADABLE'), problems: Problems.min(1) }),
]);
export type PdfFormResult = z.output<typeof PdfFormResultSchema>;

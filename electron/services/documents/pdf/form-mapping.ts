/**
 * Maps the raw values of a filled form onto its template: typed values (ISO dates, radio choices,
 * checkbox booleans), the requested services, and findings for what is missing or wrong.
 */
import type {
  FormFieldDescriptor,
  FormFinding,
  FormTemplateDescriptor,
  PdfFormField,
  RawPdfField,
} from '../../../../common/checks/pdf-form.ts';
import { addDays, parseFormDate } from './form-dates.ts';
import { formFinding } from './form-findings.ts';

export interface MappedForm {
  fields: PdfFormField[];
  values: Record<string, string | boolean | null>;
  services: string[];
  findings: FormFinding[];
}

/** Dates that cannot lie in the future, by `mapsTo`. */
const PAST_DATES = new Set(['applicant.birthDate', 'document.issueDate', 'signature.date']);
/** Pairs of dates (by `mapsTo`) where the first must come strictly before the second. */
const DATE_ORDER: readonly [earlier: string, later: string][] = [
  ['applicant.birthDate', 'document.issueDate'],
  ['document.issueDate', 'document.expiryDate'],
  ['applicant.birthDate', 'signature.date'],
];
/**
 * An applicant east of Italy may date the form a day ahead of Italian time, so "in the future"
 * starts the day after tomorrow.
 */
const FUTURE_TOLERANCE_DAYS = 1;
/** The state pdf.js reports for an unticked box or an unselected radio group. */
const OFF = 'off';

interface Typed {
  value: string | boolean | null;
  /** A finding about the value itself; such a value is not reported again as missing. */
  invalid?: FormFinding;
}

export function mapFormFields(
  raw: readonly RawPdfField[],
  template: FormTemplateDescriptor,
  today: string,
): MappedForm {
  const rawByName = new Map(raw.map((field) => [field.name, field]));
  const typed = new Map(
    template.fields.map((field) => [field.name, typedValue(field, rawByName.get(field.name)?.value ?? null)]),
  );
  const valueOf = (name: string) => typed.get(name)?.value ?? null;
  const findings: FormFinding[] = [];
  const fields: PdfFormField[] = [];

  for (const field of template.fields) {
    const present = rawByName.has(field.name);
    const { value, invalid } = typed.get(field.name) ?? { value: null };
    const condition = field.requiredWhen;
    const required =
      field.required || (condition !== undefined && condition.oneOf.includes(String(valueOf(condition.field))));
    if (!present) findings.push(formFinding.fieldAbsent(field));
    if (invalid) findings.push(invalid);
    else if (required && (value === null || value === false)) findings.push(missing(field));
    fields.push({
      name: field.name,
      type: field.type,
      label: field.label,
      mapsTo: field.mapsTo,
      page: field.page,
      required,
      present,
      raw: rawByName.get(field.name)?.value ?? null,
      value,
    });
  }

  findings.push(...dateFindings(template, valueOf, today));
  for (const group of template.groups) {
    const members = group.fields.flatMap((name) => template.fields.filter((field) => field.name === name));
    if (members.filter((field) => valueOf(field.name) === true).length < group.minChecked) {
      findings.push(
        formFinding.noService(
          group.name,
          members.map((field) => field.label),
        ),
      );
    }
  }
  const known = new Set(template.fields.map((field) => field.name));
  for (const field of raw) if (!known.has(field.name)) findings.push(formFinding.unknownField(field.name, field.value));

  const services = template.fields
    .filter((field) => field.value !== undefined && valueOf(field.name) === true)
    .map((field) => field.value as string);
  const values = Object.fromEntries(
    template.fields.filter((field) => field.value === undefined).map((field) => [field.mapsTo, valueOf(field.name)]),
  );
  return { fields, values, services, findings };
}

function typedValue(field: FormFieldDescriptor, written: string | null): Typed {
  const text = written?.normalize('NFC').trim() ?? '';
  switch (field.type) {
    case 'text':
      return { value: text || null };
    case 'checkbox':
      return { value: written === null ? null : text !== '' && text.toLowerCase() !== OFF };
    case 'radio': {
      if (text === '' || text.toLowerCase() === OFF) return { value: null };
      const allowed = (field.options ?? []).map((option) => option.value);
      if (allowed.includes(text)) return { value: text };
      return { value: null, invalid: formFinding.invalidOption(field, text, allowed) };
    }
    case 'date': {
      if (text === '') return { value: null };
      const iso = parseFormDate(text);
      return iso ? { value: iso } : { value: null, invalid: formFinding.invalidDate(field, text) };
    }
  }
}

function missing(field: FormFieldDescriptor): FormFinding {
  if (field.mapsTo === 'signature.date') return formFinding.signatureDateMissing(field);
  if (field.mapsTo === 'signature.place') return formFinding.signaturePlaceMissing(field);
  return formFinding.requiredMissing(field);
}

function dateFindings(
  template: FormTemplateDescriptor,
  valueOf: (name: string) => string | boolean | null,
  today: string,
): FormFinding[] {
  const latest = addDays(today, FUTURE_TOLERANCE_DAYS);
  const dates = new Map<string, { field: FormFieldDescriptor; date: string }>();
  for (const field of template.fields) {
    const value = valueOf(field.name);
    if (field.type === 'date' && typeof value === 'string') dates.set(field.mapsTo, { field, date: value });
  }
  const findings: FormFinding[] = [];
  for (const [mapsTo, { field, date }] of dates) {
    if (PAST_DATES.has(mapsTo) && date > latest) findings.push(formFinding.dateInFuture(field, date));
  }
  for (const [earlierKey, laterKey] of DATE_ORDER) {
    const earlier = dates.get(earlierKey);
    const later = dates.get(laterKey);
    if (earlier && later && later.date <= earlier.date) {
      findings.push(formFinding.dateOrder(earlier.field, later.field, earlier.date, later.date));
    }
  }
  return findings;
}

/**
 * The AcroForm fields of a PDF as pdf.js reports them: one entry per field name, listing the
 * field's own node (type "") and its widgets. pdf.js 5 answers with a plain object, pdf.js 6
 * with a Map.
 */
import type { RawPdfField } from '../../../../common/checks/pdf-form.ts';

interface FieldObject {
  type?: unknown;
  value?: unknown;
}

export function pdfFields(objects: unknown): RawPdfField[] {
  if (objects === null || typeof objects !== 'object') return [];
  const entries: [string, unknown][] = objects instanceof Map ? [...objects] : Object.entries(objects);
  const fields: RawPdfField[] = [];
  for (const [name, nodes] of entries) {
    if (!Array.isArray(nodes)) continue;
    const widgets = (nodes as FieldObject[]).filter((node) => typeof node?.type === 'string' && node.type !== '');
    const first = widgets[0];
    if (!first) continue;
    // Every widget of a field shows the field's value (a radio group's widgets all carry the chosen export value).
    const valued = widgets.find((widget) => widget.value !== undefined && widget.value !== null);
    fields.push({ name, kind: String(first.type), value: valued ? asText(valued.value) : null });
  }
  return fields;
}

function asText(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  // Multiple-choice list boxes hold an array of the chosen values.
  if (Array.isArray(value)) return value.filter((item) => typeof item === 'string').join(', ');
  return null;
}

/**
 * Which template (and version) a filled form was made from. scripts/make-form-template.ts writes
 * the version twice: in a hidden read-only field (`mapsTo: template.version`), which survives
 * whatever a viewer does to the document's metadata, and in the keywords
 * (`template_version=1.0`), which survive flattening. Without either, the set of field names
 * decides, and the result says so.
 */
import type { FormTemplateDescriptor, FormTemplateRef, RawPdfField } from '../../../../common/checks/pdf-form.ts';

/**
 * Share of field names a PDF must have in common with a template (of all names in either) to be
 * read with it: lower when the PDF names the template's version, so an altered copy is still read
 * and its differences reported, than when the names alone decide.
 */
const MIN_OVERLAP = { withVersion: 0.5, namesOnly: 0.8 };
const VERSION_MAPS_TO = 'template.version';
const KEYWORD = /(?:^|[\s;,])template_version=([0-9A-Za-z][0-9A-Za-z.-]*)/;

export interface DetectedTemplate {
  descriptor: FormTemplateDescriptor;
  ref: FormTemplateRef;
}

export type TemplateDetection =
  | { found: DetectedTemplate }
  /** `declaredVersion`: the version the form claims, when it claims one no descriptor has. */
  | { found: null; declaredVersion: string | null };

export function versionFromKeywords(keywords: unknown): string | null {
  return typeof keywords === 'string' ? (KEYWORD.exec(keywords)?.[1] ?? null) : null;
}

export function detectTemplate(
  fields: readonly RawPdfField[],
  keywordsVersion: string | null,
  templates: readonly FormTemplateDescriptor[],
): TemplateDetection {
  const names = new Set(fields.map((field) => field.name));
  const markerNames = new Set(
    templates.flatMap((template) => template.fields.filter((f) => f.mapsTo === VERSION_MAPS_TO).map((f) => f.name)),
  );
  const fieldVersion = fields.find((field) => markerNames.has(field.name) && field.value?.trim())?.value?.trim();
  const declared = fieldVersion ?? keywordsVersion;
  if (declared) {
    const sameVersion = templates.filter((template) => template.version === declared);
    if (sameVersion.length === 0) return { found: null, declaredVersion: declared };
    const best = bestByOverlap(names, sameVersion);
    if (!best || best.overlap < MIN_OVERLAP.withVersion) return { found: null, declaredVersion: null };
    return { found: found(best.template, fieldVersion ? 'versionField' : 'metadata') };
  }
  const best = bestByOverlap(names, templates);
  if (!best || best.overlap < MIN_OVERLAP.namesOnly) return { found: null, declaredVersion: null };
  return { found: found(best.template, 'fieldNames') };
}

/** For a form with no fields left: the keywords alone, when they name exactly one descriptor. */
export function templateFromKeywords(
  keywordsVersion: string | null,
  templates: readonly FormTemplateDescriptor[],
): FormTemplateRef | null {
  const matching = templates.filter((template) => template.version === keywordsVersion);
  return matching.length === 1 && matching[0] ? found(matching[0], 'metadata').ref : null;
}

function found(descriptor: FormTemplateDescriptor, detectedBy: FormTemplateRef['detectedBy']): DetectedTemplate {
  return { descriptor, ref: { id: descriptor.template, version: descriptor.version, detectedBy } };
}

function bestByOverlap(
  names: ReadonlySet<string>,
  templates: readonly FormTemplateDescriptor[],
): { template: FormTemplateDescriptor; overlap: number } | undefined {
  let best: { template: FormTemplateDescriptor; overlap: number } | undefined;
  for (const template of templates) {
    const own = new Set(template.fields.map((field) => field.name));
    const shared = [...own].filter((name) => names.has(name)).length;
    const overlap = shared / new Set([...own, ...names]).size;
    if (!best || overlap > best.overlap) best = { template, overlap };
  }
  return best;
}

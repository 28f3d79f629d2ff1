/**
 * The form template descriptors, one JSON file per version in resources/forms/
 * (`template-v1.json`, `template-v2.json`, …). A new version of the form is a new file: filled
 * copies of older versions keep being read with the descriptor they were made from.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { FormTemplateDescriptorSchema, type FormTemplateDescriptor } from '../../../../common/checks/pdf-form.ts';

/** Where the sources keep them; a packaged app passes its own resources folder. */
export const DEFAULT_FORMS_DIR = fileURLToPath(new URL('../../../../resources/forms/', import.meta.url));

const DESCRIPTOR_FILE = /^template-v[0-9][0-9a-z.-]*\.json$/;

/**
 * Reads and validates every descriptor in `dir`. The files ship with the app, so a broken one is
 * a release defect: it throws, naming the file, rather than reading forms with half a template.
 */
export function loadFormTemplates(dir: string = DEFAULT_FORMS_DIR): FormTemplateDescriptor[] {
  const files = readdirSync(dir)
    .filter((name) => DESCRIPTOR_FILE.test(name))
    .sort();
  if (files.length === 0) throw new Error(`form templates: no template-v*.json in ${dir}`);
  const templates = files.map((file) => parseFormTemplate(readFileSync(path.join(dir, file), 'utf8'), file));
  const seen = new Set<string>();
  for (const template of templates) {
    const key = `${template.template} ${template.version}`;
    if (seen.has(key)) throw new Error(`form templates: ${key} is described twice in ${dir}`);
    seen.add(key);
  }
  return templates;
}

/** One descriptor, checked for the cross-references the schema alone cannot see. */
export function parseFormTemplate(json: string, source: string): FormTemplateDescriptor {
  const fail = (why: string): never => {
    throw new Error(`form template ${source}: ${why}`);
  };
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch (error) {
    fail(`not JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  const parsed = FormTemplateDescriptorSchema.safeParse(data);
  if (!parsed.success) return fail(z.prettifyError(parsed.error).replaceAll('\n', ' '));
  const template = parsed.data;
  const byName = new Map(template.fields.map((field) => [field.name, field]));
  if (byName.size !== template.fields.length) fail('two fields share a name');
  for (const field of template.fields) {
    if (field.type === 'radio' && !field.options?.length) fail(`radio ${field.name} has no options`);
    if (field.options && field.type !== 'radio') fail(`${field.name} has options but is a ${field.type}`);
    if (field.value !== undefined && field.type !== 'checkbox')
      fail(`${field.name} has a value but is a ${field.type}`);
    const condition = field.requiredWhen;
    if (condition && !byName.has(condition.field)) fail(`${field.name} depends on unknown field ${condition.field}`);
  }
  for (const group of template.groups) {
    for (const name of group.fields) {
      // Groups are read as "requested services": a ticked box adds its value to the list.
      const field = byName.get(name);
      if (field?.type !== 'checkbox' || field.value === undefined) {
        fail(`group ${group.name}: ${name} is not a checkbox with a value`);
      }
    }
  }
  return template;
}

import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadFormTemplates, parseFormTemplate } from '../../electron/services/documents/pdf/form-templates.ts';
import { tempDir } from '../support/temp-dir.ts';

const [V1] = loadFormTemplates();
const v1Json = () => JSON.parse(JSON.stringify(V1)) as Record<string, unknown> & { fields: Record<string, unknown>[] };

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

function folder(files: Record<string, unknown>): string {
  const dir = tempDir('form-templates');
  cleanup = dir.remove;
  for (const [name, content] of Object.entries(files)) {
    writeFileSync(path.join(dir.dir, name), typeof content === 'string' ? content : JSON.stringify(content));
  }
  return dir.dir;
}

describe('loadFormTemplates', () => {
  it('loads the shipped v1 descriptor', () => {
    expect(loadFormTemplates().map((t) => [t.template, t.version])).toEqual([['accreditamento-utente-estero', '1.0']]);
    expect(V1?.fields.find((field) => field.name === 'data_firma')).toMatchObject({ type: 'date', required: true });
  });

  it('loads every template-v*.json in the folder, a new version being a new file', () => {
    const dir = folder({
      'template-v1.json': v1Json(),
      'template-v2.json': { ...v1Json(), version: '2.0' },
      'README.md': '# not a descriptor',
      'accreditamento-utente-estero-v1.pdf': '%PDF-',
    });
    expect(loadFormTemplates(dir).map((t) => t.version)).toEqual(['1.0', '2.0']);
  });

  it('refuses a folder without descriptors, and a version described twice', () => {
    expect(() => loadFormTemplates(folder({}))).toThrow(/no template-v\*\.json/);
    const dir = folder({ 'template-v1.json': v1Json(), 'template-v1b.json': v1Json() });
    expect(() => loadFormTemplates(dir)).toThrow(/accreditamento-utente-estero 1\.0 is described twice/);
  });
});

describe('parseFormTemplate', () => {
  const withField = (change: Record<string, unknown>, name = 'sesso') => {
    const json = v1Json();
    json.fields = json.fields.map((field) => (field.name === name ? { ...field, ...change } : field));
    return JSON.stringify(json);
  };

  it.each([
    ['not JSON', '{', /template-x\.json: .*JSON/],
    ['an unknown key', JSON.stringify({ ...v1Json(), colour: 'blue' }), /template-x\.json: .*colour/],
    ['an unknown field type', withField({ type: 'signature' }), /template-x\.json: .*type/],
    ['a radio without options', withField({ options: undefined }), /radio sesso has no options/],
    ['options on a text field', withField({ type: 'text' }), /sesso has options but is a text/],
    [
      'a condition on a missing field',
      withField({ requiredWhen: { field: 'rolo', oneOf: ['x'] } }, 'azienda_paese'),
      /unknown field rolo/,
    ],
    [
      'a group member that adds no value',
      withField({ value: undefined }, 'servizio_cabotaggio'),
      /servizio_cabotaggio is not a checkbox with a value/,
    ],
    ['two fields with one name', withField({ name: 'cognome' }, 'nome'), /two fields share a name/],
  ])('refuses %s', (_, json, error) => {
    expect(() => parseFormTemplate(json, 'template-x.json')).toThrow(error);
  });
});

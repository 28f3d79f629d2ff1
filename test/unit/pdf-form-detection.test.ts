import { describe, expect, it } from 'vitest';
import type { FormTemplateDescriptor, RawPdfField } from '../../common/checks/pdf-form.ts';
import { loadFormTemplates } from '../../electron/services/documents/pdf/form-templates.ts';
import { pdfFields } from '../../electron/services/documents/pdf/pdf-fields.ts';
import {
  detectTemplate,
  templateFromKeywords,
  versionFromKeywords,
} from '../../electron/services/documents/pdf/template-detection.ts';

const [V1] = loadFormTemplates() as [FormTemplateDescriptor];
const V2: FormTemplateDescriptor = {
  ...V1,
  version: '2.0',
  fields: [...V1.fields, { ...V1.fields[0]!, name: 'pec', mapsTo: 'applicant.pec' }],
};
const fieldsOf = (template: FormTemplateDescriptor, version: string | null = template.version): RawPdfField[] =>
  template.fields
    .filter((field) => version !== null || field.name !== 'template_version')
    .map((field) => ({ name: field.name, kind: 'text', value: field.name === 'template_version' ? version : '' }));

describe('versionFromKeywords', () => {
  it.each([
    ['Accredita; Accreditamento Utente Estero; ACC-UE; template_version=1.0', '1.0'],
    ['template_version=2.1-rc1', '2.1-rc1'],
    ['Accredita', null],
    ['old_template_version=1.0', null],
    [undefined, null],
    [42, null],
  ])('%j → %j', (keywords, version) => {
    expect(versionFromKeywords(keywords)).toBe(version);
  });
});

describe('detectTemplate', () => {
  it('trusts the version field first, then the keywords', () => {
    expect(detectTemplate(fieldsOf(V2), '1.0', [V1, V2])).toMatchObject({
      found: { ref: { version: '2.0', detectedBy: 'versionField' } },
    });
    expect(detectTemplate(fieldsOf(V1, null), '1.0', [V1, V2])).toMatchObject({
      found: { ref: { version: '1.0', detectedBy: 'metadata' } },
    });
  });

  it('without a marker, matches the field names and says so', () => {
    expect(detectTemplate(fieldsOf(V2, null), null, [V1, V2])).toMatchObject({
      found: { ref: { id: 'accreditamento-utente-estero', version: '2.0', detectedBy: 'fieldNames' } },
    });
    const few = fieldsOf(V1, null).slice(0, 10);
    expect(detectTemplate(few, null, [V1])).toEqual({ found: null, declaredVersion: null });
  });

  it('does not read a form declaring an unknown version with another version’s descriptor', () => {
    expect(detectTemplate(fieldsOf(V1, '3.0'), null, [V1, V2])).toEqual({ found: null, declaredVersion: '3.0' });
  });

  it('does not read an unrelated form that happens to carry the marker', () => {
    const other = [
      { name: 'template_version', kind: 'text', value: '1.0' },
      { name: 'customer', kind: 'text', value: 'ACME' },
    ];
    expect(detectTemplate(other, null, [V1])).toEqual({ found: null, declaredVersion: null });
  });

  it('names the template of a flattened form only when its keywords point to one descriptor', () => {
    expect(templateFromKeywords('1.0', [V1, V2])).toEqual({
      id: 'accreditamento-utente-estero',
      version: '1.0',
      detectedBy: 'metadata',
    });
    expect(templateFromKeywords(null, [V1])).toBeNull();
    expect(templateFromKeywords('1.0', [V1, { ...V1, template: 'another-form' }])).toBeNull();
  });
});

describe('pdfFields', () => {
  const cognome = [
    { type: '', id: '10R', kidIds: ['11R'] },
    { type: 'text', value: 'Rossi', id: '11R' },
  ];
  const ruolo = [
    { type: '', id: '95R' },
    { type: 'radiobutton', value: 'azienda', exportValues: 'cittadino' },
    { type: 'radiobutton', value: 'azienda', exportValues: 'azienda' },
  ];

  it('reads pdf.js 5’s object and pdf.js 6’s Map alike', () => {
    const expected = [
      { name: 'cognome', kind: 'text', value: 'Rossi' },
      { name: 'ruolo', kind: 'radiobutton', value: 'azienda' },
    ];
    expect(pdfFields({ cognome, ruolo })).toEqual(expected);
    expect(
      pdfFields(
        new Map<string, unknown>([
          ['cognome', cognome],
          ['ruolo', ruolo],
        ]),
      ),
    ).toEqual(expected);
  });

  it('skips names without widgets and keeps fields without a value', () => {
    expect(pdfFields(null)).toEqual([]);
    expect(
      pdfFields({
        parentOnly: [{ type: '' }],
        broken: 'not an array',
        button: [{ type: 'button' }],
        list: [{ type: 'listbox', value: ['a', 'b'] }],
      }),
    ).toEqual([
      { name: 'button', kind: 'button', value: null },
      { name: 'list', kind: 'listbox', value: 'a, b' },
    ]);
  });
});

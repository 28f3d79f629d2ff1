import { describe, expect, it } from 'vitest';
import type { RawPdfField } from '../../common/checks/pdf-form.ts';
import { mapFormFields } from '../../electron/services/documents/pdf/form-mapping.ts';
import { loadFormTemplates } from '../../electron/services/documents/pdf/form-templates.ts';

const [V1] = loadFormTemplates();
const TODAY = '2025-03-10';

/** A complete v1 form as pdf.js reports it: text as typed, dates as dd/mm/yyyy, boxes 'Yes'/'Off', radios their value. */
const COMPLETE: Record<string, string> = {
  cognome: 'Rossi',
  nome: 'Maria',
  data_nascita: '17/05/1980',
  sesso: 'F',
  luogo_nascita: 'Cluj',
  stato_nascita: 'Romania',
  cittadinanza: 'Romena',
  codice_fiscale_estero: '',
  email: 'maria@example.org',
  telefono: '+40700000000',
  residenza_indirizzo: 'Strada 1',
  residenza_citta: 'Cluj',
  residenza_cap: '',
  residenza_stato: 'Romania',
  documento_tipo: 'carta_identita',
  documento_numero: 'AB123456',
  documento_stato_rilascio: 'Romania',
  documento_data_rilascio: '10/01/2020',
  documento_data_scadenza: '09/01/2030',
  ruolo: 'cittadino',
  azienda_ragione_sociale: '',
  azienda_paese: '',
  azienda_partita_iva: '',
  servizio_cabotaggio: 'Off',
  servizio_delocalizzazione_call_center: 'Off',
  servizio_distacco_transnazionale: 'Yes',
  servizio_riconoscimento_qualifiche: 'Off',
  consenso_privacy: 'Yes',
  luogo_firma: 'Cluj',
  data_firma: '01/03/2025',
  template_version: '1.0',
};

const KINDS: Record<string, string> = { checkbox: 'checkbox', radio: 'radiobutton', text: 'text', date: 'text' };
function raw(values: Record<string, string | null>): RawPdfField[] {
  return Object.entries(values).map(([name, value]) => ({
    name,
    kind: KINDS[V1!.fields.find((field) => field.name === name)?.type ?? 'text']!,
    value,
  }));
}
const map = (changes: Record<string, string | null> = {}) =>
  mapFormFields(raw({ ...COMPLETE, ...changes }), V1!, TODAY);
const found = (changes: Record<string, string | null>) =>
  map(changes).findings.map((finding) => [finding.code, finding.field]);

describe('mapFormFields', () => {
  it('types a complete form and finds nothing', () => {
    const mapped = map();
    expect(mapped.findings).toEqual([]);
    expect(mapped.services).toEqual(['DISTACCO_TRANSNAZIONALE']);
    expect(mapped.values).toMatchObject({
      'applicant.birthDate': '1980-05-17',
      'applicant.foreignTaxId': null,
      'document.type': 'carta_identita',
      'consent.privacy': true,
      'signature.date': '2025-03-01',
    });
    expect(Object.keys(mapped.values)).not.toContain('services');
    expect(mapped.fields).toHaveLength(V1!.fields.length);
  });

  it('trims text and composes it (NFC)', () => {
    expect(map({ cognome: '  Mu\u0308ller ' }).values['applicant.surname']).toBe('Müller');
  });

  it('reads a ticked box by any export value, and "Off" in any case as unticked', () => {
    expect(map({ consenso_privacy: 'Sì' }).values['consent.privacy']).toBe(true);
    expect(map({ consenso_privacy: 'OFF' }).values['consent.privacy']).toBe(false);
    expect(map({ consenso_privacy: '' }).values['consent.privacy']).toBe(false);
  });

  it('reports each required field left empty, by what the applicant must add', () => {
    expect(found({ cognome: '  ', sesso: 'Off', consenso_privacy: 'Off', luogo_firma: '', data_firma: '' })).toEqual([
      ['FORM_REQUIRED_MISSING', 'cognome'],
      ['FORM_REQUIRED_MISSING', 'sesso'],
      ['FORM_REQUIRED_MISSING', 'consenso_privacy'],
      ['FORM_SIGNATURE_PLACE_MISSING', 'luogo_firma'],
      ['FORM_SIGNATURE_DATE_MISSING', 'data_firma'],
    ]);
  });

  it('requires the company fields only for companies and intermediaries', () => {
    const company = ['azienda_ragione_sociale', 'azienda_paese', 'azienda_partita_iva'].map((name) => [
      'FORM_REQUIRED_MISSING',
      name,
    ]);
    expect(found({ ruolo: 'azienda' })).toEqual(company);
    expect(found({ ruolo: 'soggetto_abilitato' })).toEqual(company);
    expect(map({ ruolo: 'azienda' }).fields.find((f) => f.name === 'azienda_paese')?.required).toBe(true);
    expect(map().fields.find((f) => f.name === 'azienda_paese')?.required).toBe(false);
  });

  it('reports no service requested', () => {
    const mapped = map({ servizio_distacco_transnazionale: 'Off' });
    expect(mapped.services).toEqual([]);
    expect(mapped.findings.map((f) => [f.code, f.field])).toEqual([['FORM_NO_SERVICE', 'servizi_richiesti']]);
    expect(mapped.findings[0]?.message.it).toContain('Cabotaggio');
  });

  it('lists every ticked service in the template’s order', () => {
    const mapped = map({ servizio_riconoscimento_qualifiche: 'Yes', servizio_cabotaggio: 'Yes' });
    expect(mapped.services).toEqual(['CABOTAGGIO', 'DISTACCO_TRANSNAZIONALE', 'RICONOSCIMENTO_QUALIFICHE']);
  });

  it('reports a date that is not one once, not also as missing', () => {
    const mapped = map({ data_firma: '30/02/2025' });
    expect(mapped.findings.map((f) => [f.code, f.field, f.value])).toEqual([
      ['FORM_INVALID_DATE', 'data_firma', '30/02/2025'],
    ]);
    expect(mapped.values['signature.date']).toBeNull();
  });

  it('allows tomorrow for a signature, not the day after', () => {
    expect(found({ data_firma: '11/03/2025' })).toEqual([]);
    expect(found({ data_firma: '12/03/2025' })).toEqual([['FORM_DATE_IN_FUTURE', 'data_firma']]);
    expect(found({ data_nascita: '01/01/2026', documento_data_rilascio: '01/01/2027' })).toEqual([
      ['FORM_DATE_IN_FUTURE', 'data_nascita'],
      ['FORM_DATE_IN_FUTURE', 'documento_data_rilascio'],
      ['FORM_DATE_ORDER', 'data_firma'],
    ]);
  });

  it('accepts an expiry date in the future, and reports dates out of order', () => {
    expect(found({ documento_data_scadenza: '01/01/2040' })).toEqual([]);
    expect(found({ documento_data_scadenza: '10/01/2020' })).toEqual([['FORM_DATE_ORDER', 'documento_data_scadenza']]);
    expect(found({ data_nascita: '11/01/2020' })).toEqual([['FORM_DATE_ORDER', 'documento_data_rilascio']]);
  });

  it('reports a radio value the template does not offer', () => {
    const mapped = map({ documento_tipo: 'patente' });
    expect(mapped.findings.map((f) => [f.code, f.value])).toEqual([['FORM_INVALID_OPTION', 'patente']]);
    expect(mapped.findings[0]?.message.en).toContain('passaporto, carta_identita, altro');
  });

  it('reports extra fields and missing ones', () => {
    const values: Record<string, string | null> = { ...COMPLETE, note: 'urgente', firma_digitale: null };
    delete values.residenza_cap;
    delete values.cognome;
    const mapped = mapFormFields(raw(values), V1!, TODAY);
    expect(mapped.findings.map((f) => [f.code, f.severity, f.field, f.value])).toEqual([
      ['FORM_FIELD_ABSENT', 'warning', 'cognome', undefined],
      ['FORM_REQUIRED_MISSING', 'error', 'cognome', undefined],
      ['FORM_FIELD_ABSENT', 'warning', 'residenza_cap', undefined],
      ['FORM_UNKNOWN_FIELD', 'warning', 'note', 'urgente'],
      ['FORM_UNKNOWN_FIELD', 'warning', 'firma_digitale', undefined],
    ]);
    expect(mapped.fields.find((f) => f.name === 'cognome')).toMatchObject({ present: false, raw: null, value: null });
  });

  it('words every finding in Italian and English', () => {
    const mapped = map({ cognome: '', data_firma: '99/99/2025', servizio_distacco_transnazionale: 'Off' });
    for (const finding of mapped.findings) {
      expect(finding.message.it).toMatch(/richiedente/);
      expect(finding.message.en).toMatch(/applicant/);
    }
  });
});

import type { FormValues } from '../../server/demo/form-filler.ts';

/**
 * A complete, valid filled form for the ICAO specimen holder, with names in scripts beyond
 * ASCII (Romanian, Polish, Turkish) so reading and rendering are exercised past Latin-1.
 */
export const SPECIMEN_FORM_VALUES = {
  cognome: 'Țăranu-Wiśniewski',
  nome: 'Łucja Ayşe',
  sesso: 'F',
  data_nascita: '1974-08-12',
  luogo_nascita: 'Göteborg',
  stato_nascita: 'Svezia',
  cittadinanza: 'Svedese',
  codice_fiscale_estero: '197408121234',
  email: 'anna.muller@example.org',
  telefono: '+46701234567',
  residenza_indirizzo: 'Storgatan 1',
  residenza_citta: 'Malmö',
  residenza_cap: '211 34',
  residenza_stato: 'Svezia',
  documento_tipo: 'passaporto',
  documento_numero: 'L898902C3',
  documento_stato_rilascio: 'Svezia',
  documento_data_rilascio: '2020-01-10',
  documento_data_scadenza: '2030-01-09',
  ruolo: 'azienda',
  azienda_ragione_sociale: 'Nordic Haulage AB',
  azienda_paese: 'Svezia',
  azienda_partita_iva: 'SE556677889901',
  servizio_cabotaggio: true,
  servizio_delocalizzazione_call_center: false,
  servizio_distacco_transnazionale: true,
  servizio_riconoscimento_qualifiche: false,
  consenso_privacy: true,
  luogo_firma: 'Malmö',
  data_firma: '2025-03-01',
} satisfies FormValues;

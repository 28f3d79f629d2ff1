import { percentile } from '../harness.ts';
import { readPdfForm } from '../../electron/services/documents/pdf/read-pdf-form.ts';
import { fillForm } from '../../server/demo/form-filler.ts';

const WARM_UP = 10;
const RUNS = 100;
const round = (ms: number) => Math.round(ms * 100) / 100;

/**
 * Reading a filled 2-page form with readPdfForm, end to end (worker thread, pdf.js, template
 * mapping): the first read, which starts the reader thread and loads pdf.js, then the median and
 * 95th percentile of 100 reads after a warm-up.
 */
export async function measurePdfFields(): Promise<Record<string, number>> {
  const form = await fillForm({
    cognome: 'Wiśniewska',
    nome: 'Łucja',
    data_nascita: '1974-08-12',
    sesso: 'F',
    luogo_nascita: 'Kraków',
    stato_nascita: 'Polonia',
    cittadinanza: 'Polacca',
    email: 'lucja@example.org',
    telefono: '+48601234567',
    residenza_indirizzo: 'ul. Długa 1',
    residenza_citta: 'Kraków',
    residenza_stato: 'Polonia',
    documento_tipo: 'passaporto',
    documento_numero: 'EA1234567',
    documento_stato_rilascio: 'Polonia',
    documento_data_rilascio: '2020-01-10',
    documento_data_scadenza: '2030-01-09',
    ruolo: 'azienda',
    azienda_ragione_sociale: 'Transport Długi sp. z o.o.',
    azienda_paese: 'Polonia',
    azienda_partita_iva: 'PL1234567890',
    servizio_cabotaggio: true,
    servizio_distacco_transnazionale: true,
    consenso_privacy: true,
    luogo_firma: 'Kraków',
    data_firma: '2025-03-01',
  });
  const timed = async () => {
    const started = performance.now();
    const result = await readPdfForm(form);
    const elapsed = performance.now() - started;
    if (result.status !== 'READ' || result.findings.length > 0) {
      throw new Error(`pdf-fields bench: the sample form did not read cleanly: ${JSON.stringify(result)}`);
    }
    return elapsed;
  };
  const first = await timed();
  for (let i = 0; i < WARM_UP; i++) await timed();
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) samples.push(await timed());
  samples.sort((a, b) => a - b);
  return {
    pdf_fields_runs: RUNS,
    pdf_fields_first_ms: round(first),
    pdf_fields_median_ms: round(percentile(samples, 50)),
    pdf_fields_p95_ms: round(percentile(samples, 95)),
  };
}

import { COUNTERSIGN_FLAGS, type DecisionAction } from '../../common/api/schemas.ts';
import { EIDAS_COUNTRIES, ELIGIBLE_COUNTRIES, type DemoCountry } from '../../server/demo/countries.ts';
import { seededRandom } from '../../server/demo/random.ts';
import { compactEmail } from '../../server/storage/search-terms.ts';

/*
 * The benchmark's decision history: forty operators, the demo population's countries and names,
 * the action mix of a help desk (a third of decisions send the form, three in ten approve), flags
 * and countersigns on a few approvals, notes on one decision in ten — deterministic for a seed.
 */

export interface BenchOperator {
  id: string;
  name: string;
  inTraining: boolean;
}

const OPERATOR_NAMES = [
  'Giulia Bianchi',
  'Marco Rossi',
  'Sara Conti',
  'Luca Ferrari',
  'Chiara Romano',
  'Matteo Colombo',
  'Francesca Ricci',
  'Alessandro Marino',
  'Valentina Greco',
  'Davide Bruno',
  'Martina Gallo',
  'Simone Costa',
  'Elisa Fontana',
  'Andrea Rizzo',
  'Federica Moretti',
  'Stefano Barbieri',
  'Silvia Lombardi',
  'Paolo Giordano',
  'Laura Mancini',
  'Giorgio Rinaldi',
  'Anna Caruso',
  'Roberto Ferrara',
  'Elena Galli',
  'Fabio Martini',
  'Giovanna Leone',
  'Antonio Longo',
  'Cristina Gentile',
  'Massimo Martinelli',
  'Roberta Vitale',
  'Nicola Lombardo',
  'Monica Serra',
  'Riccardo Coppola',
  'Daniela De Santis',
  'Emanuele D’Angelo',
  'Ilaria Marchetti',
  'Tommaso Parisi',
  'Beatrice Villa',
  'Lorenzo Conte',
  'Alice Ferri',
  'Gabriele Fabbri',
];

/** Forty operators, a few in training, some much busier than others (weights 1–4). */
export const BENCH_OPERATORS: (BenchOperator & { weight: number })[] = OPERATOR_NAMES.map((name, index) => ({
  id: `op-${String(index + 1).padStart(2, '0')}`,
  name,
  inTraining: index % 13 === 12,
  weight: 1 + (index % 4),
}));

const ACTIONS: [DecisionAction, number][] = [
  ['SEND_FORM', 0.35],
  ['REQUEST_INFO', 0.08],
  ['APPROVE', 0.3],
  ['REJECT', 0.14],
  ['REDIRECT', 0.13],
];
const STATE_AFTER: Record<DecisionAction, string> = {
  SEND_FORM: 'FORM_SENT',
  REQUEST_INFO: 'INFO_REQUESTED',
  APPROVE: 'APPROVED',
  REJECT: 'REJECTED',
  REDIRECT: 'REDIRECTED',
};
const NOTES = [
  'Telefonato al richiedente, conferma i dati',
  'Documento leggibile dopo nuova scansione',
  'Azienda distaccante verificata sul registro',
  'Nome traslitterato diversamente sul passaporto',
  'Called the applicant back, details confirmed',
];

function pickWeighted<T>(items: readonly (readonly [T, number])[], roll: number): T {
  let left = roll * items.reduce((sum, [, weight]) => sum + weight, 0);
  for (const [item, weight] of items) {
    left -= weight;
    if (left < 0) return item;
  }
  return items.at(-1)![0];
}

/** A UUID v7 whose time is the decision's and whose tail is its sequence number: unique and in order. */
const uuidV7 = (ms: number, seq: number): string => {
  const hex = ms.toString(16).padStart(12, '0');
  const tail = seq.toString(16).padStart(18, '0');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-7${tail.slice(0, 3)}-8${tail.slice(3, 6)}-${tail.slice(6)}`;
};

const ascii = (text: string) =>
  text
    .normalize('NFKD')
    .replace(/[^A-Za-z]+/g, '')
    .toLowerCase();

/** The applicant's e-mail address in the benchmark history. */
export const benchEmail = (nome: string, cognome: string, ticketNumber: number): string =>
  `${ascii(nome)}.${ascii(cognome)}${ticketNumber % 1000}@example.org`;

export interface DecisionHistoryOptions {
  decisions: number;
  seed: number;
  /** The history spans the two years before this instant. */
  until: Date;
}

/** Columns of a decision row, in this order. */
export const DECISION_COLUMNS = [
  'seq',
  'id',
  'ticket_id',
  'action',
  'resulting_state',
  'reason_codes',
  'body',
  'operator_id',
  'operator_name',
  'applicant_name',
  'country',
  'decided_at',
  'applied_at',
  'handling_seconds',
  'redirect_target',
  'flags',
  'evidence_hash',
  'countersign',
  'countersigned_by',
  'countersigned_at',
  'countersign_note',
] as const;

/** The seq-th decision of the history (1-based, in recording order) and its full-text words. */
export function createDecisionHistory(options: DecisionHistoryOptions) {
  const random = seededRandom(options.seed);
  const countries: [DemoCountry, number][] = [...ELIGIBLE_COUNTRIES, ...EIDAS_COUNTRIES].map((country, index) => [
    country,
    // A few countries send most requests, as with real migration flows.
    1 / (1 + index * 0.35),
  ]);
  const operators = BENCH_OPERATORS.map((o) => [o, o.weight] as const);
  const end = options.until.getTime();
  const span = 2 * 365 * 86_400_000;
  const flagBit = (flag: (typeof COUNTERSIGN_FLAGS)[number]) => 1 << COUNTERSIGN_FLAGS.indexOf(flag);

  return (seq: number): { row: unknown[]; searchText: string } => {
    const ms = Math.floor(end - span + (span * seq) / (options.decisions + 1));
    const at = new Date(ms).toISOString();
    const action = pickWeighted(ACTIONS, random());
    const maker = pickWeighted(operators, random());
    const country = pickWeighted(countries, random());
    const female = random() < 0.5;
    const givenNames = country.givenNames[female ? 'F' : 'M'];
    const nome = givenNames[Math.floor(random() * givenNames.length)]!;
    const cognome = country.surnames[Math.floor(random() * country.surnames.length)]!;
    const ticketNumber = Math.floor(seq * 0.6);
    const ticketId = `UE-${new Date(ms).getUTCFullYear()}-${String(ticketNumber).padStart(7, '0')}`;
    const email = benchEmail(nome, cognome, ticketNumber);

    let flags = 0;
    if (action === 'APPROVE') {
      if (random() < 0.04) flags |= flagBit('NO_MATCH_OVERRIDDEN');
      if (random() < 0.03) flags |= flagBit('DOC_EXPIRING_SOON');
      if (random() < 0.02) flags |= flagBit('DUPLICATE_OVERRIDDEN');
      if (maker.inTraining) flags |= flagBit('OPERATOR_IN_TRAINING');
    }
    let countersign: string | null = null;
    let state = STATE_AFTER[action];
    let checker: string | null = null;
    let countersignNote: string | null = null;
    if (flags !== 0) {
      const roll = random();
      const recent = ms > end - 2 * 86_400_000;
      countersign = recent ? 'PENDING' : roll < 0.9 ? 'CONFIRMED' : roll < 0.97 ? 'RETURNED' : 'VOIDED';
      state = {
        PENDING: 'AWAITING_COUNTERSIGN',
        CONFIRMED: 'APPROVED',
        RETURNED: 'UNDER_REVIEW',
        VOIDED: 'UNDER_REVIEW',
      }[countersign]!;
      checker = countersign === 'CONFIRMED' || countersign === 'RETURNED' ? 'sup-bench' : null;
      if (countersign === 'RETURNED') countersignNote = 'Verificare la data di scadenza';
    }
    const reasonCodes =
      action === 'REJECT'
        ? [random() < 0.5 ? 'DOC_EXPIRED' : 'NO_REPLY']
        : action === 'REQUEST_INFO'
          ? [random() < 0.5 ? 'UNREADABLE' : 'MISSING_SIGNATURE']
          : [];
    const redirectTarget =
      action === 'REDIRECT' ? (country.eidas ? 'EIDAS' : random() < 0.7 ? 'SPID_CIE' : 'CLICLAVORO') : null;
    const note = random() < 0.1 ? NOTES[Math.floor(random() * NOTES.length)]! : null;
    const evidenceHash = ticketNumber.toString(16).padStart(64, '0');
    const body = {
      baseVersion: 3,
      action,
      reasonCodes,
      countersignFlags: [],
      ...(action === 'APPROVE' ? { services: ['DISTACCO_TRANSNAZIONALE'] } : {}),
      ...(redirectTarget ? { redirectTarget } : {}),
      ...(note ? { note } : {}),
      evidenceHash,
      deviceId: `console-${maker.id}`,
      decidedAt: at,
    };
    // From minutes to a few weeks, most within a couple of days.
    const handling = Math.round(60 * Math.exp(random() * 10));
    const applicant = `${nome} ${cognome}`;
    const row = [
      seq,
      uuidV7(ms, seq),
      ticketId,
      action,
      state,
      JSON.stringify(reasonCodes),
      JSON.stringify(body),
      maker.id,
      maker.name,
      applicant,
      country.alpha2,
      at,
      at,
      handling,
      redirectTarget,
      flags,
      evidenceHash,
      countersign,
      checker,
      checker ? at : null,
      countersignNote,
    ];

    const searchText = [
      ticketId,
      applicant,
      email,
      compactEmail(email),
      maker.name,
      note,
      reasonCodes.join(' '),
      redirectTarget,
      countersignNote,
    ]
      .filter(Boolean)
      .join(' ');
    return { row, searchText };
  };
}

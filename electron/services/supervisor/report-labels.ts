import type { CountersignStatus, DecisionAction } from '../../../common/api/schemas.ts';

/** The words of the period report, in the console's two languages. */
export interface ReportLabels {
  title: string;
  ministry: string;
  period: string;
  operatorFilter: string;
  allOperators: string;
  generated: string;
  page: string;
  kpi: {
    decisions: string;
    approvalRate: string;
    medianHandling: string;
    p90Handling: string;
    conflicts: string;
    countersignPending: string;
  };
  byType: string;
  overTime: string;
  byCountry: string;
  byCountryNote: string;
  handlingByOperator: string;
  median: string;
  p90: string;
  operators: string;
  operatorColumns: [string, string, string, string, string, string, string, string];
  redirects: string;
  conflicts: string;
  countersign: string;
  none: string;
  approvalRateDefinition: string;
  actions: Record<DecisionAction, string>;
  targets: Record<'SPID_CIE' | 'EIDAS' | 'CLICLAVORO', string>;
  countersignStatus: Record<CountersignStatus, string>;
  decisionsCount: (n: string) => string;
  duration: { day: string; hour: string; minute: string; second: string };
}

export const REPORT_LABELS: Record<'it' | 'en', ReportLabels> = {
  it: {
    title: 'Rapporto di supervisione — Accreditamento Utente Estero',
    ministry: 'Ministero del Lavoro e delle Politiche Sociali · Accredita',
    period: 'Periodo',
    operatorFilter: 'Operatore',
    allOperators: 'tutti gli operatori',
    generated: 'Generato il',
    page: 'Pagina',
    kpi: {
      decisions: 'Decisioni',
      approvalRate: 'Tasso di approvazione',
      medianHandling: 'Tempo mediano',
      p90Handling: 'Tempo al 90° percentile',
      conflicts: 'Conflitti',
      countersignPending: 'Controfirme in attesa',
    },
    byType: 'Decisioni per tipo',
    overTime: 'Decisioni nel periodo',
    byCountry: 'Tasso di approvazione per paese',
    byCountryNote: 'I 15 paesi con più decisioni; tra parentesi le decisioni che chiudono la pratica.',
    handlingByOperator: 'Tempo di lavorazione per operatore',
    median: 'mediana',
    p90: '90° percentile',
    operators: 'Operatori',
    operatorColumns: [
      'Operatore',
      'Decisioni',
      'Approv.',
      'Rifiuti',
      'Reindir.',
      'Tasso appr.',
      'Mediana',
      'Conflitti',
    ],
    redirects: 'Reindirizzamenti per destinazione',
    conflicts: 'Conflitti per causa',
    countersign: 'Controfirme (quattro occhi)',
    none: 'Nessuno nel periodo',
    approvalRateDefinition:
      'Tasso di approvazione = approvazioni ÷ (approvazioni + rifiuti + reindirizzamenti). Tempo di lavorazione: dall’apertura della richiesta alla decisione. Orari in UTC.',
    actions: {
      SEND_FORM: 'Invio modulo',
      REQUEST_INFO: 'Richiesta integrazioni',
      APPROVE: 'Approvazione',
      REJECT: 'Rifiuto',
      REDIRECT: 'Reindirizzamento',
    },
    targets: { SPID_CIE: 'SPID o CIE', EIDAS: 'eIDAS', CLICLAVORO: 'Cliclavoro' },
    countersignStatus: { PENDING: 'In attesa', CONFIRMED: 'Confermate', RETURNED: 'Restituite', VOIDED: 'Annullate' },
    decisionsCount: (n) => `${n} decisioni`,
    duration: { day: 'g', hour: 'h', minute: 'min', second: 's' },
  },
  en: {
    title: 'Supervisor report — Foreign User Accreditation',
    ministry: 'Ministry of Labour and Social Policies · Accredita',
    period: 'Period',
    operatorFilter: 'Operator',
    allOperators: 'all operators',
    generated: 'Generated on',
    page: 'Page',
    kpi: {
      decisions: 'Decisions',
      approvalRate: 'Approval rate',
      medianHandling: 'Median handling time',
      p90Handling: '90th percentile handling time',
      conflicts: 'Conflicts',
      countersignPending: 'Countersigns pending',
    },
    byType: 'Decisions by type',
    overTime: 'Decisions over the period',
    byCountry: 'Approval rate by country',
    byCountryNote: 'The 15 countries with most decisions; in brackets, the decisions that close a request.',
    handlingByOperator: 'Handling time by operator',
    median: 'median',
    p90: '90th percentile',
    operators: 'Operators',
    operatorColumns: ['Operator', 'Decisions', 'Approved', 'Rejected', 'Redirected', 'Approval', 'Median', 'Conflicts'],
    redirects: 'Redirects by target',
    conflicts: 'Conflicts by cause',
    countersign: 'Countersigns (four-eyes)',
    none: 'None in the period',
    approvalRateDefinition:
      'Approval rate = approvals ÷ (approvals + rejections + redirects). Handling time: from the request’s opening to the decision. Times in UTC.',
    actions: {
      SEND_FORM: 'Form sent',
      REQUEST_INFO: 'Information requested',
      APPROVE: 'Approval',
      REJECT: 'Rejection',
      REDIRECT: 'Redirect',
    },
    targets: { SPID_CIE: 'SPID or CIE', EIDAS: 'eIDAS', CLICLAVORO: 'Cliclavoro' },
    countersignStatus: { PENDING: 'Pending', CONFIRMED: 'Confirmed', RETURNED: 'Returned', VOIDED: 'Voided' },
    decisionsCount: (n) => `${n} decisions`,
    duration: { day: 'd', hour: 'h', minute: 'min', second: 's' },
  },
};

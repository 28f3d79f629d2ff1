import authMessages from '../features/auth/messages.ts';
import aboutMessages from '../features/shell/about-messages.ts';
import decisionMessages from '../features/decisions/messages.ts';
import queueMessages from '../features/queue/messages.ts';
import countersignMessages from '../features/supervisor/countersign/messages.ts';
import supervisorHistoryMessages from '../features/supervisor/history/messages.ts';
import supervisorMessages from '../features/supervisor/shared/messages.ts';
import ticketMessages from '../features/ticket/messages.ts';
import statsMessages from '../features/supervisor/stats/messages.ts';
import auditMessages from '../features/supervisor/audit/messages.ts';

const it = {
  app: {
    name: 'Accredita',
    tagline: 'URP · Accreditamento Utente Estero',
    ministry: 'Ministero del Lavoro e delle Politiche Sociali',
    skipToContent: 'Vai al contenuto',
    demo: 'DEMO',
    demoTitle: 'Modalità dimostrativa: dati fittizi, API centrale di riferimento integrata',
    loading: 'Caricamento…',
  },
  nav: {
    label: 'Sezioni',
    queue: 'Coda',
    ticket: 'Pratica',
    history: 'Storico',
    countersign: 'Controfirme',
    stats: 'Statistiche',
    audit: 'Audit',
    settings: 'Impostazioni',
  },
  connection: {
    connecting: 'Connessione in corso',
    online: 'Connesso',
    offline: 'Servizio locale non raggiungibile: nuovo tentativo in corso',
    unauthorized: 'Link non valido: riapri la console dal link stampato dal comando di avvio',
  },
  language: {
    label: 'Lingua',
    it: 'Italiano',
    en: 'English',
    switchTo: 'Passa all’inglese',
  },
  queue: {
    title: 'Coda delle pratiche',
    emptyTitle: 'Nessuna pratica in coda',
    emptyBody:
      'Le richieste di accreditamento compariranno qui non appena la console sarà sincronizzata con l’API centrale.',
  },
  ticket: {
    title: 'Pratica',
    emptyTitle: 'Nessuna pratica aperta',
    emptyBody: 'Scegli una pratica dalla coda per vedere il modulo PDF, il documento d’identità e i controlli.',
  },
  settings: {
    title: 'Impostazioni',
    languageHeading: 'Lingua dell’interfaccia',
    aboutHeading: 'Informazioni',
    version: 'Versione',
    mode: 'Modalità',
    modeDemo: 'Dimostrativa (API di riferimento integrata)',
    modeReal: 'Collegata all’API centrale',
    host: 'Ospitata da',
    hostElectron: 'Applicazione desktop',
    hostWeb: 'Host web locale (127.0.0.1)',
    platform: 'Sistema',
    api: 'API centrale',
    apiNone: 'Nessuna API configurata',
  },
  errors: {
    title: 'Operazione non riuscita',
    BAD_REQUEST: 'Dati non validi: controlla i campi e riprova.',
    UNKNOWN_METHOD: 'Funzione non disponibile in questa versione della console.',
    UNKNOWN_EVENT: 'Notifica non disponibile in questa versione della console.',
    BAD_RESPONSE: 'Risposta inattesa dal servizio locale: aggiorna la console.',
    FORBIDDEN: 'Operazione non consentita.',
    UNAUTHENTICATED: 'Accesso richiesto: accedi con la tua CIE.',
    LOCKED: 'La console è bloccata: rimetti la CIE sul lettore e digita il PIN.',
    UNAVAILABLE: 'Servizio locale non raggiungibile: riprova tra qualche secondo.',
    TIMEOUT: 'Il servizio locale non ha risposto in tempo: riprova.',
    INTERNAL: 'Errore interno: riprova; se si ripete, invia il registro all’assistenza.',
    dismiss: 'Chiudi',
  },
  outbox: {
    otherOperators:
      'Nessuna decisione di altri operatori in attesa. | 1 decisione presa da un altro operatore su questa postazione partirà al suo prossimo accesso. | {n} decisioni prese da altri operatori su questa postazione partiranno al loro prossimo accesso.',
    heldForReview:
      'Nessuna decisione trattenuta. | 1 decisione registrata prima dell’aggiornamento non dice chi l’ha presa: è trattenuta per verifica e non viene inviata. | {n} decisioni registrate prima dell’aggiornamento non dicono chi le ha prese: sono trattenute per verifica e non vengono inviate.',
  },
};

export type Messages = typeof it & {
  queueView: typeof queueMessages.it;
  ticketView: typeof ticketMessages.it;
  decisions: typeof decisionMessages.it;
  auth: typeof authMessages.it;
  about: typeof aboutMessages.it;
  supervisor: typeof supervisorMessages.it;
  supervisorHistory: typeof supervisorHistoryMessages.it;
  countersignView: typeof countersignMessages.it;
  statsView: typeof statsMessages.it;
  auditView: typeof auditMessages.it;
};

const en: typeof it = {
  app: {
    name: 'Accredita',
    tagline: 'URP · Foreign User Accreditation',
    ministry: 'Ministry of Labour and Social Policies',
    skipToContent: 'Skip to content',
    demo: 'DEMO',
    demoTitle: 'Demo mode: fictitious data, embedded reference central API',
    loading: 'Loading…',
  },
  nav: {
    label: 'Sections',
    queue: 'Queue',
    ticket: 'Ticket',
    history: 'History',
    countersign: 'Countersignatures',
    stats: 'Statistics',
    audit: 'Audit',
    settings: 'Settings',
  },
  connection: {
    connecting: 'Connecting',
    online: 'Connected',
    offline: 'Local service unreachable: retrying',
    unauthorized: 'Invalid link: reopen the console from the link printed by the start command',
  },
  language: {
    label: 'Language',
    it: 'Italiano',
    en: 'English',
    switchTo: 'Switch to Italian',
  },
  queue: {
    title: 'Ticket queue',
    emptyTitle: 'No tickets in the queue',
    emptyBody: 'Accreditation requests will appear here once the console has synchronised with the central API.',
  },
  ticket: {
    title: 'Ticket',
    emptyTitle: 'No ticket open',
    emptyBody: 'Pick a ticket from the queue to see the PDF form, the identity document and the checks.',
  },
  settings: {
    title: 'Settings',
    languageHeading: 'Interface language',
    aboutHeading: 'About',
    version: 'Version',
    mode: 'Mode',
    modeDemo: 'Demo (embedded reference API)',
    modeReal: 'Connected to the central API',
    host: 'Hosted by',
    hostElectron: 'Desktop application',
    hostWeb: 'Local web host (127.0.0.1)',
    platform: 'System',
    api: 'Central API',
    apiNone: 'No API configured',
  },
  errors: {
    title: 'Operation failed',
    BAD_REQUEST: 'Invalid data: check the fields and try again.',
    UNKNOWN_METHOD: 'This function is not available in this version of the console.',
    UNKNOWN_EVENT: 'This notification is not available in this version of the console.',
    BAD_RESPONSE: 'Unexpected answer from the local service: update the console.',
    FORBIDDEN: 'Operation not allowed.',
    UNAUTHENTICATED: 'Sign-in required: sign in with your CIE.',
    LOCKED: 'The console is locked: put your CIE back on the reader and type the PIN.',
    UNAVAILABLE: 'Local service unreachable: try again in a few seconds.',
    TIMEOUT: 'The local service did not answer in time: try again.',
    INTERNAL: 'Internal error: try again; if it happens again, send the log to support.',
    dismiss: 'Close',
  },
  outbox: {
    otherOperators:
      'No decision by other operators waiting. | 1 decision made by another operator on this workstation goes out at their next sign-in. | {n} decisions made by other operators on this workstation go out at their next sign-in.',
    heldForReview:
      'No decision held. | 1 decision recorded before the update does not say who made it: it is held for review and not sent. | {n} decisions recorded before the update do not say who made them: they are held for review and not sent.',
  },
};

export const messages: Record<'it' | 'en', Messages> = {
  it: {
    ...it,
    queueView: queueMessages.it,
    ticketView: ticketMessages.it,
    decisions: decisionMessages.it,
    auth: authMessages.it,
    about: aboutMessages.it,
    supervisor: supervisorMessages.it,
    supervisorHistory: supervisorHistoryMessages.it,
    countersignView: countersignMessages.it,
    statsView: statsMessages.it,
    auditView: auditMessages.it,
  },
  en: {
    ...en,
    queueView: queueMessages.en,
    ticketView: ticketMessages.en,
    decisions: decisionMessages.en,
    auth: authMessages.en,
    about: aboutMessages.en,
    supervisor: supervisorMessages.en,
    supervisorHistory: supervisorHistoryMessages.en,
    countersignView: countersignMessages.en,
    statsView: statsMessages.en,
    auditView: auditMessages.en,
  },
};

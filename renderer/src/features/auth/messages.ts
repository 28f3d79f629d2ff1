/** Texts of sign-in and lock, merged into the app's messages under `auth`. English mirrors Italian key for key. */
const it = {
  login: {
    pageTitle: 'Accesso',
    title: 'Accedi ad Accredita',
    lead: 'Accedi con la tua Carta d’Identità Elettronica (CIE) e il PIN di 8 cifre.',
    keepCard:
      'Tieni la carta appoggiata sul lettore per tutta la sessione: se la allontani, la console si blocca subito.',
    submit: 'Accedi',
    busy: 'Lettura della carta in corso…',
    starting: 'Collegamento al servizio locale in corso…',
  },
  demo: {
    title: 'Carta demo',
    hint: 'Carta demo: PIN {pin}',
    note: 'Modalità dimostrativa: la CIE virtuale è già sul lettore.',
  },
  pin: {
    label: 'PIN della CIE',
    hint: '8 cifre, le ultime 4 sono nella lettera che accompagna la carta.',
    tooShort: 'Il PIN è di 8 cifre: ne hai digitate {n}.',
  },
  reader: {
    heading: 'Lettore e carta',
    listLabel: 'Lettori collegati',
    cardPresent: 'Carta presente',
    cardAbsent: 'Nessuna carta',
    checking: 'Ricerca dei lettori in corso…',
    noService:
      'Il servizio delle smart card del computer non è in esecuzione. Chiedi all’assistenza tecnica di avviarlo (pcscd): la console se ne accorge da sola.',
    noReader: 'Nessun lettore collegato: collega il lettore di smart card contactless.',
    login: {
      noCard: 'Appoggia la tua CIE sul lettore.',
      ready: 'Carta rilevata: digita il PIN.',
    },
    unlock: {
      noCard: 'Rimetti sul lettore la CIE con cui hai effettuato l’accesso.',
      ready: 'Carta rilevata: digita il PIN per sbloccare.',
    },
  },
  trustMissing: {
    title: 'Configurazione incompleta',
    body: 'Mancano i certificati di fiducia della CIE: la console non può verificare le carte. L’amministratore deve indicarli nella configurazione (docs/cie-login.md).',
  },
  lock: {
    title: 'Console bloccata — la carta è stata rimossa',
    reason: 'Il lavoro in corso è al sicuro sotto questo blocco e riprende da dove era rimasto.',
    session: 'Sessione di {name} ({role})',
    submit: 'Sblocca',
    busy: 'Verifica della carta in corso…',
    signOut: 'Esci',
    signOutHint: 'Un’altra persona deve prima chiudere questa sessione, poi accedere con la propria CIE.',
    confirmTitle: 'Chiudere la sessione di {name}?',
    confirmBody:
      'Le decisioni registrate e non ancora inviate restano in coda su questa postazione e partiranno al prossimo accesso di {name}.',
    confirm: 'Esci comunque',
    cancel: 'Annulla',
  },
  session: {
    label: 'Sessione',
    role: {
      operator: 'Operatore',
      supervisor: 'Supervisore',
    },
    offline: 'Offline',
    offlineTitle: 'Accesso senza l’API centrale: lavori sui dati di questa postazione e le decisioni restano in coda.',
    signOut: 'Esci',
    confirmTitle: 'Decisioni non ancora inviate',
    confirmBody:
      'Nessuna decisione in attesa. | C’è una decisione registrata e non ancora inviata all’API centrale: resta in coda su questa postazione e partirà al tuo prossimo accesso. | Ci sono {n} decisioni registrate e non ancora inviate all’API centrale: restano in coda su questa postazione e partiranno al tuo prossimo accesso.',
    confirm: 'Esci comunque',
    cancel: 'Annulla',
  },
  reauth: {
    banner: 'Il server è di nuovo raggiungibile: inserisci il PIN per inviare le decisioni in coda.',
    action: 'Inserisci il PIN',
    title: 'Accedi di nuovo online',
    body: 'Tieni la stessa CIE sul lettore e digita il PIN: la sessione passa online e le decisioni in coda vengono inviate.',
    submit: 'Accedi',
    cancel: 'Più tardi',
  },
  announce: {
    signedIn: 'Accesso eseguito: {name}.',
    online: 'Di nuovo online: le decisioni in coda vengono inviate.',
    locked: 'Console bloccata: la carta è stata rimossa.',
    unlocked: 'Console sbloccata.',
    signedOut: 'Sessione chiusa.',
  },
  failure: {
    triesLeft:
      'Nessun tentativo rimasto. | Resta 1 tentativo: dopo un altro errore il PIN sarà bloccato. | Restano {n} tentativi.',
    technical: 'Dettaglio tecnico',
    NO_SERVICE: {
      title: 'Servizio smart card non attivo',
      what: 'Il servizio delle smart card del computer (pcscd) non risponde. Chiedi all’assistenza tecnica di avviarlo, poi riprova.',
    },
    NO_READER: {
      title: 'Nessun lettore collegato',
      what: 'Collega il lettore di smart card, attendi che compaia nell’elenco e riprova.',
    },
    NO_CARD: {
      title: 'Nessuna carta sul lettore',
      what: 'Appoggia la CIE sul lettore, attendi che risulti «Carta presente» e digita di nuovo il PIN.',
    },
    CARD_REMOVED: {
      title: 'La carta è stata allontanata durante la lettura',
      what: 'Rimetti la CIE sul lettore, tienila ferma finché l’operazione non è conclusa e digita di nuovo il PIN.',
    },
    READER_BUSY: {
      title: 'Un altro programma sta usando la carta',
      what: 'Chiudi gli altri programmi che usano la CIE (ad esempio il software CIE o una firma in corso nel browser) e riprova.',
    },
    NOT_A_CIE: {
      title: 'La carta non è una CIE',
      what: 'Appoggia sul lettore la tua Carta d’Identità Elettronica (CIE 3.0).',
    },
    CARD_INVALID: {
      title: 'La carta non ha superato i controlli di autenticità',
      what: 'Non usarla per l’accesso e segnala il caso al supervisore: potrebbe servire una nuova CIE.',
    },
    WRONG_PIN: {
      title: 'PIN errato',
      what: 'Controlla il PIN e digitalo di nuovo.',
    },
    PIN_BLOCKED: {
      title: 'PIN bloccato',
      what: 'Il PIN è stato bloccato dopo troppi tentativi errati. Sbloccalo con il PUK usando il software CIE ID, oppure rivolgiti al tuo Comune, poi accedi di nuovo.',
    },
    CERTIFICATE_EXPIRED: {
      title: 'Certificato della carta scaduto',
      what: 'Il certificato di autenticazione della CIE non è più valido: richiedi una nuova CIE al Comune e avvisa il supervisore.',
    },
    PROOF_REFUSED: {
      title: 'L’API centrale non ha accettato la carta',
      what: 'Riprova; se si ripete, contatta l’assistenza tecnica indicando l’ora del tentativo.',
    },
    UNKNOWN_OPERATOR: {
      title: 'Questa CIE non è abilitata',
      what: 'Il titolare della carta non risulta tra gli operatori. Chiedi al supervisore di abilitarti con il tuo codice fiscale.',
    },
    DIFFERENT_CARD: {
      title: 'Non è la carta con cui è stato fatto l’accesso',
      what: 'Solo la carta che ha aperto la sessione può sbloccarla. Se sei un’altra persona, scegli «Esci» e accedi con la tua CIE.',
    },
    DIFFERENT_OPERATOR: {
      title: 'È aperta la sessione di un’altra persona',
      what: 'Usa la stessa CIE che ha aperto la sessione, oppure esci e accedi con la tua.',
    },
    OFFLINE_UNKNOWN: {
      title: 'API centrale non raggiungibile',
      what: 'Senza connessione si accede solo con una CIE già usata online su questa postazione. Riprova quando la rete torna disponibile.',
    },
    SERVER_ERROR: {
      title: 'L’API centrale ha risposto con un errore',
      what: 'Riprova tra qualche minuto; se si ripete, contatta l’assistenza tecnica.',
    },
    TRUST_MISSING: {
      title: 'Configurazione incompleta',
      what: 'Mancano i certificati di fiducia della CIE: l’amministratore deve indicarli nella configurazione della console.',
    },
    BUSY: {
      title: 'Lettura della carta già in corso',
      what: 'Attendi che finisca, poi riprova.',
    },
    NOT_LOCKED: {
      title: 'La console non è bloccata',
      what: 'Puoi continuare a lavorare.',
    },
    LOCKED: {
      title: 'La console è bloccata',
      what: 'Sbloccala con la stessa CIE e il PIN, oppure esci.',
    },
    CARD_ERROR: {
      title: 'Errore di comunicazione con la carta',
      what: 'Rimetti la CIE al centro del lettore e riprova; se si ripete, prova un altro lettore.',
    },
  },
};

const en: typeof it = {
  login: {
    pageTitle: 'Sign in',
    title: 'Sign in to Accredita',
    lead: 'Sign in with your Electronic Identity Card (CIE) and its 8-digit PIN.',
    keepCard: 'Keep the card on the reader for the whole session: if you take it away, the console locks at once.',
    submit: 'Sign in',
    busy: 'Reading the card…',
    starting: 'Connecting to the local service…',
  },
  demo: {
    title: 'Demo card',
    hint: 'Demo card: PIN {pin}',
    note: 'Demo mode: the virtual CIE is already on the reader.',
  },
  pin: {
    label: 'CIE PIN',
    hint: '8 digits; the last 4 are in the letter that came with the card.',
    tooShort: 'The PIN has 8 digits: you typed {n}.',
  },
  reader: {
    heading: 'Reader and card',
    listLabel: 'Connected readers',
    cardPresent: 'Card present',
    cardAbsent: 'No card',
    checking: 'Looking for readers…',
    noService:
      'The computer’s smart-card service is not running. Ask technical support to start it (pcscd): the console notices by itself.',
    noReader: 'No reader connected: connect the contactless smart-card reader.',
    login: {
      noCard: 'Place your CIE on the reader.',
      ready: 'Card found: type your PIN.',
    },
    unlock: {
      noCard: 'Put back on the reader the CIE you signed in with.',
      ready: 'Card found: type your PIN to unlock.',
    },
  },
  trustMissing: {
    title: 'Configuration incomplete',
    body: 'The CIE trust certificates are missing, so the console cannot verify cards. An administrator must set them in the configuration (docs/cie-login.md).',
  },
  lock: {
    title: 'Console locked — the card was removed',
    reason: 'Your work is safe under this lock and resumes where you left it.',
    session: 'Session of {name} ({role})',
    submit: 'Unlock',
    busy: 'Checking the card…',
    signOut: 'Sign out',
    signOutHint: 'Another person must first close this session, then sign in with their own CIE.',
    confirmTitle: 'Close {name}’s session?',
    confirmBody:
      'Decisions recorded and not yet sent stay queued on this workstation and go out at {name}’s next sign-in.',
    confirm: 'Sign out anyway',
    cancel: 'Cancel',
  },
  session: {
    label: 'Session',
    role: {
      operator: 'Operator',
      supervisor: 'Supervisor',
    },
    offline: 'Offline',
    offlineTitle: 'Signed in without the central API: you work on this workstation’s data and decisions stay queued.',
    signOut: 'Sign out',
    confirmTitle: 'Decisions not yet sent',
    confirmBody:
      'No decision waiting. | One decision is recorded and not yet sent to the central API: it stays queued on this workstation and goes out at your next sign-in. | {n} decisions are recorded and not yet sent to the central API: they stay queued on this workstation and go out at your next sign-in.',
    confirm: 'Sign out anyway',
    cancel: 'Cancel',
  },
  reauth: {
    banner: 'The server can be reached again: type your PIN to send the queued decisions.',
    action: 'Type the PIN',
    title: 'Sign in online again',
    body: 'Keep the same CIE on the reader and type the PIN: the session goes online and the queued decisions are sent.',
    submit: 'Sign in',
    cancel: 'Later',
  },
  announce: {
    signedIn: 'Signed in: {name}.',
    online: 'Online again: the queued decisions are being sent.',
    locked: 'Console locked: the card was removed.',
    unlocked: 'Console unlocked.',
    signedOut: 'Session closed.',
  },
  failure: {
    triesLeft: 'No tries left. | 1 try left: one more mistake blocks the PIN. | {n} tries left.',
    technical: 'Technical detail',
    NO_SERVICE: {
      title: 'Smart-card service not running',
      what: 'The computer’s smart-card service (pcscd) does not answer. Ask technical support to start it, then try again.',
    },
    NO_READER: {
      title: 'No reader connected',
      what: 'Connect the smart-card reader, wait until it appears in the list and try again.',
    },
    NO_CARD: {
      title: 'No card on the reader',
      what: 'Place the CIE on the reader, wait for “Card present” and type the PIN again.',
    },
    CARD_REMOVED: {
      title: 'The card was moved away while being read',
      what: 'Put the CIE back on the reader, keep it still until the operation ends and type the PIN again.',
    },
    READER_BUSY: {
      title: 'Another program is using the card',
      what: 'Close the other programs using the CIE (for example the CIE software or a signature in progress in the browser) and try again.',
    },
    NOT_A_CIE: {
      title: 'The card is not a CIE',
      what: 'Place your Electronic Identity Card (CIE 3.0) on the reader.',
    },
    CARD_INVALID: {
      title: 'The card failed the authenticity checks',
      what: 'Do not use it to sign in and report it to your supervisor: a new CIE may be needed.',
    },
    WRONG_PIN: {
      title: 'Wrong PIN',
      what: 'Check the PIN and type it again.',
    },
    PIN_BLOCKED: {
      title: 'PIN blocked',
      what: 'The PIN was blocked after too many wrong tries. Unblock it with the PUK using the CIE ID software, or at your Comune, then sign in again.',
    },
    CERTIFICATE_EXPIRED: {
      title: 'The card’s certificate has expired',
      what: 'The CIE’s authentication certificate is no longer valid: ask your Comune for a new CIE and tell your supervisor.',
    },
    PROOF_REFUSED: {
      title: 'The central API did not accept the card',
      what: 'Try again; if it happens again, contact technical support and say when you tried.',
    },
    UNKNOWN_OPERATOR: {
      title: 'This CIE is not enabled',
      what: 'The card holder is not among the operators. Ask your supervisor to enrol you with your codice fiscale.',
    },
    DIFFERENT_CARD: {
      title: 'This is not the card that signed in',
      what: 'Only the card that opened the session can unlock it. If you are someone else, choose “Sign out” and sign in with your own CIE.',
    },
    DIFFERENT_OPERATOR: {
      title: 'Someone else’s session is open',
      what: 'Use the CIE that opened the session, or sign out and sign in with yours.',
    },
    OFFLINE_UNKNOWN: {
      title: 'Central API unreachable',
      what: 'Without a connection only a CIE already used online on this workstation can sign in. Try again when the network is back.',
    },
    SERVER_ERROR: {
      title: 'The central API answered with an error',
      what: 'Try again in a few minutes; if it happens again, contact technical support.',
    },
    TRUST_MISSING: {
      title: 'Configuration incomplete',
      what: 'The CIE trust certificates are missing: an administrator must set them in the console’s configuration.',
    },
    BUSY: {
      title: 'A card reading is already running',
      what: 'Wait for it to end, then try again.',
    },
    NOT_LOCKED: {
      title: 'The console is not locked',
      what: 'You can carry on working.',
    },
    LOCKED: {
      title: 'The console is locked',
      what: 'Unlock it with the same CIE and its PIN, or sign out.',
    },
    CARD_ERROR: {
      title: 'Error talking to the card',
      what: 'Put the CIE back in the middle of the reader and try again; if it happens again, try another reader.',
    },
  },
};

export default { it, en };

/** Texts of the four-eyes countersign view, merged into the app's messages under `countersignView`. English mirrors Italian key for key. */
const it = {
  title: 'Controfirme',
  intro:
    'Approvazioni che una regola dei quattro occhi ha fermato: le credenziali partono solo dopo la controfirma di un secondo supervisore. Dalla più vecchia.',
  count: 'Nessuna approvazione in attesa | 1 approvazione in attesa | {count} approvazioni in attesa',
  refresh: 'Aggiorna',
  empty: {
    title: 'Nessuna approvazione da controfirmare',
    body: 'Quando un’approvazione richiede la controfirma comparirà qui.',
  },
  item: {
    label: 'Approvazione della pratica {ticketId}',
    maker: 'Approvata da',
    at: 'il',
    country: 'Paese',
    services: 'Servizi',
    note: 'Nota dell’operatore',
    why: 'Perché serve la controfirma',
    evidence: 'Vedi le evidenze',
    evidenceLabel: 'Vedi le evidenze della pratica {ticketId}',
    own: 'È una tua approvazione: la regola dei quattro occhi non ti consente di controfirmarla. Deve farlo un altro supervisore.',
    noteLabel: 'Nota per l’operatore',
    noteHint: 'Facoltativa per la controfirma, obbligatoria per restituire: l’operatore leggerà il motivo.',
    confirm: 'Controfirma',
    confirmLabel: 'Controfirma l’approvazione della pratica {ticketId}',
    return: 'Restituisci',
    returnLabel: 'Restituisci all’operatore la pratica {ticketId}',
    noteRequired: 'Per restituire l’approvazione scrivi una nota: l’operatore deve sapere cosa rivedere.',
    working: 'Invio in corso…',
  },
  done: {
    CONFIRM: 'Pratica {ticketId} controfirmata: le credenziali vengono rilasciate.',
    RETURN: 'Pratica {ticketId} restituita all’operatore con la tua nota.',
  },
  refused: {
    FOUR_EYES: 'Il servizio ha rifiutato la controfirma: non puoi controfirmare una tua approvazione.',
    CONFLICT:
      'L’approvazione non è più in attesa: i file della pratica sono cambiati (controfirma annullata) o un altro supervisore l’ha già trattata. L’elenco è stato aggiornato.',
    other: 'Controfirma non registrata: {reason}',
  },
  voided: {
    title: 'Controfirme annullate di recente',
    body: 'Dopo l’approvazione sono arrivati nuovi file: l’evidenza su cui l’operatore aveva deciso non vale più, la controfirma è stata annullata e la pratica è tornata in esame. Non serve alcuna azione qui: l’operatore deciderà di nuovo.',
    item: 'Pratica {ticketId}, approvata da {name} il {time}',
  },
};

const en: typeof it = {
  title: 'Countersignatures',
  intro:
    'Approvals stopped by a four-eyes rule: the credentials are issued only after a second supervisor countersigns. Oldest first.',
  count: 'No approvals waiting | 1 approval waiting | {count} approvals waiting',
  refresh: 'Refresh',
  empty: {
    title: 'No approvals to countersign',
    body: 'When an approval needs a countersignature it will appear here.',
  },
  item: {
    label: 'Approval of ticket {ticketId}',
    maker: 'Approved by',
    at: 'on',
    country: 'Country',
    services: 'Services',
    note: 'Operator’s note',
    why: 'Why it needs a countersignature',
    evidence: 'See the evidence',
    evidenceLabel: 'See the evidence of ticket {ticketId}',
    own: 'This is your own approval: the four-eyes rule does not allow you to countersign it. Another supervisor must do it.',
    noteLabel: 'Note for the operator',
    noteHint: 'Optional to countersign, required to return: the operator will read why.',
    confirm: 'Countersign',
    confirmLabel: 'Countersign the approval of ticket {ticketId}',
    return: 'Return',
    returnLabel: 'Return ticket {ticketId} to the operator',
    noteRequired: 'To return the approval write a note: the operator needs to know what to review.',
    working: 'Sending…',
  },
  done: {
    CONFIRM: 'Ticket {ticketId} countersigned: the credentials are being issued.',
    RETURN: 'Ticket {ticketId} returned to the operator with your note.',
  },
  refused: {
    FOUR_EYES: 'The service refused the countersignature: you cannot countersign your own approval.',
    CONFLICT:
      'The approval is no longer waiting: the ticket’s files changed (countersignature voided) or another supervisor already handled it. The list has been refreshed.',
    other: 'Countersignature not recorded: {reason}',
  },
  voided: {
    title: 'Recently voided countersignatures',
    body: 'New files arrived after the approval: the evidence the operator decided on no longer holds, the countersignature was voided and the ticket went back to review. Nothing to do here: the operator will decide again.',
    item: 'Ticket {ticketId}, approved by {name} on {time}',
  },
};

export default { it, en };

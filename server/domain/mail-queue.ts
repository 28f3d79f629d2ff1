import type { Db } from '../storage/database.ts';
import { prepared } from '../storage/statements.ts';

export type MailKind =
  | 'ACKNOWLEDGEMENT'
  | 'FORM_REQUEST'
  | 'INFO_REQUEST'
  | 'CREDENTIALS_USERNAME'
  | 'CREDENTIALS_PASSWORD'
  | 'REJECTION'
  | 'REDIRECT';

type Language = 'it' | 'en' | 'fr' | 'es' | 'de';

// Subjects of the server's own e-mails; the operator-facing templates with reasons live with the checks engine.
const SUBJECTS: Record<MailKind, Record<Language, string>> = {
  ACKNOWLEDGEMENT: {
    it: 'Richiesta ricevuta',
    en: 'Request received',
    fr: 'Demande reçue',
    es: 'Solicitud recibida',
    de: 'Anfrage erhalten',
  },
  FORM_REQUEST: {
    it: 'Modulo da compilare',
    en: 'Form to fill in',
    fr: 'Formulaire à remplir',
    es: 'Formulario para rellenar',
    de: 'Auszufüllendes Formular',
  },
  INFO_REQUEST: {
    it: 'Servono altre informazioni',
    en: 'More information needed',
    fr: 'Informations complémentaires requises',
    es: 'Se necesita más información',
    de: 'Weitere Angaben erforderlich',
  },
  CREDENTIALS_USERNAME: {
    it: 'Le tue credenziali: nome utente',
    en: 'Your credentials: username',
    fr: 'Vos identifiants : nom d’utilisateur',
    es: 'Sus credenciales: nombre de usuario',
    de: 'Ihre Zugangsdaten: Benutzername',
  },
  CREDENTIALS_PASSWORD: {
    it: 'Le tue credenziali: password temporanea',
    en: 'Your credentials: temporary password',
    fr: 'Vos identifiants : mot de passe temporaire',
    es: 'Sus credenciales: contraseña temporal',
    de: 'Ihre Zugangsdaten: vorläufiges Passwort',
  },
  REJECTION: {
    it: 'Esito della richiesta',
    en: 'Outcome of your request',
    fr: 'Résultat de votre demande',
    es: 'Resultado de su solicitud',
    de: 'Ergebnis Ihrer Anfrage',
  },
  REDIRECT: {
    it: 'Come accedere ai Servizi Lavoro',
    en: 'How to access Servizi Lavoro',
    fr: 'Comment accéder à Servizi Lavoro',
    es: 'Cómo acceder a Servizi Lavoro',
    de: 'So greifen Sie auf Servizi Lavoro zu',
  },
};

export interface MailRequest {
  /** Same key, same e-mail: a retried operation never queues a second copy. */
  dedupeKey: string;
  ticketId: string;
  kind: MailKind;
  to: string;
  language: Language;
  body: string;
  at: string;
}

/** Queues an e-mail in the server's outbox exactly once per dedupe key; returns whether it was new. */
export function enqueueMail(db: Db, mail: MailRequest): boolean {
  const subject = `[Servizi Lavoro] ${SUBJECTS[mail.kind][mail.language]}`;
  const result = prepared(
    db,
    `INSERT INTO mail_outbox (dedupe_key, ticket_id, kind, recipient, subject, body, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (dedupe_key) DO NOTHING`,
  ).run(mail.dedupeKey, mail.ticketId, mail.kind, mail.to, subject, mail.body, mail.at);
  return result.changes === 1;
}

export function listMail(db: Db, ticketId?: string) {
  const rows = prepared(
    db,
    `SELECT id, ticket_id, kind, recipient, subject, created_at FROM mail_outbox
       WHERE (? IS NULL OR ticket_id = ?) ORDER BY id`,
  ).all(ticketId ?? null, ticketId ?? null) as {
    id: number;
    ticket_id: string;
    kind: MailKind;
    recipient: string;
    subject: string;
    created_at: string;
  }[];
  return rows.map((r) => ({
    id: r.id,
    ticketId: r.ticket_id,
    kind: r.kind,
    to: r.recipient,
    subject: r.subject,
    createdAt: r.created_at,
  }));
}

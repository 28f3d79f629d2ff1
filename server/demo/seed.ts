import { v7 as uuidv7 } from 'uuid';
import type { z } from 'zod';
import type { DecisionRequestSchema, IntakeRequestSchema, Ticket, TicketState } from '../../common/api/schemas.ts';
import { canonicalJson } from '../../common/domain/canonical-json.ts';
import { DEMO_STAFF } from '../../common/demo/identities.ts';
import type { ApiServer } from '../api-server.ts';
import { sha256Hex } from '../storage/ticket-store.ts';
import { fillForm, type FormValues } from './form-filler.ts';
import { renderIdDocument, type IdDocument } from './id-document.ts';
import { demoApplicant, type DemoApplicant } from './population.ts';
import { seededRandom } from './random.ts';

export interface SeedOptions {
  count: number;
  seed: number;
  /** Distinct ID documents and forms made; beyond this, tickets reuse earlier ones (load tests need volume, not variety). */
  documentLimit?: number;
  today?: Date;
}

const countryName = (alpha2: string, language: string) =>
  new Intl.DisplayNames([language], { type: 'region' }).of(alpha2) ?? alpha2;

function shiftDay(iso: string, days: number): string {
  const date = new Date(`${iso}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** The applicant's filled form; deliberate mismatches and omissions come from the person's defects. */
function formValues(person: DemoApplicant, random: () => number): FormValues {
  const { applicant, document, defects } = person;
  const services = [
    'servizio_cabotaggio',
    'servizio_delocalizzazione_call_center',
    'servizio_distacco_transnazionale',
    'servizio_riconoscimento_qualifiche',
  ];
  const chosen = random() < 0.05 ? [] : services.filter(() => random() < 0.35);
  if (chosen.length === 0 && random() < 0.95) chosen.push(services[2]!);
  const role = random() < 0.6 ? 'cittadino' : random() < 0.75 ? 'azienda' : 'soggetto_abilitato';
  const city = `${applicant.cognome.split(' ')[0]}ville`;
  const surname =
    defects.formMismatch === 'surname'
      ? `${applicant.cognome}${applicant.cognome.endsWith('a') ? 'o' : 'a'}`
      : applicant.cognome;
  const values: Record<string, string | boolean> = {
    cognome: surname,
    nome: applicant.nome,
    data_nascita: defects.formMismatch === 'birthDate' ? shiftDay(applicant.birthDate!, 1) : applicant.birthDate!,
    sesso: document.sex,
    luogo_nascita: city,
    stato_nascita: countryName(applicant.nationality, 'it'),
    cittadinanza: countryName(applicant.nationality, 'it'),
    email: applicant.email,
    telefono: applicant.telefono,
    residenza_indirizzo: `${1 + Math.floor(random() * 200)} Main Street`,
    residenza_citta: city,
    residenza_stato: countryName(applicant.residenceCountry, 'it'),
    documento_tipo: person.layout === 'TD3' ? 'passaporto' : 'carta_identita',
    documento_numero: document.documentNumber,
    documento_stato_rilascio: countryName(applicant.nationality, 'it'),
    documento_data_rilascio: shiftDay(document.expiryDate, -3650),
    documento_data_scadenza: document.expiryDate,
    ruolo: role,
    consenso_privacy: true,
    luogo_firma: city,
    ...Object.fromEntries(chosen.map((name) => [name, true])),
  };
  if (applicant.codiceFiscalePiva) values.codice_fiscale_estero = applicant.codiceFiscalePiva;
  if (role !== 'cittadino') {
    values.azienda_ragione_sociale = `${applicant.cognome} Logistics Ltd`;
    values.azienda_paese = countryName(applicant.residenceCountry, 'it');
  }
  if (random() > 0.05) values.data_firma = shiftDay(new Date().toISOString().slice(0, 10), -Math.floor(random() * 20));
  return values;
}

const base64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');
const EXTENSION = { 'image/png': 'png', 'image/jpeg': 'jpg', 'application/pdf': 'pdf' } as const;

/**
 * Fills an empty reference API with the deterministic demo data set: tickets through intake and
 * e-mail replies as URP Online would send them, then decisions by the demo staff until each
 * ticket reaches its planned state. A database that already has tickets is left as it is.
 */
export async function seedDemoData(server: ApiServer, options: SeedOptions) {
  const { count, seed, documentLimit = 400, today = new Date() } = options;
  // The demo staff are enrolled on every start: a demo database from an earlier run keeps working.
  for (const member of DEMO_STAFF) server.people.enroll({ ...member });
  const existing = (server.db.prepare('SELECT COUNT(*) AS n FROM tickets').get() as { n: number }).n;
  if (existing > 0) return { skipped: true, existing };
  const started = performance.now();
  const operators = DEMO_STAFF.filter((m) => m.role === 'operator' && !m.inTraining);

  const population: DemoApplicant[] = [];
  const documents: IdDocument[] = [];
  const forms: Uint8Array[] = [];
  const byState: Partial<Record<TicketState, number>> = {};

  for (let index = 0; index < count; index += 1) {
    const person = demoApplicant(seed, index, today, (i) => population[i]!);
    population.push(person);
    const random = seededRandom(seed * 7919 + index);
    const actor = operators[index % operators.length]!;
    const asActor = { id: actor.id, name: actor.name, inTraining: actor.inTraining };

    let idDocument = documents[index % documentLimit];
    if (index < documentLimit || !idDocument) {
      idDocument = await renderIdDocument(person.document, {
        layout: person.layout,
        seed: seed * 100_000 + index,
        format: person.defects.format,
        ...(person.defects.rotation === undefined ? {} : { rotation: person.defects.rotation }),
        ...(person.defects.noise === undefined ? {} : { noise: person.defects.noise }),
        ...(person.defects.brokenMrz ? { break: person.defects.brokenMrz } : {}),
      });
      documents[index % documentLimit] = idDocument;
    }
    const intake: z.output<typeof IntakeRequestSchema> = {
      categoria: 'Gestione Accessi',
      sottocategoria: 'Accreditamento Utente Estero',
      applicant: person.applicant,
      consenso: { given: true, at: today.toISOString() },
      attachments: [
        {
          filename: `documento-identita.${EXTENSION[idDocument.mimeType]}`,
          contentType: idDocument.mimeType,
          kind: 'ID_COPY',
          dataBase64: base64(idDocument.bytes),
        },
      ],
    };
    let ticket: Ticket = server.tickets.create(intake, 'urp-online');
    if (person.kind === 'cliclavoro') {
      server.cliclavoro.add({
        email: person.applicant.email,
        surname: person.applicant.cognome,
        givenNames: person.applicant.nome,
        birthDate: person.applicant.birthDate!,
      });
    }

    const decide = async (
      request: Omit<
        z.output<typeof DecisionRequestSchema>,
        'baseVersion' | 'evidenceHash' | 'deviceId' | 'decidedAt' | 'countersignFlags' | 'reasonCodes'
      > &
        Partial<z.output<typeof DecisionRequestSchema>>,
    ) => {
      const body: z.output<typeof DecisionRequestSchema> = {
        reasonCodes: [],
        countersignFlags: [],
        ...request,
        baseVersion: ticket.version,
        evidenceHash: ticket.evidenceHash,
        deviceId: 'demo-seed',
        decidedAt: new Date().toISOString(),
      };
      const answer = server.tickets.decide(
        ticket.id,
        asActor,
        uuidv7(),
        body,
        sha256Hex(canonicalJson({ ticketId: ticket.id, body })),
      );
      if (answer.status !== 201)
        throw new Error(`demo seed: ${request.action} on ${ticket.id} answered ${answer.body}`);
      ticket = server.tickets.get(ticket.id);
    };
    const receiveDocuments = async () => {
      const slot = index % documentLimit;
      const form =
        index < documentLimit || !forms[slot]
          ? await fillForm(formValues(person, random), { flatten: person.defects.flattenedForm === true })
          : forms[slot]!;
      forms[slot] = form;
      ticket = server.tickets.addEmail(
        ticket.id,
        {
          from: person.applicant.email,
          subject: `Re: [Servizi Lavoro] ${ticket.id}`,
          receivedAt: new Date().toISOString(),
          attachments: [
            {
              filename: 'modulo-accreditamento.pdf',
              contentType: 'application/pdf',
              kind: 'FORM',
              dataBase64: base64(form),
            },
          ],
        },
        'urp-online',
      );
    };
    const claim = () => {
      server.tickets.claim(ticket.id, asActor);
      ticket = server.tickets.get(ticket.id);
    };
    const rejectionReason = person.defects.expired
      ? 'DOC_EXPIRED'
      : person.defects.brokenMrz
        ? 'MRZ_CHECK_FAILED'
        : 'UNREADABLE';

    switch (person.targetState) {
      case 'NEW':
        break;
      case 'REDIRECTED': {
        const target = person.kind === 'italian-cf' ? 'SPID_CIE' : person.kind === 'eidas' ? 'EIDAS' : 'CLICLAVORO';
        const reason =
          person.kind === 'italian-cf'
            ? 'HAS_ITALIAN_CF'
            : person.kind === 'eidas'
              ? 'EIDAS_AVAILABLE'
              : 'CLICLAVORO_ACCOUNT';
        await decide({ action: 'REDIRECT', redirectTarget: target, reasonCodes: [reason] });
        break;
      }
      default: {
        await decide({ action: 'SEND_FORM' });
        if (person.targetState === 'FORM_SENT') break;
        if (person.targetState === 'REJECTED' && random() < 0.4) {
          await decide({ action: 'REJECT', reasonCodes: ['NO_REPLY'] });
          break;
        }
        await receiveDocuments();
        if (person.targetState === 'DOCS_RECEIVED') break;
        claim();
        if (person.targetState === 'INFO_REQUESTED')
          await decide({ action: 'REQUEST_INFO', reasonCodes: [rejectionReason] });
        else if (person.targetState === 'REJECTED') await decide({ action: 'REJECT', reasonCodes: [rejectionReason] });
        else if (person.targetState === 'APPROVED')
          await decide({ action: 'APPROVE', services: ['DISTACCO_TRANSNAZIONALE'] });
        else if (person.targetState === 'AWAITING_COUNTERSIGN') {
          await decide({
            action: 'APPROVE',
            services: ['DISTACCO_TRANSNAZIONALE', 'CABOTAGGIO'],
            countersignFlags: [person.defects.expiringSoon ? 'DOC_EXPIRING_SOON' : 'NO_MATCH_OVERRIDDEN'],
          });
        }
      }
    }
    byState[ticket.state] = (byState[ticket.state] ?? 0) + 1;
  }
  await server.drainCredentials();
  return {
    tickets: count,
    documents: Math.min(count, documentLimit),
    byState,
    seconds: Math.round((performance.now() - started) / 100) / 10,
  };
}

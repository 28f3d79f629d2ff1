import { createHash } from 'node:crypto';
import type { Ticket } from '../../../common/api/schemas.ts';
import type { Evidence } from '../../../common/checks/cross-check.ts';
import type { EidasList, EligibilityResult } from '../../../common/checks/eligibility.ts';
import type { MrzReadResult, MrzResult, ParsedMrz } from '../../../common/checks/mrz.ts';
import type { PdfFormResult } from '../../../common/checks/pdf-form.ts';
import type { ReasonCatalog } from '../../../common/checks/reasons.ts';
import type { CheckProblem, LocalizedText } from '../../../common/checks/text.ts';
import { TicketChecksSchema, type TicketChecks } from '../../../common/checks/ticket-checks.ts';
import { ContractFailure } from '../../../common/contract/result.ts';
import type { CliclavoroLookup } from '../rules/eligibility.ts';
import { evaluateEligibility } from '../rules/eligibility.ts';
import type { CheckStore } from './check-store.ts';
import { crossCheck } from './cross-check.ts';
import { findDuplicates } from './duplicates.ts';
import type { CacheDb } from '../cache/cache-database.ts';
import { verdictOf } from './verdict.ts';

type Attachment = Ticket['attachments'][number];

/** Bumped when the checks change meaning, so results stored by an older console are recomputed. */
const ENGINE_VERSION = 1;

export interface TicketChecksDeps {
  db: CacheDb;
  store: CheckStore;
  /** The ticket as the cache holds it. */
  ticket(ticketId: string): Ticket | undefined;
  /** An attachment's bytes: stored, or fetched and verified; throws when it cannot be had. */
  attachment(ticketId: string, sha256: string): Promise<{ contentType: string; data: Uint8Array }>;
  eidasList: EidasList | undefined;
  reasons: ReasonCatalog;
  lookupCliclavoro: CliclavoroLookup;
  readPdfForm(bytes: Uint8Array): Promise<PdfFormResult>;
  readMrz(bytes: Uint8Array, mimeType: string, options: { now: Date }): Promise<MrzReadResult>;
  parseMrz(text: string, options: { now: Date }): MrzResult;
  now(): Date;
}

const unavailable = (file: Attachment, reason: string): CheckProblem => ({
  code: 'ATTACHMENT_UNAVAILABLE',
  message: {
    it: `«${file.filename}» non è disponibile su questa postazione (${reason}): i controlli che ne dipendono riprendono quando torna la connessione.`,
    en: `“${file.filename}” is not available on this workstation (${reason}): the checks that need it resume when the connection is back.`,
  },
});

const NO_EIDAS_LIST: LocalizedText = {
  it: 'L’elenco eIDAS non si è potuto leggere: idoneità non valutata. Segnalarlo all’assistenza tecnica.',
  en: 'The eIDAS list could not be read: eligibility not assessed. Report it to technical support.',
};

function pdfEvidence(form: PdfFormResult | null): Evidence | undefined {
  if (form?.status !== 'READ') return undefined;
  const text = (key: string) => {
    const value = form.values[key];
    return typeof value === 'string' && value.trim() ? value : undefined;
  };
  const sex = text('applicant.sex');
  return {
    surname: text('applicant.surname'),
    givenNames: text('applicant.givenNames'),
    birthDate: text('applicant.birthDate'),
    nationality: text('applicant.nationality'),
    documentNumber: text('document.number'),
    expiryDate: text('document.expiryDate'),
    sex: sex === 'M' || sex === 'F' || sex === 'X' ? sex : undefined,
  };
}

function mrzEvidence(mrz: ParsedMrz | null): Evidence | undefined {
  if (!mrz) return undefined;
  const { fields } = mrz;
  return {
    surname: fields.surname || undefined,
    givenNames: fields.givenNames || undefined,
    birthDate: fields.birthDate ?? undefined,
    nationality: fields.nationality || undefined,
    documentNumber: fields.documentNumber || undefined,
    expiryDate: fields.expiryDate ?? undefined,
    sex: fields.sex ?? undefined,
  };
}

const defined = <T>(values: (T | undefined | null)[]): T[] =>
  values.filter((v): v is T => v !== undefined && v !== null);

/**
 * Runs every check on a ticket and keeps the result in the cache, keyed on what it was computed
 * from: the documents (evidence hash), what the applicant typed, an MRZ the operator typed, and
 * the data files' versions. Opening a ticket again costs nothing until one of those changes.
 */
export function createTicketChecks(deps: TicketChecksDeps) {
  const inputKey = (ticket: Ticket, typed: string | undefined) =>
    createHash('sha256')
      .update(
        JSON.stringify([
          ENGINE_VERSION,
          ticket.evidenceHash,
          ticket.applicant,
          ticket.state,
          typed ?? null,
          deps.eidasList?.version ?? null,
          deps.reasons.version,
        ]),
      )
      .digest('hex');

  async function readFile(ticket: Ticket, file: Attachment, problems: CheckProblem[]) {
    try {
      return (await deps.attachment(ticket.id, file.sha256)).data;
    } catch (error) {
      const reason = error instanceof ContractFailure ? error.message : 'errore di lettura / read error';
      problems.push(unavailable(file, reason));
      return undefined;
    }
  }

  async function compute(ticket: Ticket, key: string): Promise<TicketChecks> {
    const now = deps.now();
    const problems: CheckProblem[] = [];

    let eligibility: EligibilityResult | null = null;
    if (deps.eidasList) {
      eligibility = await evaluateEligibility(
        {
          applicant: {
            nome: ticket.applicant.nome,
            cognome: ticket.applicant.cognome,
            email: ticket.applicant.email,
            nationality: ticket.applicant.nationality,
            residenceCountry: ticket.applicant.residenceCountry,
            ...(ticket.applicant.codiceFiscalePiva ? { codiceFiscalePiva: ticket.applicant.codiceFiscalePiva } : {}),
            ...(ticket.applicant.birthDate ? { birthDate: ticket.applicant.birthDate } : {}),
          },
        },
        { eidasList: deps.eidasList, lookupCliclavoro: deps.lookupCliclavoro, today: now },
      );
    }

    const formFile = ticket.attachments.find((f) => f.kind === 'FORM' && f.contentType === 'application/pdf');
    let form: TicketChecks['form'] = null;
    if (formFile) {
      const bytes = await readFile(ticket, formFile, problems);
      if (bytes) form = { sha256: formFile.sha256, filename: formFile.filename, result: await deps.readPdfForm(bytes) };
    }

    const typedMrz = deps.store.typedMrz(ticket.id);
    const typed = typedMrz ? { ...typedMrz, result: deps.parseMrz(typedMrz.text, { now }) } : null;
    let read: TicketChecks['mrz']['read'] = null;
    if (!typed?.result.ok) {
      // Several ID copies (front and back, a second document): the first whose MRZ reads wins.
      for (const file of ticket.attachments.filter((f) => f.kind === 'ID_COPY')) {
        const bytes = await readFile(ticket, file, problems);
        if (!bytes) continue;
        read = {
          sha256: file.sha256,
          filename: file.filename,
          result: await deps.readMrz(bytes, file.contentType, { now }),
        };
        if (read.result.ok) break;
      }
    }
    const used = typed?.result.ok ? typed.result : read?.result.ok ? read.result.mrz : null;
    const problem = used
      ? null
      : typed && !typed.result.ok
        ? typed.result.problem
        : read && !read.result.ok
          ? read.result.problem
          : null;

    const evidence = {
      web: {
        surname: ticket.applicant.cognome,
        givenNames: ticket.applicant.nome,
        nationality: ticket.applicant.nationality,
        birthDate: ticket.applicant.birthDate,
      },
      pdf: pdfEvidence(form?.result ?? null),
      mrz: mrzEvidence(used),
    };
    const crossChecked = crossCheck(evidence);
    const documentNumbers = defined([evidence.pdf?.documentNumber, evidence.mrz?.documentNumber]);
    const birthDates = defined([evidence.web.birthDate, evidence.pdf?.birthDate, evidence.mrz?.birthDate]);
    const duplicates = findDuplicates(deps.db, ticket.id, {
      email: ticket.applicant.email,
      documentNumbers,
      surname: ticket.applicant.cognome,
      givenNames: ticket.applicant.nome,
      birthDates,
    });
    const verdict = verdictOf({
      state: ticket.state,
      hasForm: formFile !== undefined,
      eligibility,
      form: form?.result ?? null,
      mrz: used,
      mrzProblem: problem,
      crossCheck: crossChecked,
      duplicates,
      reasons: deps.reasons,
      today: now,
    });

    const result = TicketChecksSchema.parse({
      ticketId: ticket.id,
      computedAt: now.toISOString(),
      eligibility,
      eligibilityProblem: deps.eidasList ? null : NO_EIDAS_LIST,
      form,
      mrz: { source: used ? (typed?.result.ok ? 'typed' : 'read') : 'none', read, typed, used, problem },
      crossCheck: crossChecked,
      duplicates,
      verdict,
      problems,
    });
    // An answer still waiting on the network (Cliclavoro, an attachment) is not kept: the next look retries.
    const complete = problems.length === 0 && !eligibility?.pending;
    if (complete) {
      deps.store.put(ticket.id, {
        inputKey: key,
        computedAt: result.computedAt,
        resultJson: JSON.stringify(result),
        documentNumbers,
        birthDates,
      });
    }
    return result;
  }

  const running = new Map<string, Promise<TicketChecks>>();

  /** The ticket's checks: stored when still valid, else computed (an OCR read takes about a second). */
  async function get(ticketId: string, options: { refresh?: boolean } = {}): Promise<TicketChecks> {
    const ticket = deps.ticket(ticketId);
    if (!ticket) throw new ContractFailure('NOT_FOUND', `Ticket ${ticketId} is not in this console's cache`);
    const key = inputKey(ticket, deps.store.typedMrz(ticketId)?.text);
    const stored = deps.store.get(ticketId);
    if (stored?.inputKey === key && !options.refresh) return TicketChecksSchema.parse(JSON.parse(stored.resultJson));
    // Two panels asking at once share one computation.
    const pending = running.get(key) ?? compute(ticket, key).finally(() => running.delete(key));
    running.set(key, pending);
    return pending;
  }

  return {
    get,

    /** The operator's MRZ (typed or corrected), or null to go back to the one read from the image. */
    async setTypedMrz(ticketId: string, text: string | null, operatorId: string): Promise<TicketChecks> {
      if (!deps.ticket(ticketId))
        throw new ContractFailure('NOT_FOUND', `Ticket ${ticketId} is not in this console's cache`);
      deps.store.setTypedMrz(ticketId, text, operatorId, deps.now().toISOString());
      return get(ticketId);
    },
  };
}

export type TicketChecksService = ReturnType<typeof createTicketChecks>;

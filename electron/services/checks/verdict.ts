import type { CountersignFlag, ReasonCode, TicketState } from '../../../common/api/schemas.ts';
import type { CrossCheck, CrossCheckField } from '../../../common/checks/cross-check.ts';
import type { EligibilityResult } from '../../../common/checks/eligibility.ts';
import type { ParsedMrz } from '../../../common/checks/mrz.ts';
import type { PdfFormResult } from '../../../common/checks/pdf-form.ts';
import type { ReasonCatalog } from '../../../common/checks/reasons.ts';
import type { CheckProblem, LocalizedText } from '../../../common/checks/text.ts';
import type { DuplicateMatch, Suggestion, Verdict, VerdictItem } from '../../../common/checks/verdict.ts';

export interface VerdictInput {
  state: TicketState;
  /** The filled PDF form has arrived. */
  hasForm: boolean;
  eligibility: EligibilityResult | null;
  /** Null when no PDF form is attached, or when it could not be fetched (`hasForm` tells which). */
  form: PdfFormResult | null;
  /** The MRZ the checks used: typed by the operator, or read from the ID copy. */
  mrz: ParsedMrz | null;
  /** Why there is no MRZ, when there is none. */
  mrzProblem: CheckProblem | null;
  crossCheck: CrossCheck;
  duplicates: DuplicateMatch[];
  reasons: ReasonCatalog;
  today: Date;
}

/** A document expiring within this many days of approval gets a supervisor's countersign. */
const EXPIRING_SOON_DAYS = 30;
/** Identity fields whose disagreement means the documents may not be this person's. */
const IDENTITY_FIELDS: readonly CrossCheckField[] = ['surname', 'givenNames', 'birthDate', 'documentNumber'];

const item = (area: VerdictItem['area'], status: VerdictItem['status'], it: string, en: string): VerdictItem => ({
  area,
  status,
  summary: { it, en },
});

function eligibilityItem(eligibility: EligibilityResult | null): VerdictItem {
  if (!eligibility) return item('eligibility', 'unknown', 'Idoneità non valutata.', 'Eligibility not assessed.');
  const status = eligibility.outcome !== 'ELIGIBLE' ? 'blocking' : eligibility.pending ? 'unknown' : 'ok';
  const warned = eligibility.findings.some((f) => f.level === 'warning');
  return {
    area: 'eligibility',
    status: status === 'ok' && warned ? 'attention' : status,
    summary: eligibility.summary,
  };
}

function documentItem(input: VerdictInput, reasons: Set<ReasonCode>, flags: Set<CountersignFlag>): VerdictItem {
  const { mrz, mrzProblem, today } = input;
  if (!mrz) {
    if (mrzProblem?.code === 'CORRUPT_FILE' || mrzProblem?.code === 'UNSUPPORTED_TYPE') reasons.add('UNREADABLE');
    return {
      area: 'document',
      status: 'unknown',
      summary: {
        it: `MRZ non disponibile${mrzProblem ? `: ${mrzProblem.message.it}` : ''}. Digitarla dal documento per completare i controlli.`,
        en: `No MRZ${mrzProblem ? `: ${mrzProblem.message.en}` : ''}. Type it from the document to complete the checks.`,
      },
    };
  }
  const failed = Object.entries(mrz.checkDigits)
    .filter(([, holds]) => holds === false)
    .map(([name]) => name);
  const problems: LocalizedText[] = [];
  if (failed.length > 0) {
    reasons.add('MRZ_CHECK_FAILED');
    problems.push({
      it: `cifre di controllo errate (${failed.join(', ')})`,
      en: `check digits fail (${failed.join(', ')})`,
    });
  }
  if (mrz.expired) {
    reasons.add('DOC_EXPIRED');
    problems.push({ it: `scaduto il ${mrz.fields.expiryDate}`, en: `expired on ${mrz.fields.expiryDate}` });
  }
  if (mrz.documentType === 'visa' || mrz.documentType === 'other') {
    reasons.add('WRONG_DOCUMENT');
    problems.push({ it: 'non è un passaporto né una carta d’identità', en: 'not a passport or identity card' });
  }
  if (problems.length > 0) {
    return {
      area: 'document',
      status: 'blocking',
      summary: {
        it: `Documento: ${problems.map((p) => p.it).join('; ')}.`,
        en: `Document: ${problems.map((p) => p.en).join('; ')}.`,
      },
    };
  }
  const expiry = mrz.fields.expiryDate ? Date.parse(mrz.fields.expiryDate) : Number.NaN;
  if (expiry - today.getTime() < EXPIRING_SOON_DAYS * 86_400_000) {
    flags.add('DOC_EXPIRING_SOON');
    return item(
      'document',
      'attention',
      `Documento valido ma in scadenza il ${mrz.fields.expiryDate}: l’approvazione richiede la controfirma.`,
      `Document valid but expiring on ${mrz.fields.expiryDate}: approval needs a countersign.`,
    );
  }
  return item(
    'document',
    'ok',
    `Documento valido fino al ${mrz.fields.expiryDate}; cifre di controllo corrette.`,
    `Document valid until ${mrz.fields.expiryDate}; check digits correct.`,
  );
}

function crossCheckItem(crossCheck: CrossCheck, reasons: Set<ReasonCode>): VerdictItem {
  const mismatched = crossCheck.fields.filter((f) => f.status === 'NO_MATCH');
  if (mismatched.some((f) => IDENTITY_FIELDS.includes(f.field))) reasons.add('NAME_MISMATCH');
  if (mismatched.length > 0) {
    return {
      area: 'crossCheck',
      status: 'blocking',
      summary: {
        it: mismatched.map((f) => f.why.it).join(' '),
        en: mismatched.map((f) => f.why.en).join(' '),
      },
    };
  }
  const partial = crossCheck.fields.filter((f) => f.status === 'PARTIAL');
  if (partial.length > 0) {
    return {
      area: 'crossCheck',
      status: 'attention',
      summary: { it: partial.map((f) => f.why.it).join(' '), en: partial.map((f) => f.why.en).join(' ') },
    };
  }
  const compared = crossCheck.fields.filter((f) => f.status === 'MATCH').length;
  return compared === 0
    ? item('crossCheck', 'unknown', 'Nessun dato da confrontare.', 'Nothing to compare yet.')
    : item(
        'crossCheck',
        'ok',
        `I dati concordano (${compared} campi confrontati).`,
        `The data agree (${compared} fields compared).`,
      );
}

function duplicatesItem(duplicates: DuplicateMatch[], reasons: Set<ReasonCode>): VerdictItem {
  if (duplicates.length === 0) return item('duplicates', 'ok', 'Nessun’altra pratica simile.', 'No similar ticket.');
  const approved = duplicates.filter((d) => d.state === 'APPROVED');
  // Someone who already holds credentials needs no second set; other look-alikes only need a look.
  if (approved.length > 0) reasons.add('DUPLICATE');
  const ids = duplicates.map((d) => d.ticketId.slice(0, 8)).join(', ');
  return approved.length > 0
    ? item(
        'duplicates',
        'blocking',
        `La stessa persona ha già credenziali (pratica approvata ${approved[0]!.ticketId.slice(0, 8)}). Simili: ${ids}.`,
        `The same person already has credentials (approved ticket ${approved[0]!.ticketId.slice(0, 8)}). Similar: ${ids}.`,
      )
    : item(
        'duplicates',
        'attention',
        `${duplicates.length} altre pratiche sembrano della stessa persona: ${ids}.`,
        `${duplicates.length} other tickets look like the same person: ${ids}.`,
      );
}

function formItem(input: VerdictInput, reasons: Set<ReasonCode>): VerdictItem {
  const { form } = input;
  if (!input.hasForm && (input.state === 'NEW' || input.state === 'FORM_SENT')) {
    return item('form', 'unknown', 'Modulo PDF non ancora ricevuto.', 'PDF form not received yet.');
  }
  if (!form && input.hasForm) {
    return item(
      'form',
      'unknown',
      'Il modulo PDF non è disponibile su questa postazione.',
      'The PDF form is not available on this workstation.',
    );
  }
  if (!form) {
    reasons.add('INCOMPLETE_FORM');
    return item('form', 'blocking', 'Il modulo PDF compilato non è allegato.', 'The filled PDF form is not attached.');
  }
  switch (form.status) {
    case 'UNREADABLE':
      reasons.add('UNREADABLE');
      return {
        area: 'form',
        status: 'blocking',
        summary: { it: form.problems[0]!.message.it, en: form.problems[0]!.message.en },
      };
    case 'NO_FIELDS':
    case 'SCANNED':
    case 'UNKNOWN_TEMPLATE':
      return {
        area: 'form',
        status: 'attention',
        summary: {
          it: `Da leggere a vista: ${form.problems[0]!.message.it}`,
          en: `Read it by eye: ${form.problems[0]!.message.en}`,
        },
      };
    case 'READ': {
      const errors = form.findings.filter((f) => f.severity === 'error');
      if (errors.some((f) => f.code === 'FORM_SIGNATURE_DATE_MISSING' || f.code === 'FORM_SIGNATURE_PLACE_MISSING'))
        reasons.add('MISSING_SIGNATURE');
      if (errors.some((f) => f.code !== 'FORM_SIGNATURE_DATE_MISSING' && f.code !== 'FORM_SIGNATURE_PLACE_MISSING'))
        reasons.add('INCOMPLETE_FORM');
      if (errors.length > 0) {
        return {
          area: 'form',
          status: 'blocking',
          summary: { it: errors.map((f) => f.message.it).join(' '), en: errors.map((f) => f.message.en).join(' ') },
        };
      }
      const warnings = [...form.findings.map((f) => f.message), ...form.problems.map((p) => p.message)];
      return warnings.length > 0
        ? {
            area: 'form',
            status: 'attention',
            summary: { it: warnings.map((w) => w.it).join(' '), en: warnings.map((w) => w.en).join(' ') },
          }
        : item(
            'form',
            'ok',
            `Modulo completo (modello ${form.template.version}).`,
            `Form complete (template ${form.template.version}).`,
          );
    }
  }
}

function suggest(
  input: VerdictInput,
  items: VerdictItem[],
  reasons: Set<ReasonCode>,
  flags: Set<CountersignFlag>,
): Suggestion {
  const none = { redirectTarget: null, reasonCodes: [], countersignFlags: [] };
  const { eligibility } = input;
  if (eligibility && eligibility.outcome !== 'ELIGIBLE') {
    return {
      action: 'REDIRECT',
      redirectTarget: eligibility.redirectTarget,
      reasonCodes: eligibility.reasonCode ? [eligibility.reasonCode] : [],
      countersignFlags: [],
      why: eligibility.summary,
    };
  }
  if (!input.hasForm && (input.state === 'NEW' || input.state === 'FORM_SENT')) {
    return input.state === 'NEW'
      ? {
          action: 'SEND_FORM',
          ...none,
          why: {
            it: 'Il richiedente può ricevere le credenziali: inviargli il modulo PDF da compilare.',
            en: 'The applicant may receive credentials: send them the PDF form to fill in.',
          },
        }
      : {
          action: null,
          ...none,
          why: {
            it: 'In attesa del modulo compilato dal richiedente.',
            en: 'Waiting for the applicant’s filled form.',
          },
        };
  }
  const severity = new Map(input.reasons.reasons.map((r) => [r.code, r]));
  const ordered = [...reasons].sort((a, b) => (severity.get(a)?.severity ?? 99) - (severity.get(b)?.severity ?? 99));
  if (ordered.length > 0) {
    // The most serious reason decides: a final one rejects, a resubmission asks for more.
    const final = severity.get(ordered[0]!)?.type === 'final';
    return {
      action: final ? 'REJECT' : 'REQUEST_INFO',
      redirectTarget: null,
      reasonCodes: ordered,
      countersignFlags: [],
      why: {
        it: `${final ? 'Respingere' : 'Chiedere un nuovo invio'}: ${ordered.map((c) => severity.get(c)?.label.it ?? c).join(', ')}.`,
        en: `${final ? 'Reject' : 'Ask for a resubmission'}: ${ordered.map((c) => severity.get(c)?.label.en ?? c).join(', ')}.`,
      },
    };
  }
  const open = items.filter((i) => i.status === 'unknown');
  if (open.length > 0) {
    return {
      action: null,
      ...none,
      why: {
        it: `Controlli incompleti: ${open.map((i) => i.summary.it).join(' ')}`,
        en: `Checks incomplete: ${open.map((i) => i.summary.en).join(' ')}`,
      },
    };
  }
  const attention = items.filter((i) => i.status === 'attention');
  return {
    action: 'APPROVE',
    redirectTarget: null,
    reasonCodes: [],
    countersignFlags: [...flags],
    why:
      attention.length > 0
        ? {
            it: `Approvabile dopo aver verificato: ${attention.map((i) => i.summary.it).join(' ')}`,
            en: `Can be approved after checking: ${attention.map((i) => i.summary.en).join(' ')}`,
          }
        : { it: 'Tutti i controlli sono superati.', en: 'Every check passes.' },
  };
}

/**
 * Weighs every check into one summary per area and a suggested decision with its reasons, most
 * serious first. A suggestion only: the console never decides on its own.
 */
export function verdictOf(input: VerdictInput): Verdict {
  const reasons = new Set<ReasonCode>();
  const flags = new Set<CountersignFlag>();
  const items = [
    eligibilityItem(input.eligibility),
    documentItem(input, reasons, flags),
    crossCheckItem(input.crossCheck, reasons),
    duplicatesItem(input.duplicates, reasons),
    formItem(input, reasons),
  ];
  return { items, suggestion: suggest(input, items, reasons, flags) };
}

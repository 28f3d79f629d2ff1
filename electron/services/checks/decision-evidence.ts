import { createHash } from 'node:crypto';
import { DecisionEvidenceSchema, type DecisionEvidence, type Ticket } from '../../../common/api/schemas.ts';
import type { TicketChecks } from '../../../common/checks/ticket-checks.ts';

/** What a decision is pinned to: the ticket's files as one hash, and the checks made on them. */
export interface PinnedEvidence {
  evidenceHash: string;
  evidence: DecisionEvidence;
}

/** SHA-256 over the files' hashes, sorted: the central API's own definition of a ticket's evidence hash. */
export const evidenceHashOf = (attachments: readonly { sha256: string }[]): string =>
  createHash('sha256')
    .update(
      attachments
        .map((a) => a.sha256)
        .sort()
        .join('\n'),
    )
    .digest('hex');

const MAX_VALUE = 200;
const MAX_CODE = 40;
const MAX_DOCUMENTS = 20;
const clip = (text: string, max: number) => text.slice(0, max);

/**
 * The checks the operator saw, as the central API keeps them with the decision (the supervisor's
 * view of the ticket as decided, the countersign rules), and the hash of the files they were made
 * on: one ticket read gives both, so the hash never names files the checks did not see.
 */
export function pinEvidence(ticket: Ticket, checks: TicketChecks): PinnedEvidence {
  const kinds = new Map(ticket.attachments.map((a) => [a.sha256, a.kind]));
  const read = [...new Set([checks.form?.sha256, checks.mrz.read?.sha256])].filter(
    (sha256): sha256 is string => sha256 !== undefined && kinds.has(sha256),
  );
  const used = checks.mrz.used;
  const form = checks.form?.result;
  const evidence = DecisionEvidenceSchema.parse({
    computedAt: checks.computedAt,
    documents: read.slice(0, MAX_DOCUMENTS).map((sha256) => ({ sha256, kind: kinds.get(sha256)! })),
    crossCheck: checks.crossCheck.fields.map((f) => ({
      field: f.field,
      status: f.status,
      values: Object.fromEntries(Object.entries(f.values).map(([source, value]) => [source, clip(value, MAX_VALUE)])),
    })),
    document: {
      source: checks.mrz.source,
      format: used?.format ?? null,
      documentNumber: used?.fields.documentNumber ? clip(used.fields.documentNumber, MAX_CODE) : null,
      expiryDate: used?.fields.expiryDate ?? null,
      // Only the check digits: expiry and well-formedness are reported apart.
      checkDigitsValid: used ? Object.values(used.checkDigits).every((ok) => ok !== false) : null,
    },
    eligibility: checks.eligibility?.outcome ?? null,
    duplicates: checks.duplicates
      .slice(0, MAX_DOCUMENTS)
      .map((d) => ({ ticketId: d.ticketId, matchedOn: d.matchedOn.slice(0, 5) })),
    form: form
      ? {
          status: form.status,
          templateVersion: 'template' in form && form.template ? clip(form.template.version, MAX_CODE) : null,
        }
      : null,
    suggestion: {
      action: checks.verdict.suggestion.action,
      reasonCodes: checks.verdict.suggestion.reasonCodes.slice(0, 20),
    },
  });
  return { evidenceHash: evidenceHashOf(ticket.attachments), evidence };
}

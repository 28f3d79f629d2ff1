import {
  COUNTERSIGN_FLAGS,
  SERVICES,
  type CountersignFlag,
  type DecisionAction,
  type ReasonCode,
  type TicketState,
} from '../../../../common/api/schemas.ts';
import type { ReasonCatalog, ReasonEntry } from '../../../../common/checks/reasons.ts';
import type { TicketChecks } from '../../../../common/checks/ticket-checks.ts';
import { nextState } from '../../../../common/domain/lifecycle.ts';

/** The five decisions in the order of their keys, 1 to 5. */
export const DECISION_ORDER: readonly DecisionAction[] = ['SEND_FORM', 'REQUEST_INFO', 'APPROVE', 'REJECT', 'REDIRECT'];

export const REDIRECT_TARGETS = ['SPID_CIE', 'EIDAS', 'CLICLAVORO'] as const;
export type RedirectTarget = (typeof REDIRECT_TARGETS)[number];
export type Service = (typeof SERVICES)[number];

/** Decisions that close the ticket for good (or send credentials): the operator confirms them once more. */
export const needsConfirmation = (action: DecisionAction): boolean =>
  action === 'APPROVE' || action === 'REJECT' || action === 'REDIRECT';

/** The decisions the ticket's state allows (DESIGN.md §3). */
export function allowedActions(state: TicketState): DecisionAction[] {
  return DECISION_ORDER.filter((action) => nextState(state, action) !== undefined);
}

/** The services the applicant ticked on the PDF form: what an approval grants unless the operator changes it. */
export function servicesTickedOnForm(checks: TicketChecks | null): Service[] {
  const result = checks?.form?.result;
  if (result?.status !== 'READ') return [];
  return SERVICES.filter((service) => result.services.includes(service));
}

/** A document expiring within this many days gets a supervisor's countersign (as the checks engine rules). */
const EXPIRING_SOON_DAYS = 30;

/**
 * Why approving this ticket needs a supervisor's countersign (four-eyes): a document about to
 * expire, a cross-check mismatch the operator overrides, or a look-alike ticket the operator
 * judges different. Listed in the contract's order.
 */
export function countersignFlagsFor(checks: TicketChecks | null, today: Date): CountersignFlag[] {
  if (!checks) return [];
  const flags = new Set<CountersignFlag>(checks.verdict.suggestion.countersignFlags);
  const expiry = checks.mrz.used?.fields.expiryDate;
  if (expiry) {
    const daysLeft = (Date.parse(expiry) - today.getTime()) / 86_400_000;
    if (daysLeft >= -1 && daysLeft < EXPIRING_SOON_DAYS) flags.add('DOC_EXPIRING_SOON');
  }
  if (checks.crossCheck.fields.some((field) => field.status === 'NO_MATCH')) flags.add('NO_MATCH_OVERRIDDEN');
  if (checks.duplicates.length > 0) flags.add('DUPLICATE_OVERRIDDEN');
  return COUNTERSIGN_FLAGS.filter((flag) => flags.has(flag));
}

/**
 * The reasons an operator may give for a decision, most serious first: a request for information
 * asks for a resubmission, so only resubmit reasons; a rejection may carry any reason that allows it.
 */
export function reasonChoices(action: DecisionAction, catalog: ReasonCatalog | undefined): ReasonEntry[] {
  if (!catalog) return [];
  const fits = (entry: ReasonEntry) =>
    action === 'REQUEST_INFO'
      ? entry.type === 'resubmit'
      : action === 'REJECT'
        ? entry.actions.includes('REJECT')
        : false;
  return catalog.reasons.filter(fits).sort((a, b) => a.severity - b.severity);
}

/** The catalog's reason for redirecting to `target` (e.g. HAS_ITALIAN_CF for SPID/CIE): the applicant's mail explains it. */
export function redirectReason(target: RedirectTarget, catalog: ReasonCatalog | undefined): ReasonCode | undefined {
  return catalog?.reasons.find((entry) => entry.type === 'redirect' && entry.redirectTarget === target)?.code;
}

export interface DecisionDraft {
  reasonCodes: ReasonCode[];
  redirectTarget: RedirectTarget | null;
  services: Service[];
}

/**
 * What a dialog starts with: the checks' reasons and target when they suggest this very decision
 * (the operator still reviews and confirms), and the services ticked on the form.
 */
export function initialDraft(
  action: DecisionAction,
  checks: TicketChecks | null,
  catalog: ReasonCatalog | undefined,
): DecisionDraft {
  const suggestion = checks?.verdict.suggestion;
  const suggested = suggestion?.action === action ? suggestion : undefined;
  const allowed = new Set(reasonChoices(action, catalog).map((entry) => entry.code));
  return {
    reasonCodes: (suggested?.reasonCodes ?? []).filter((code) => allowed.has(code)),
    redirectTarget: action === 'REDIRECT' ? (suggested?.redirectTarget ?? null) : null,
    services: action === 'APPROVE' ? servicesTickedOnForm(checks) : [],
  };
}

/** What is still missing before the decision can be recorded, as a message key; undefined when complete. */
export function draftProblem(action: DecisionAction, draft: DecisionDraft): string | undefined {
  if (action === 'APPROVE' && draft.services.length === 0) return 'problems.noService';
  if ((action === 'REQUEST_INFO' || action === 'REJECT') && draft.reasonCodes.length === 0) return 'problems.noReason';
  if (action === 'REDIRECT' && !draft.redirectTarget) return 'problems.noTarget';
  return undefined;
}

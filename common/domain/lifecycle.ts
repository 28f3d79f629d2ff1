import type { DecisionAction, TicketState } from '../api/schemas.ts';

/** DESIGN.md §3: which decision moves a ticket from which state, and where to. */
const DECISIONS: Record<DecisionAction, { from: readonly TicketState[]; to: TicketState }> = {
  SEND_FORM: { from: ['NEW'], to: 'FORM_SENT' },
  REDIRECT: { from: ['NEW', 'UNDER_REVIEW'], to: 'REDIRECTED' },
  REJECT: { from: ['NEW', 'FORM_SENT', 'UNDER_REVIEW'], to: 'REJECTED' },
  REQUEST_INFO: { from: ['UNDER_REVIEW'], to: 'INFO_REQUESTED' },
  APPROVE: { from: ['UNDER_REVIEW'], to: 'APPROVED' },
};

export const FINAL_STATES: readonly TicketState[] = ['APPROVED', 'REJECTED', 'REDIRECTED'];

/** The state a decision leads to, or undefined when the decision is not allowed from `state`. */
export function nextState(state: TicketState, action: DecisionAction): TicketState | undefined {
  const rule = DECISIONS[action];
  return rule.from.includes(state) ? rule.to : undefined;
}

/** New documents from the applicant: a waiting ticket becomes reviewable; a pending countersign is void. */
export function stateAfterDocuments(state: TicketState): TicketState {
  if (state === 'FORM_SENT' || state === 'INFO_REQUESTED' || state === 'NEW') return 'DOCS_RECEIVED';
  if (state === 'AWAITING_COUNTERSIGN') return 'UNDER_REVIEW';
  return state;
}

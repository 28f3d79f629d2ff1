interface DecisionFields {
  action: string;
  services?: readonly string[] | undefined;
  redirectTarget?: string | undefined;
  reasonCodes: readonly string[];
}

/** What a decision lacks for its action, as `field: explanation`, or undefined when complete. Shared by console and server. */
export function missingDecisionField(decision: DecisionFields): string | undefined {
  if (decision.action === 'APPROVE' && !decision.services?.length)
    return 'services: approving needs at least one service';
  if (decision.action === 'REDIRECT' && !decision.redirectTarget) return 'redirectTarget: a redirect needs a target';
  if ((decision.action === 'REJECT' || decision.action === 'REQUEST_INFO') && decision.reasonCodes.length === 0) {
    return 'reasonCodes: give at least one reason';
  }
  return undefined;
}

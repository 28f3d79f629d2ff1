import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type {
  Applicant,
  DecisionAction,
  DecisionEvidence,
  DecisionRequestSchema,
  Ticket,
} from '../../common/api/schemas.ts';
import { canonicalJson } from '../../common/domain/canonical-json.ts';
import type { ApiServer } from '../../server/api-server.ts';
import { sha256Hex } from '../../server/storage/ticket-store.ts';
import { formEmail, intake, OPERATORS } from './api-fixture.ts';

/** The reference API's clock in tests: real time for logins and requests, moved back for planned decisions. */
export interface TestClock {
  at: Date;
}

export interface PlannedDecision {
  operatorId: string;
  action: DecisionAction;
  /** When the request was opened; the decision comes `handlingSeconds` later. */
  openedAt: string;
  handlingSeconds: number;
  applicant?: Partial<Applicant>;
  reasonCodes?: z.input<typeof DecisionRequestSchema>['reasonCodes'];
  redirectTarget?: 'SPID_CIE' | 'EIDAS' | 'CLICLAVORO';
  note?: string;
  countersignFlags?: z.input<typeof DecisionRequestSchema>['countersignFlags'];
  evidence?: (ticket: Ticket) => DecisionEvidence;
}

const BASE_APPLICANT = intake().applicant;

/** Evidence as a console would pin it: the ticket's own files, every field matching unless told otherwise. */
export function evidenceFor(ticket: Ticket, changes: Partial<DecisionEvidence> = {}): DecisionEvidence {
  return {
    computedAt: ticket.updatedAt,
    documents: ticket.attachments.map((a) => ({ sha256: a.sha256, kind: a.kind })),
    crossCheck: [
      { field: 'surname', status: 'MATCH', values: { web: ticket.applicant.cognome, mrz: ticket.applicant.cognome } },
    ],
    document: {
      source: 'read',
      format: 'TD3',
      documentNumber: 'C01X00T47',
      expiryDate: '2031-01-01',
      checkDigitsValid: true,
    },
    eligibility: 'ELIGIBLE',
    duplicates: [],
    form: { status: 'READ', templateVersion: 'v1' },
    suggestion: { action: 'APPROVE', reasonCodes: [] },
    ...changes,
  };
}

/**
 * Opens a ticket and takes it to one decision through the server's own store (as the demo seed
 * does), with the clock at each step, so handling times and recording times are known exactly.
 * The clock is put back afterwards: sessions and certificates are checked against it.
 */
export function decideAt(server: ApiServer, clock: TestClock, plan: PlannedDecision) {
  const resume = clock.at;
  try {
    return decideWithClock(server, clock, plan);
  } finally {
    clock.at = resume;
  }
}

function decideWithClock(server: ApiServer, clock: TestClock, plan: PlannedDecision) {
  const actor = OPERATORS.find((o) => o.id === plan.operatorId)!;
  const opened = Date.parse(plan.openedAt);
  clock.at = new Date(opened);
  let ticket = server.tickets.create(
    intake({ applicant: { ...BASE_APPLICANT, ...plan.applicant } }) as Parameters<ApiServer['tickets']['create']>[0],
    'urp-online',
  );
  if (plan.action !== 'SEND_FORM' && plan.action !== 'REDIRECT') {
    ticket = server.tickets.addEmail(
      ticket.id,
      formEmail(Buffer.from(`%PDF-1.4 form of ${ticket.id}`)) as Parameters<ApiServer['tickets']['addEmail']>[1],
      'urp-online',
    );
    server.tickets.claim(ticket.id, actor);
    ticket = server.tickets.get(ticket.id);
  }
  clock.at = new Date(opened + plan.handlingSeconds * 1000);
  const body: z.output<typeof DecisionRequestSchema> = {
    baseVersion: ticket.version,
    action: plan.action,
    reasonCodes: plan.reasonCodes ?? (plan.action === 'REJECT' || plan.action === 'REQUEST_INFO' ? ['UNREADABLE'] : []),
    countersignFlags: plan.countersignFlags ?? [],
    ...(plan.action === 'APPROVE' ? { services: ['DISTACCO_TRANSNAZIONALE' as const] } : {}),
    ...(plan.redirectTarget ? { redirectTarget: plan.redirectTarget } : {}),
    ...(plan.note ? { note: plan.note } : {}),
    ...(plan.evidence ? { evidence: plan.evidence(ticket) } : {}),
    evidenceHash: ticket.evidenceHash,
    deviceId: 'console-test',
    decidedAt: clock.at.toISOString(),
  };
  const decisionId = randomUUID();
  const answer = server.tickets.decide(
    ticket.id,
    actor,
    decisionId,
    body,
    sha256Hex(canonicalJson({ ticketId: ticket.id, body })),
  );
  return {
    ticket,
    decisionId,
    answer: { status: answer.status, body: JSON.parse(answer.body) as Record<string, unknown> },
  };
}

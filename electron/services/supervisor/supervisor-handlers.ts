import { v7 as uuidv7 } from 'uuid';
import type { Handlers } from '../../../common/contract/dispatch.ts';
import { ContractFailure } from '../../../common/contract/result.ts';
import type { CentralApiClient } from '../api/central-api-client.ts';
import type { EventHub } from '../events/event-hub.ts';
import type { Logger } from '../log/logger.ts';
import type { SessionHolder } from '../session/session.ts';
import { openAuditAnchors } from './audit-anchor.ts';
import { createExports } from './exports.ts';
import { reportFonts } from './report-fonts.ts';
import { createSupervisorApi, historyQuery } from './supervisor-api.ts';

type SupervisorMethod =
  | 'history.query'
  | 'history.snapshot'
  | 'countersign.queue'
  | 'countersign.decide'
  | 'stats.get'
  | 'audit.list'
  | 'audit.verify'
  | 'exports.start'
  | 'exports.status'
  | 'exports.read';

export interface SupervisorDeps {
  api: CentralApiClient | undefined;
  /** The central API in use: the audit head this console noted is kept per API. */
  apiUrl: string | undefined;
  session: SessionHolder;
  events: EventHub;
  profileDir: string;
  now: () => Date;
  log: Logger;
}

/** The supervisor's contract methods: history, countersign, statistics, audit and exports, all from the central API. */
export function createSupervisorHandlers(deps: SupervisorDeps) {
  const call = createSupervisorApi({ api: deps.api, session: () => deps.session.current() });
  const anchors = openAuditAnchors(deps.profileDir);
  const exports = createExports({
    call,
    requireSupervisor: () => {
      const operator = deps.session.current()?.operator;
      if (!operator) throw new ContractFailure('UNAUTHENTICATED', 'Sign in with your CIE first');
      if (operator.role !== 'supervisor')
        throw new ContractFailure('FORBIDDEN', 'Exports are reserved for supervisors');
      return operator;
    },
    events: deps.events,
    profileDir: deps.profileDir,
    now: deps.now,
    fonts: reportFonts,
    log: deps.log.child('exports'),
  });

  /** The server's verdict on the chain, and whether the head this console noted last time is still in it. */
  async function verifyAudit() {
    const verdict = await call('verifyAudit');
    const noted = deps.apiUrl ? anchors.get(deps.apiUrl) : undefined;
    let anchor = null;
    if (noted) {
      const { entries } = await call('listAudit', { query: { afterSeq: noted.seq - 1, order: 'asc', limit: 1 } });
      const entry = entries[0];
      const status = entry?.seq !== noted.seq ? 'MISSING' : entry.hash === noted.hash ? 'MATCH' : 'CHANGED';
      anchor = { ...noted, status } as const;
    }
    const ok = verdict.ok && (anchor === null || anchor.status === 'MATCH');
    // A broken chain or a lost anchor keeps the old anchor: it is the evidence.
    if (ok && verdict.head && deps.apiUrl) {
      anchors.set(deps.apiUrl, { ...verdict.head, verifiedAt: deps.now().toISOString() });
    }
    return { ...verdict, ok, anchor };
  }

  const handlers: Pick<Handlers, SupervisorMethod> = {
    'history.query': ({ cursor, limit, ...filters }) =>
      call('listHistory', { query: { ...historyQuery(filters), cursor, limit } }),
    'history.snapshot': ({ decisionId }) => call('getDecisionSnapshot', { params: { decisionId } }),
    'countersign.queue': () => call('listCountersignQueue'),
    'countersign.decide': ({ ticketId, ...body }) =>
      call('countersign', { params: { id: ticketId }, body, idempotencyKey: uuidv7() }),
    'stats.get': (query) => call('getStatistics', { query }),
    'audit.list': (query) => call('listAudit', { query }),
    'audit.verify': () => verifyAudit(),
    'exports.start': (request) => exports.start(request),
    'exports.status': ({ exportId }) => exports.status(exportId),
    'exports.read': ({ exportId, offset, length }) => exports.read(exportId, offset, length),
  };
  return { handlers, close: () => exports.drain() };
}

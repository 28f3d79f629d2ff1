import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { z } from 'zod';
import type { OperationId } from '../common/api/operations.ts';
import { openApiDocument } from '../common/api/openapi.ts';
import type {
  CliclavoroLookupSchema,
  CountersignRequestSchema,
  DecisionBatchSchema,
  DecisionRequestSchema,
  InboundEmailSchema,
  IntakeRequestSchema,
  LoginRequestSchema,
} from '../common/api/schemas.ts';
import { canonicalJson } from '../common/domain/canonical-json.ts';
import { missingDecisionField } from '../common/domain/decision-rules.ts';
import { verifyCieProof, type TrustConfig } from './auth/cie-proof.ts';
import { appendAudit, listAudit, verifyAudit, type AuditQuery } from './domain/audit-log.ts';
import { loadCountersignRules } from './domain/countersign-rules.ts';
import { startCredentialsWorker } from './domain/credentials-worker.ts';
import { listMail } from './domain/mail-queue.ts';
import { ApiProblem } from './http/problem.ts';
import { parseRange } from './http/range.ts';
import { createRouter, type Handler, type RequestContext } from './http/router.ts';
import { openDatabase, type Db } from './storage/database.ts';
import { countersignQueue, decisionSnapshot, queryHistory, type HistoryQuery } from './storage/history-store.ts';
import { createCliclavoroRegistry, createPeopleStore, type Operator } from './storage/people-store.ts';
import { statistics, type StatisticsQuery } from './storage/statistics-store.ts';
import { createTicketStore, sha256Hex, type StoredAnswer } from './storage/ticket-store.ts';

export interface ApiServerOptions {
  dbFile: string;
  port: number;
  /** Bearer key of URP Online's intake system. */
  systemKey: string;
  trust: TrustConfig;
  version: string;
  now?: () => Date;
  leaseSeconds?: number;
  sessionSeconds?: number;
  nonceSeconds?: number;
  /** The four-eyes rule set; resources/countersign/rules.json by default. */
  countersignRulesFile?: string;
  /** Check every response against its schema (tests; the contract suite also checks with the OpenAPI document). */
  validateResponses?: boolean;
  onError?: (error: unknown, operationId: string) => void;
}

export interface ApiServer {
  url: string;
  db: Db;
  people: ReturnType<typeof createPeopleStore>;
  tickets: ReturnType<typeof createTicketStore>;
  cliclavoro: ReturnType<typeof createCliclavoroRegistry>;
  /** Resolves once every approval so far has its account and credential e-mails. */
  drainCredentials(): Promise<void>;
  close(): Promise<void>;
}

const FEED_CURSOR = /^v1\.(\d{1,15})$/;
const encodeCursor = (seq: number): string => Buffer.from(`v1.${seq}`).toString('base64url');
function decodeCursor(cursor: string | undefined): number {
  if (cursor === undefined || cursor === '') return 0;
  const match = FEED_CURSOR.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match) throw new ApiProblem(400, 'BAD_CURSOR', 'The cursor was not issued by this server');
  return Number(match[1]);
}

function requireFields(body: z.output<typeof DecisionRequestSchema>): void {
  const missing = missingDecisionField(body);
  if (missing) {
    throw new ApiProblem(400, 'VALIDATION_FAILED', `Invalid body: ${missing}`, {
      issues: [{ path: missing.split(':')[0], message: missing }],
    });
  }
}

const stored = (answer: StoredAnswer) => ({ status: answer.status, raw: answer.body, contentType: answer.contentType });
const actorOf = (operator: Operator) => ({ id: operator.id, name: operator.name, inTraining: operator.inTraining });

/** The reference central API over HTTP on loopback, on the given port (0 = any free port). */
export async function startApiServer(options: ApiServerOptions): Promise<ApiServer> {
  const now = options.now ?? (() => new Date());
  const countersignRules = loadCountersignRules(options.countersignRulesFile);
  const db = openDatabase(options.dbFile);
  const people = createPeopleStore(db, now);
  const tickets = createTicketStore(db, { now, leaseSeconds: options.leaseSeconds ?? 15 * 60, countersignRules });
  const cliclavoro = createCliclavoroRegistry(db);
  const reportError =
    options.onError ?? ((error, id) => process.stderr.write(`api ${id}: ${(error as Error).stack ?? String(error)}\n`));
  const credentials = startCredentialsWorker(db, now, (error) => reportError(error, 'credentials-worker'));
  let document: object | undefined;

  const op = (context: RequestContext): Operator => {
    if (!context.operator) throw new ApiProblem(401, 'TOKEN_MISSING', 'Log in first');
    return context.operator;
  };

  const handlers: Record<OperationId, Handler> = {
    getOpenApi: () => ({ status: 200, body: (document ??= openApiDocument(options.version)) }),
    createTicket: ({ body }) => ({
      status: 201,
      body: tickets.create(body as z.output<typeof IntakeRequestSchema>, 'urp-online'),
    }),
    addInboundEmail: ({ params, body }) => ({
      status: 200,
      body: tickets.addEmail(params.id!, body as z.output<typeof InboundEmailSchema>, 'urp-online'),
    }),
    getNonce: () => ({ status: 201, body: people.issueNonce(options.nonceSeconds ?? 120) }),
    login: ({ body }) => {
      const request = body as z.output<typeof LoginRequestSchema>;
      if (!people.consumeNonce(request.nonce))
        throw new ApiProblem(401, 'NONCE_INVALID', 'Unknown, used or expired nonce');
      const cf = verifyCieProof(
        {
          nonce: request.nonce,
          context: request.context,
          certificate: Buffer.from(request.certificate, 'base64'),
          chain: request.chain.map((c) => Buffer.from(c, 'base64')),
          signature: Buffer.from(request.signature, 'base64'),
        },
        options.trust,
        now(),
      );
      const operator = people.byCodiceFiscale(cf);
      if (!operator) throw new ApiProblem(403, 'UNKNOWN_OPERATOR', 'This card holder is not enrolled as an operator');
      const session = people.openSession(operator.id, options.sessionSeconds ?? 8 * 3600);
      appendAudit(db, {
        at: now().toISOString(),
        actor: operator.id,
        action: 'auth.login',
        ticketId: null,
        details: {},
      });
      return {
        status: 200,
        body: { ...session, operator: { id: operator.id, name: operator.name, role: operator.role } },
      };
    },
    getSession: (context) => {
      const { operator, expiresAt } = people.session(context.token ?? '');
      return {
        status: 200,
        body: { expiresAt, operator: { id: operator.id, name: operator.name, role: operator.role } },
      };
    },
    getFeed: ({ query }) => {
      const { cursor, limit } = query as { cursor?: string; limit: number };
      const page = tickets.feed(decodeCursor(cursor), limit);
      const tail = JSON.stringify({
        cursor: encodeCursor(page.lastSeq),
        hasMore: page.hasMore,
        remaining: page.remaining,
      }).slice(1);
      return { status: 200, raw: `{"entries":${page.entriesJson},${tail}` };
    },
    getTicket: ({ params }) => ({ status: 200, raw: tickets.getJson(params.id!) }),
    getAttachment: (context) => {
      const { data, contentType } = tickets.attachment(context.params.id!, context.params.sha256!);
      appendAudit(db, {
        at: now().toISOString(),
        actor: op(context).id,
        action: 'attachment.viewed',
        ticketId: context.params.id!,
        details: { sha256: context.params.sha256 },
      });
      const range = parseRange(context.headers.range, data.length);
      const headers = {
        'Accept-Ranges': 'bytes',
        ETag: `"${context.params.sha256}"`,
        'Repr-Digest': `sha-256=:${Buffer.from(context.params.sha256!, 'hex').toString('base64')}:`,
        'X-Content-SHA256': context.params.sha256!,
        'Content-Disposition': 'attachment',
        'Content-Security-Policy': "sandbox; default-src 'none'",
      };
      if (!range) return { status: 200, raw: data, contentType, headers };
      return {
        status: 206,
        raw: data.subarray(range.start, range.end + 1),
        contentType,
        headers: { ...headers, 'Content-Range': `bytes ${range.start}-${range.end}/${data.length}` },
      };
    },
    claimLease: (context) => ({ status: 200, body: tickets.claim(context.params.id!, actorOf(op(context))) }),
    releaseLease: (context) => {
      tickets.release(context.params.id!, actorOf(op(context)));
      return { status: 204 };
    },
    submitDecision: (context) => {
      const body = context.body as z.output<typeof DecisionRequestSchema>;
      requireFields(body);
      const key = String(context.headers['idempotency-key']).toLowerCase();
      const hash = sha256Hex(canonicalJson({ ticketId: context.params.id, body }));
      const answer = tickets.decide(context.params.id!, actorOf(op(context)), key, body, hash);
      credentials.notify();
      return stored(answer);
    },
    submitDecisionBatch: (context) => {
      const { decisions } = context.body as z.output<typeof DecisionBatchSchema>;
      const actor = actorOf(op(context));
      const results = decisions.map(({ ticketId, decisionId, decision }) => {
        try {
          requireFields(decision);
          const hash = sha256Hex(canonicalJson({ ticketId, body: decision }));
          const answer = tickets.decide(ticketId, actor, decisionId.toLowerCase(), decision, hash);
          return { decisionId, status: answer.status, body: JSON.parse(answer.body) as unknown };
        } catch (error) {
          if (!(error instanceof ApiProblem)) throw error;
          return { decisionId, status: error.status, body: error.toJSON() };
        }
      });
      credentials.notify();
      return { status: 200, body: { results } };
    },
    countersign: (context) => {
      const body = context.body as z.output<typeof CountersignRequestSchema>;
      const key = String(context.headers['idempotency-key']).toLowerCase();
      const hash = sha256Hex(canonicalJson({ ticketId: context.params.id, body }));
      const answer = tickets.countersign(context.params.id!, actorOf(op(context)), key, body, hash);
      credentials.notify();
      return stored(answer);
    },
    redactTicket: (context) => {
      tickets.redact(context.params.id!, op(context).id);
      return { status: 204 };
    },
    lookupCliclavoro: ({ body }) => ({
      status: 200,
      body: cliclavoro.lookup(body as z.output<typeof CliclavoroLookupSchema>),
    }),
    listHistory: ({ query }) => ({ status: 200, body: queryHistory(db, query as HistoryQuery) }),
    getDecisionSnapshot: (context) => {
      const snapshot = decisionSnapshot(db, context.params.decisionId!);
      if (!snapshot) throw new ApiProblem(404, 'DECISION_NOT_FOUND', `No decision ${context.params.decisionId}`);
      // The snapshot shows the applicant's data and document hashes: who looked is recorded, as for attachments.
      appendAudit(db, {
        at: now().toISOString(),
        actor: op(context).id,
        action: 'decision.viewed',
        ticketId: snapshot.decision.ticketId,
        details: { decisionId: snapshot.decision.decisionId },
      });
      return { status: 200, body: snapshot };
    },
    listCountersignQueue: (context) => ({ status: 200, body: countersignQueue(db, op(context).id) }),
    getStatistics: ({ query }) => ({ status: 200, body: statistics(db, query as StatisticsQuery) }),
    listAudit: ({ query }) => ({ status: 200, body: listAudit(db, query as AuditQuery) }),
    verifyAudit: () => ({ status: 200, body: verifyAudit(db) }),
    listMail: ({ query }) => ({ status: 200, body: { mail: listMail(db, (query as { ticketId?: string }).ticketId) } }),
  };

  const router = createRouter({
    handlers,
    authenticate: (token) => people.session(token).operator,
    systemKey: options.systemKey,
    validateResponses: options.validateResponses ?? false,
    onError:
      options.onError ??
      ((error, id) => process.stderr.write(`api ${id}: ${(error as Error).stack ?? String(error)}\n`)),
  });
  const server: Server = createServer((request, response) => void router(request, response));
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;

  return {
    url,
    db,
    people,
    tickets,
    cliclavoro,
    drainCredentials: () => credentials.drain(),
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await credentials.stop();
      db.close();
    },
  };
}

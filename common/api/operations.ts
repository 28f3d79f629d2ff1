import { z } from 'zod';
import {
  ATTACHMENT_TYPES,
  AuditEntrySchema,
  AuditVerifySchema,
  CliclavoroLookupSchema,
  CliclavoroResultSchema,
  COUNTERSIGN_FLAGS,
  CountersignQueueSchema,
  CountersignRequestSchema,
  CountersignResultSchema,
  CountersignStatusSchema,
  DecisionRequestSchema,
  DecisionResultSchema,
  DecisionSnapshotSchema,
  FeedPageSchema,
  HistoryPageSchema,
  InboundEmailSchema,
  IntakeRequestSchema,
  LeaseSchema,
  LoginRequestSchema,
  MailSchema,
  NonceSchema,
  ProblemSchema,
  SessionSchema,
  StatisticsSchema,
  TicketSchema,
  TicketStateSchema,
  DecisionActionSchema,
  DecisionBatchSchema,
  DecisionBatchResultSchema,
} from './schemas.ts';

/** Who may call: nobody in particular, URP Online's intake system, or an operator with at least this role. */
export type Access = 'public' | 'system' | 'operator' | 'supervisor';

export interface Response {
  description: string;
  schema?: z.ZodType;
  contentType?: string;
  /** Binary bodies: the media types the response may carry. */
  binaryTypes?: readonly string[];
}

export interface Operation {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  summary: string;
  access: Access;
  params?: z.ZodObject;
  query?: z.ZodObject;
  body?: z.ZodType;
  /** Bytes accepted for the body when more than the default 64 KiB (documented in the OpenAPI text). */
  bodyLimit?: number;
  idempotent?: boolean;
  responses: Record<number, Response>;
}

const TicketParams = z.strictObject({ id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/) });
const problem = (description: string): Response => ({
  description,
  schema: ProblemSchema,
  contentType: 'application/problem+json',
});
const limit = (max: number, fallback: number) => z.coerce.number().int().min(1).max(max).default(fallback);
const OperatorId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);
const Country = z.string().regex(/^[A-Z]{2}$/);
const Instant = z.iso.datetime({ offset: true });
const flagList = new RegExp(`^(${COUNTERSIGN_FLAGS.join('|')})(,(${COUNTERSIGN_FLAGS.join('|')}))*$`);
/** Query strings carry text: `true`/`false` only, so `false` is not read as a non-empty string. */
const QueryBoolean = z
  .enum(['true', 'false'])
  .default('false')
  .transform((value) => value === 'true');

/** Every operation of the central API; the router, the OpenAPI document and the client are built from this table. */
export const operations = {
  getOpenApi: {
    method: 'GET',
    path: '/openapi.json',
    summary: 'This document',
    access: 'public',
    responses: { 200: { description: 'OpenAPI 3.1 document', contentType: 'application/json' } },
  },
  createTicket: {
    method: 'POST',
    path: '/tickets',
    summary: 'Open a ticket as URP Online "Chiedi Supporto" does',
    access: 'system',
    body: IntakeRequestSchema,
    bodyLimit: 16 * 1024 * 1024,
    responses: { 201: { description: 'Created', schema: TicketSchema }, 400: problem('Invalid request') },
  },
  addInboundEmail: {
    method: 'POST',
    path: '/tickets/{id}/emails',
    summary: "Attach an applicant's e-mail reply (filled form, ID document)",
    access: 'system',
    params: TicketParams,
    body: InboundEmailSchema,
    bodyLimit: 16 * 1024 * 1024,
    responses: { 200: { description: 'Updated ticket', schema: TicketSchema }, 404: problem('No such ticket') },
  },
  getNonce: {
    method: 'POST',
    path: '/auth/nonce',
    summary: 'A single-use challenge for a CIE login',
    access: 'public',
    responses: { 201: { description: 'Nonce', schema: NonceSchema } },
  },
  login: {
    method: 'POST',
    path: '/auth/login',
    summary: 'Exchange a CIE login proof for a bearer token',
    access: 'public',
    body: LoginRequestSchema,
    responses: { 200: { description: 'Session', schema: SessionSchema }, 401: problem('Proof refused') },
  },
  getSession: {
    method: 'GET',
    path: '/auth/session',
    summary: "The caller's own session",
    access: 'operator',
    responses: { 200: { description: 'Session', schema: SessionSchema.omit({ token: true }) } },
  },
  getFeed: {
    method: 'GET',
    path: '/feed',
    summary: 'Tickets changed since a cursor, in a stable order',
    access: 'operator',
    query: z.strictObject({ cursor: z.string().max(100).optional(), limit: limit(1000, 200) }),
    responses: { 200: { description: 'A page of changes', schema: FeedPageSchema }, 400: problem('Bad cursor') },
  },
  getTicket: {
    method: 'GET',
    path: '/tickets/{id}',
    summary: 'One ticket',
    access: 'operator',
    params: TicketParams,
    responses: { 200: { description: 'Ticket', schema: TicketSchema }, 404: problem('No such ticket') },
  },
  getAttachment: {
    method: 'GET',
    path: '/tickets/{id}/attachments/{sha256}',
    summary: 'An attachment by content hash (Range supported)',
    access: 'operator',
    params: z.strictObject({ id: TicketParams.shape.id, sha256: z.string().regex(/^[0-9a-f]{64}$/) }),
    responses: {
      200: {
        description: 'The file; Repr-Digest and X-Content-SHA256 carry its SHA-256',
        binaryTypes: ATTACHMENT_TYPES,
      },
      206: { description: 'Part of the file (Content-Range)', binaryTypes: ATTACHMENT_TYPES },
      404: problem('No such attachment on this ticket'),
      416: problem('Range not satisfiable'),
    },
  },
  claimLease: {
    method: 'PUT',
    path: '/tickets/{id}/lease',
    summary: 'Claim or renew the lease on a ticket',
    access: 'operator',
    params: TicketParams,
    responses: { 200: { description: 'Lease held', schema: LeaseSchema }, 409: problem('Leased by someone else') },
  },
  releaseLease: {
    method: 'DELETE',
    path: '/tickets/{id}/lease',
    summary: 'Release a lease you hold',
    access: 'operator',
    params: TicketParams,
    responses: { 204: { description: 'Released' }, 409: problem('Leased by someone else') },
  },
  submitDecision: {
    method: 'POST',
    path: '/tickets/{id}/decisions',
    summary: 'Record a decision; Idempotency-Key is the decision id',
    access: 'operator',
    params: TicketParams,
    body: DecisionRequestSchema,
    idempotent: true,
    responses: {
      201: { description: 'Applied', schema: DecisionResultSchema },
      409: problem('Conflict: stale version, already decided, or leased by someone else'),
      422: problem('Same key, different request'),
    },
  },
  submitDecisionBatch: {
    method: 'POST',
    path: '/decisions/batch',
    summary:
      'Deliver up to 100 decisions at once, each with the semantics of submitDecision (its decisionId is its idempotency key)',
    access: 'operator',
    body: DecisionBatchSchema,
    bodyLimit: 1024 * 1024,
    responses: { 200: { description: 'One answer per decision, in order', schema: DecisionBatchResultSchema } },
  },
  countersign: {
    method: 'POST',
    path: '/tickets/{id}/countersign',
    summary: 'Confirm or return an approval awaiting countersign',
    access: 'supervisor',
    params: TicketParams,
    body: CountersignRequestSchema,
    idempotent: true,
    responses: {
      200: { description: 'Done', schema: CountersignResultSchema },
      403: problem('The maker cannot countersign'),
      409: problem('Nothing to countersign, or the evidence changed'),
    },
  },
  redactTicket: {
    method: 'POST',
    path: '/tickets/{id}/redaction',
    summary: "Erase a ticket's personal data (appears in the feed as redacted)",
    access: 'supervisor',
    params: TicketParams,
    responses: { 204: { description: 'Redacted' }, 404: problem('No such ticket') },
  },
  lookupCliclavoro: {
    method: 'POST',
    path: '/cliclavoro/lookup',
    summary: 'Does a Cliclavoro account exist for this person?',
    access: 'operator',
    body: CliclavoroLookupSchema,
    responses: { 200: { description: 'Answer', schema: CliclavoroResultSchema } },
  },
  listHistory: {
    method: 'GET',
    path: '/history',
    summary:
      'Decisions newest first, filtered and searched, in keyset pages (pass nextCursor back as cursor); the first page counts matches up to 1,000',
    access: 'supervisor',
    query: z.strictObject({
      operatorId: OperatorId.optional(),
      action: DecisionActionSchema.optional(),
      /** The state the decision led to. */
      state: TicketStateSchema.optional(),
      country: Country.optional(),
      /** Comma-separated countersign flags, all required (e.g. NO_MATCH_OVERRIDDEN: approved despite a mismatch). */
      flags: z.string().regex(flagList).optional(),
      /** Where the four-eyes countersign stands; NONE: no countersign was needed. */
      countersign: z.union([CountersignStatusSchema, z.literal('NONE')]).optional(),
      /** Words matched as prefixes in ticket ids, applicant names and e-mails, operator names, notes and reason codes. */
      q: z.string().trim().max(200).optional(),
      from: Instant.optional(),
      to: Instant.optional(),
      cursor: z.string().max(100).optional(),
      /** Rows to skip (older clients); prefer the cursor. */
      offset: z.coerce.number().int().min(0).max(10_000_000).default(0),
      limit: limit(500, 50),
      /** Add per-operator counts over every matching decision (slower on large histories). */
      aggregates: QueryBoolean,
    }),
    responses: { 200: { description: 'History page', schema: HistoryPageSchema }, 400: problem('Bad cursor') },
  },
  getDecisionSnapshot: {
    method: 'GET',
    path: '/history/{decisionId}',
    summary: 'One decision as it was made: the ticket, the checks and the document hashes pinned at submission',
    access: 'supervisor',
    params: z.strictObject({ decisionId: z.uuid() }),
    responses: {
      200: { description: 'Snapshot', schema: DecisionSnapshotSchema },
      404: problem('No such decision'),
    },
  },
  listCountersignQueue: {
    method: 'GET',
    path: '/countersign-queue',
    summary: "Approvals awaiting a four-eyes countersign, oldest first; the caller's own are marked",
    access: 'supervisor',
    responses: { 200: { description: 'Queue', schema: CountersignQueueSchema } },
  },
  getStatistics: {
    method: 'GET',
    path: '/statistics',
    summary:
      'Figures for a period and optionally one operator: decisions by type, handling time, approval rate by country, redirects, conflicts',
    access: 'supervisor',
    query: z.strictObject({
      from: Instant,
      to: Instant,
      operatorId: OperatorId.optional(),
      bucket: z.enum(['day', 'week', 'month']).default('day'),
    }),
    responses: {
      200: { description: 'Statistics', schema: StatisticsSchema },
      400: problem('Bad period, or too many buckets for it'),
    },
  },
  listAudit: {
    method: 'GET',
    path: '/audit',
    summary: 'The append-only audit log (who decided, countersigned, viewed documents…), oldest or newest first',
    access: 'supervisor',
    query: z.strictObject({
      afterSeq: z.coerce.number().int().min(0).default(0),
      beforeSeq: z.coerce.number().int().min(1).optional(),
      order: z.enum(['asc', 'desc']).default('asc'),
      limit: limit(1000, 200),
      actor: z.string().max(64).optional(),
      action: z.string().max(64).optional(),
      ticketId: TicketParams.shape.id.optional(),
    }),
    responses: {
      200: {
        description: 'Entries',
        schema: z.strictObject({ entries: z.array(AuditEntrySchema), hasMore: z.boolean() }),
      },
    },
  },
  verifyAudit: {
    method: 'GET',
    path: '/audit/verify',
    summary: 'Recompute the hash chain and say where it breaks',
    access: 'supervisor',
    responses: { 200: { description: 'Verification', schema: AuditVerifySchema } },
  },
  listMail: {
    method: 'GET',
    path: '/mail-outbox',
    summary: 'E-mails the server has queued (never the passwords themselves)',
    access: 'supervisor',
    query: z.strictObject({ ticketId: z.string().max(64).optional() }),
    responses: { 200: { description: 'Mail', schema: z.strictObject({ mail: z.array(MailSchema) }) } },
  },
} as const satisfies Record<string, Operation>;

export type OperationId = keyof typeof operations;
type Ops = typeof operations;
type BodyOf<O> = O extends { body: z.ZodType } ? z.input<O['body']> : undefined;
type OkSchema<O> = O extends { responses: { 200: { schema: z.ZodType } } }
  ? O['responses'][200]['schema']
  : O extends { responses: { 201: { schema: z.ZodType } } }
    ? O['responses'][201]['schema']
    : never;
export type RequestBody<K extends OperationId> = BodyOf<Ops[K]>;
export type ResponseBody<K extends OperationId> = z.output<OkSchema<Ops[K]>>;

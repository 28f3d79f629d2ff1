import { z } from 'zod';
import { BytesSchema } from './bytes.ts';
import {
  AuditEntrySchema,
  AuditVerifySchema,
  CountersignFlagSchema,
  CountersignQueueSchema,
  CountersignResultSchema,
  CountersignStatusSchema,
  DecisionActionSchema,
  DecisionSnapshotSchema,
  HistoryPageSchema,
  StatisticsSchema,
  TicketStateSchema,
} from '../api/schemas.ts';
import { SUPPORTED_LOCALES } from '../i18n/locales.ts';

/*
 * The supervisor's views (issue 8): history, four-eyes countersign, statistics, audit and exports.
 * Their data lives on the central API only — the console keeps none of it offline — so every
 * method answers UNAVAILABLE when the API cannot be reached, FORBIDDEN for an operator.
 */

const Id = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);
const Instant = z.iso.datetime({ offset: true });

/** What the history list filters on; the same filters drive the CSV export. */
export const HistoryFiltersSchema = z.strictObject({
  operatorId: Id.optional(),
  action: DecisionActionSchema.optional(),
  /** The state the decision led to. */
  state: TicketStateSchema.optional(),
  country: z
    .string()
    .regex(/^[A-Z]{2}$/)
    .optional(),
  /** All must be set on the decision: ['NO_MATCH_OVERRIDDEN'] with action APPROVE is "approved despite a mismatch". */
  flags: z.array(CountersignFlagSchema).max(4).default([]),
  /** NONE: approvals that needed no countersign, and every other action. */
  countersign: z.union([CountersignStatusSchema, z.literal('NONE')]).optional(),
  /** Words matched as prefixes in ticket ids, applicant names and e-mails, operator names, notes, reasons. */
  text: z.string().max(200).default(''),
  from: Instant.optional(),
  to: Instant.optional(),
});
export type HistoryFilters = z.output<typeof HistoryFiltersSchema>;

export const AuditFiltersSchema = z.strictObject({
  actor: z.string().max(64).optional(),
  /** An exact action, e.g. `attachment.viewed` (who opened an ID document) or `countersign.returned`. */
  action: z.string().max(64).optional(),
  ticketId: Id.optional(),
});

export const StatisticsQuerySchema = z.strictObject({
  from: Instant,
  to: Instant,
  operatorId: Id.optional(),
  bucket: z.enum(['day', 'week', 'month']).default('day'),
});

/** Where the chain was anchored the last time this console verified it against this API. */
export const AuditAnchorCheckSchema = z.strictObject({
  seq: z.int().positive(),
  hash: z.string(),
  verifiedAt: z.iso.datetime({ offset: true }),
  /**
   * MATCH: the entry noted then is still there, unchanged. CHANGED: it was rewritten since.
   * MISSING: the log no longer reaches it (cut short). Both mean tampering the chain alone cannot show.
   */
  status: z.enum(['MATCH', 'CHANGED', 'MISSING']),
});

const ExportTarget = {
  /** An absolute folder the user chose; the profile's `exports` folder when absent. */
  directory: z.string().min(1).max(1000).optional(),
};

export const ExportRequestSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('history-csv'),
    filters: HistoryFiltersSchema,
    /** RFC 4180 uses commas; Excel set to Italian expects semicolons. */
    delimiter: z.enum(['comma', 'semicolon']).default('comma'),
    locale: z.enum(SUPPORTED_LOCALES).default('it'),
    ...ExportTarget,
  }),
  z.strictObject({
    kind: z.literal('audit-csv'),
    filters: AuditFiltersSchema,
    delimiter: z.enum(['comma', 'semicolon']).default('comma'),
    locale: z.enum(SUPPORTED_LOCALES).default('it'),
    ...ExportTarget,
  }),
  z.strictObject({
    kind: z.literal('report-pdf'),
    period: StatisticsQuerySchema,
    locale: z.enum(SUPPORTED_LOCALES).default('it'),
    ...ExportTarget,
  }),
]);
export type ExportRequest = z.output<typeof ExportRequestSchema>;

export const ExportStatusSchema = z.strictObject({
  exportId: z.uuid(),
  kind: z.enum(['history-csv', 'audit-csv', 'report-pdf']),
  state: z.enum(['running', 'done', 'failed']),
  /** Where the file is written; it appears there only when complete. */
  path: z.string(),
  /** Rows written (CSV) or steps done (PDF). */
  done: z.int().nonnegative(),
  /** Null while not known (a history larger than the count the API gives). */
  total: z.int().nonnegative().nullable(),
  bytes: z.int().nonnegative().nullable(),
  error: z.strictObject({ code: z.string(), message: z.string() }).nullable(),
});
export type ExportStatus = z.output<typeof ExportStatusSchema>;

/** Progress of an export, at most a few times a second, and its end. */
export const ExportEventSchema = ExportStatusSchema;

const NoInput = z.strictObject({});

/** Bytes per `exports.read` answer. */
export const EXPORT_SLICE_MAX = 1024 * 1024;

export const supervisorMethods = {
  /** One page of decisions, newest first; pass `nextCursor` back as `cursor` for the next. */
  'history.query': {
    input: HistoryFiltersSchema.extend({
      cursor: z.string().max(100).optional(),
      limit: z.int().min(1).max(500).default(50),
    }),
    output: HistoryPageSchema,
  },
  /** A decision as it was made: the ticket, the checks and the document hashes pinned at submission. */
  'history.snapshot': { input: z.strictObject({ decisionId: z.uuid() }), output: DecisionSnapshotSchema },
  /** Approvals waiting for a second person; `ownDecision` marks those the caller may not countersign. */
  'countersign.queue': { input: NoInput, output: CountersignQueueSchema },
  'countersign.decide': {
    input: z
      .strictObject({
        ticketId: Id,
        decisionId: z.uuid(),
        verdict: z.enum(['CONFIRM', 'RETURN']),
        /** As the queue gave it: the server refuses if the files changed since. */
        evidenceHash: z.string().regex(/^[0-9a-f]{64}$/),
        note: z.string().trim().max(2000).optional(),
      })
      .superRefine((input, context) => {
        if (input.verdict === 'RETURN' && !input.note) {
          context.addIssue({ code: 'custom', path: ['note'], message: 'returning an approval needs a note' });
        }
      }),
    output: CountersignResultSchema,
  },
  'stats.get': { input: StatisticsQuerySchema, output: StatisticsSchema },
  'audit.list': {
    input: AuditFiltersSchema.extend({
      afterSeq: z.int().min(0).default(0),
      beforeSeq: z.int().min(1).optional(),
      order: z.enum(['asc', 'desc']).default('desc'),
      limit: z.int().min(1).max(1000).default(100),
    }),
    output: z.strictObject({ entries: z.array(AuditEntrySchema), hasMore: z.boolean() }),
  },
  /** The server recomputes the chain; this console also checks the head it noted last time. */
  'audit.verify': {
    input: NoInput,
    output: AuditVerifySchema.extend({ anchor: AuditAnchorCheckSchema.nullable() }),
  },
  /** Starts an export and answers at once; progress and the end arrive as `exports.events`. */
  'exports.start': { input: ExportRequestSchema, output: ExportStatusSchema },
  'exports.status': { input: z.strictObject({ exportId: z.uuid() }), output: ExportStatusSchema },
  /**
   * A finished export's bytes, a slice at a time: the page saves the file where its user chooses
   * (a download), in either host, without a path of this machine's disk having to mean anything
   * to it. Slices keep each message small whatever the export's size.
   */
  'exports.read': {
    input: z.strictObject({
      exportId: z.uuid(),
      offset: z.int().min(0).default(0),
      length: z.int().min(1).max(EXPORT_SLICE_MAX).default(EXPORT_SLICE_MAX),
    }),
    output: z.strictObject({
      data: BytesSchema,
      offset: z.int().nonnegative(),
      /** The whole file's size: the page knows how many slices it needs. */
      totalBytes: z.int().nonnegative(),
      filename: z.string(),
      mediaType: z.enum(['text/csv', 'application/pdf']),
    }),
  },
} as const;

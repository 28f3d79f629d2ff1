import { z } from 'zod';
import {
  CROSS_CHECK_FIELDS,
  CrossCheckFieldSchema,
  EvidenceSourceSchema,
  MatchStatusSchema,
} from '../checks/cross-check.ts';
import { MrzFormatSchema } from '../checks/mrz.ts';
import { LocalizedTextSchema } from '../checks/text.ts';

/** Resources of the central API. The OpenAPI document, the server's validation and the client types derive from these. */

export const TICKET_STATES = [
  'NEW',
  'FORM_SENT',
  'DOCS_RECEIVED',
  'UNDER_REVIEW',
  'INFO_REQUESTED',
  'AWAITING_COUNTERSIGN',
  'APPROVED',
  'REJECTED',
  'REDIRECTED',
] as const;
export const TicketStateSchema = z.enum(TICKET_STATES);
export type TicketState = z.output<typeof TicketStateSchema>;

export const DECISION_ACTIONS = ['SEND_FORM', 'REQUEST_INFO', 'APPROVE', 'REJECT', 'REDIRECT'] as const;
export const DecisionActionSchema = z.enum(DECISION_ACTIONS);
export type DecisionAction = z.output<typeof DecisionActionSchema>;

export const REASON_CODES = [
  'FALSIFIED',
  'DOC_EXPIRED',
  'WRONG_DOCUMENT',
  'NAME_MISMATCH',
  'MRZ_CHECK_FAILED',
  'UNREADABLE',
  'INCOMPLETE_FORM',
  'MISSING_SIGNATURE',
  'HAS_ITALIAN_CF',
  'EIDAS_AVAILABLE',
  'CLICLAVORO_ACCOUNT',
  'DUPLICATE',
  'NO_REPLY',
] as const;
export const ReasonCodeSchema = z.enum(REASON_CODES);
export type ReasonCode = z.output<typeof ReasonCodeSchema>;

export const RedirectTargetSchema = z.enum(['SPID_CIE', 'EIDAS', 'CLICLAVORO']);

export const SERVICES = [
  'CABOTAGGIO',
  'DELOCALIZZAZIONE_CALL_CENTER',
  'DISTACCO_TRANSNAZIONALE',
  'RICONOSCIMENTO_QUALIFICHE',
] as const;
export const ServiceSchema = z.enum(SERVICES);

/**
 * Why an approval needs a second person (DESIGN.md §7, four-eyes); resources/countersign/rules.json
 * says which apply. Append only: the server stores a decision's flags as bits in this order.
 */
export const COUNTERSIGN_FLAGS = [
  'NO_MATCH_OVERRIDDEN',
  'DOC_EXPIRING_SOON',
  'DUPLICATE_OVERRIDDEN',
  'OPERATOR_IN_TRAINING',
] as const;
export const CountersignFlagSchema = z.enum(COUNTERSIGN_FLAGS);
export type CountersignFlag = z.output<typeof CountersignFlagSchema>;

export const RoleSchema = z.enum(['operator', 'supervisor']);

const Id = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);
const Sha256 = z.string().regex(/^[0-9a-f]{64}$/);
const Text = (max: number) => z.string().trim().min(1).max(max);
const IsoDateTime = z.iso.datetime({ offset: true });
const IsoDate = z.iso.date();
const Country = z.string().regex(/^[A-Z]{2}$/, 'ISO 3166-1 alpha-2 code');
const Language = z.enum(['it', 'en', 'fr', 'es', 'de']);

export const AttachmentKindSchema = z.enum(['ID_COPY', 'FORM', 'OTHER']);
export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;
export const ATTACHMENT_TYPES = ['application/pdf', 'image/jpeg', 'image/png'] as const;

export const AttachmentUploadSchema = z.strictObject({
  filename: Text(200).regex(/^[^/\\\0]+$/, 'a file name, not a path'),
  contentType: z.enum(ATTACHMENT_TYPES),
  kind: AttachmentKindSchema,
  /** Base64 of the file; 10 MiB at most once decoded. */
  dataBase64: z.base64().max(Math.ceil((MAX_ATTACHMENT_BYTES * 4) / 3) + 4),
});

export const AttachmentSchema = z.strictObject({
  sha256: Sha256,
  filename: z.string(),
  contentType: z.enum(ATTACHMENT_TYPES),
  kind: AttachmentKindSchema,
  size: z.int().nonnegative(),
  receivedAt: IsoDateTime,
});

export const ApplicantSchema = z.strictObject({
  nome: Text(100),
  cognome: Text(100),
  email: z.email().max(254),
  telefono: z.string().regex(/^\+[1-9][0-9]{6,14}$/, 'E.164 number, e.g. +4915123456789'),
  codiceFiscalePiva: z.string().trim().max(32).optional(),
  nationality: Country,
  residenceCountry: Country,
  birthDate: IsoDate.optional(),
  language: Language,
  message: z.string().max(4000).optional(),
});
export type Applicant = z.output<typeof ApplicantSchema>;

export const IntakeRequestSchema = z.strictObject({
  categoria: z.literal('Gestione Accessi'),
  sottocategoria: z.literal('Accreditamento Utente Estero'),
  applicant: ApplicantSchema,
  consenso: z.strictObject({ given: z.literal(true), at: IsoDateTime }),
  attachments: z.array(AttachmentUploadSchema).min(1).max(5),
});

export const InboundEmailSchema = z.strictObject({
  from: z.email(),
  subject: z.string().max(500),
  receivedAt: IsoDateTime,
  attachments: z.array(AttachmentUploadSchema).min(1).max(10),
});

export const LeaseSchema = z.strictObject({
  owner: Id,
  ownerName: z.string(),
  expiresAt: IsoDateTime,
});

export const DecisionSummarySchema = z.strictObject({
  decisionId: z.uuid(),
  action: DecisionActionSchema,
  operatorId: Id,
  operatorName: z.string(),
  decidedAt: IsoDateTime,
  reasonCodes: z.array(ReasonCodeSchema),
});

export const TicketSchema = z.strictObject({
  id: Id,
  version: z.int().positive(),
  state: TicketStateSchema,
  applicant: ApplicantSchema,
  consentAt: IsoDateTime,
  attachments: z.array(AttachmentSchema),
  /** SHA-256 over the sorted attachment hashes: what a countersign is pinned to. */
  evidenceHash: Sha256,
  lease: LeaseSchema.nullable(),
  lastDecision: DecisionSummarySchema.nullable(),
  pendingCountersign: z
    .strictObject({ decisionId: z.uuid(), makerId: Id, flags: z.array(CountersignFlagSchema), evidenceHash: Sha256 })
    .nullable(),
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
});
export type Ticket = z.output<typeof TicketSchema>;

export const FeedEntrySchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('ticket'), ticket: TicketSchema }),
  z.strictObject({ kind: z.literal('deleted'), id: Id, reason: z.enum(['DELETED', 'REDACTED']) }),
]);

export const FeedPageSchema = z.strictObject({
  entries: z.array(FeedEntrySchema),
  /** Opaque; pass it back unchanged to continue. */
  cursor: z.string(),
  hasMore: z.boolean(),
  /** Changes after this page, so a first sync can show its progress. */
  remaining: z.int().nonnegative(),
});

/**
 * What the operator's console had checked when the decision was made. The server pins it with the
 * decision (a supervisor sees the ticket as it was decided) and weighs it with the countersign rules.
 */
export const DecisionEvidenceSchema = z.strictObject({
  computedAt: IsoDateTime,
  /** The files the checks read, by content hash: each must be one of the ticket's attachments. */
  documents: z.array(z.strictObject({ sha256: Sha256, kind: AttachmentKindSchema })).max(20),
  crossCheck: z
    .array(
      z.strictObject({
        field: CrossCheckFieldSchema,
        status: MatchStatusSchema,
        values: z.partialRecord(EvidenceSourceSchema, z.string().max(200)),
      }),
    )
    .max(CROSS_CHECK_FIELDS.length),
  /** The identity document as its MRZ (typed or read) gave it. */
  document: z.strictObject({
    source: z.enum(['typed', 'read', 'none']),
    format: MrzFormatSchema.nullable(),
    documentNumber: z.string().max(40).nullable(),
    expiryDate: IsoDate.nullable(),
    checkDigitsValid: z.boolean().nullable(),
  }),
  /** The eligibility outcome code, null when it could not be assessed. */
  eligibility: z.string().max(40).nullable(),
  duplicates: z.array(z.strictObject({ ticketId: Id, matchedOn: z.array(z.string().max(40)).max(5) })).max(20),
  form: z.strictObject({ status: z.string().max(40), templateVersion: z.string().max(40).nullable() }).nullable(),
  /** What the console suggested; the operator decided. */
  suggestion: z
    .strictObject({ action: DecisionActionSchema.nullable(), reasonCodes: z.array(ReasonCodeSchema).max(20) })
    .nullable(),
});
export type DecisionEvidence = z.output<typeof DecisionEvidenceSchema>;

export const DecisionRequestSchema = z.strictObject({
  baseVersion: z.int().positive(),
  action: DecisionActionSchema,
  reasonCodes: z.array(ReasonCodeSchema).max(10).default([]),
  services: z.array(ServiceSchema).max(4).optional(),
  redirectTarget: RedirectTargetSchema.optional(),
  note: z.string().max(2000).optional(),
  countersignFlags: z.array(CountersignFlagSchema).max(5).default([]),
  evidenceHash: Sha256,
  deviceId: Id,
  decidedAt: IsoDateTime,
  /** Optional for consoles that predate it; without it only the console's flags and the operator's training count. */
  evidence: DecisionEvidenceSchema.optional(),
});

export const DecisionResultSchema = z.strictObject({
  decisionId: z.uuid(),
  ticketId: Id,
  action: DecisionActionSchema,
  state: TicketStateSchema,
  version: z.int().positive(),
  countersignRequired: z.boolean(),
  appliedAt: IsoDateTime,
});

export const DecisionBatchSchema = z.strictObject({
  decisions: z
    .array(z.strictObject({ ticketId: Id, decisionId: z.uuid(), decision: DecisionRequestSchema }))
    .min(1)
    .max(100),
});

/** One answer per decision, in order: exactly what the single-decision endpoint answers for it. */
export const DecisionBatchResultSchema = z.strictObject({
  results: z.array(z.strictObject({ decisionId: z.uuid(), status: z.int(), body: z.unknown() })),
});

export const CountersignRequestSchema = z
  .strictObject({
    decisionId: z.uuid(),
    verdict: z.enum(['CONFIRM', 'RETURN']),
    evidenceHash: Sha256,
    /** Required to return an approval: the maker reads why. */
    note: z.string().trim().max(2000).optional(),
  })
  .superRefine((request, context) => {
    if (request.verdict === 'RETURN' && !request.note) {
      context.addIssue({ code: 'custom', path: ['note'], message: 'returning an approval needs a note for the maker' });
    }
  });

export const CountersignResultSchema = z.strictObject({
  ticketId: Id,
  decisionId: z.uuid(),
  verdict: z.enum(['CONFIRM', 'RETURN']),
  state: TicketStateSchema,
  version: z.int().positive(),
  countersignedBy: Id,
  at: IsoDateTime,
});

export const NonceSchema = z.strictObject({ nonce: z.string(), expiresAt: IsoDateTime });

export const LoginRequestSchema = z.strictObject({
  nonce: z.string().max(100),
  /** DER of the CIE authentication certificate, base64. */
  certificate: z.base64().max(8000),
  /** DER of the intermediate certificates, base64, if the client has them. */
  chain: z.array(z.base64().max(8000)).max(4).default([]),
  /** RSA PKCS#1 v1.5 signature over SHA-256(nonce ‖ context), base64. */
  signature: z.base64().max(2000),
  context: z.string().max(200),
});

export const SessionSchema = z.strictObject({
  token: z.string(),
  expiresAt: IsoDateTime,
  operator: z.strictObject({ id: Id, name: z.string(), role: RoleSchema }),
});

export const CliclavoroLookupSchema = z.strictObject({
  email: z.email().optional(),
  surname: z.string().max(100).optional(),
  givenNames: z.string().max(100).optional(),
  birthDate: IsoDate.optional(),
});
export const CliclavoroResultSchema = z.strictObject({ exists: z.boolean(), matchedOn: z.array(z.string()) });

/** Where a four-eyes countersign stands; VOIDED: the evidence changed before a supervisor acted. */
export const COUNTERSIGN_STATUSES = ['PENDING', 'CONFIRMED', 'RETURNED', 'VOIDED'] as const;
export const CountersignStatusSchema = z.enum(COUNTERSIGN_STATUSES);
export type CountersignStatus = z.output<typeof CountersignStatusSchema>;

export const HistoryEntrySchema = z.strictObject({
  decisionId: z.uuid(),
  ticketId: Id,
  action: DecisionActionSchema,
  /** The state the decision led to (after any countersign). */
  state: TicketStateSchema,
  reasonCodes: z.array(ReasonCodeSchema),
  operatorId: Id,
  countersignedBy: Id.nullable(),
  country: Country,
  decidedAt: IsoDateTime,
  /** From the request's opening on URP Online to this decision. */
  handlingSeconds: z.number().nonnegative(),
  operatorName: z.string(),
  /** Null once the ticket was redacted. */
  applicantName: z.string().nullable(),
  /** When the server recorded it: never earlier than the decision recorded before. */
  appliedAt: IsoDateTime,
  services: z.array(ServiceSchema),
  redirectTarget: RedirectTargetSchema.nullable(),
  /** The operator's internal note. */
  note: z.string().nullable(),
  flags: z.array(CountersignFlagSchema),
  countersign: z
    .strictObject({
      status: CountersignStatusSchema,
      by: Id.nullable(),
      byName: z.string().nullable(),
      at: IsoDateTime.nullable(),
      note: z.string().nullable(),
    })
    .nullable(),
});
export type HistoryEntry = z.output<typeof HistoryEntrySchema>;

export const HistoryPageSchema = z.strictObject({
  entries: z.array(HistoryEntrySchema),
  /** Matching decisions, counted up to a cap (`totalCapped`); carried by the cursor after the first page. */
  total: z.int().nonnegative(),
  totalCapped: z.boolean(),
  /** Opaque; pass it back as `cursor` for the next page. Null on the last page. */
  nextCursor: z.string().nullable(),
  /** Only with `aggregates=true`: it reads every matching decision. */
  perOperator: z.array(z.strictObject({ operatorId: Id, decisions: z.int(), approvals: z.int() })).optional(),
});

/** A countersign rule that fired, and why, in both console languages. */
export const CountersignRuleHitSchema = z.strictObject({
  ruleId: z.string(),
  flag: CountersignFlagSchema,
  detail: LocalizedTextSchema,
});

/** A decision as it was made: the ticket, the checks and the document hashes pinned at submission. */
export const DecisionSnapshotSchema = z.strictObject({
  decision: HistoryEntrySchema,
  /** The ticket as the server held it when the decision arrived; null when redacted since, or recorded before snapshots existed. */
  ticket: TicketSchema.nullable(),
  /** The checks the console sent with the decision; null when it sent none. */
  evidence: DecisionEvidenceSchema.nullable(),
  /** SHA-256 over the ticket's attachment hashes at submission. */
  evidenceHash: Sha256.nullable(),
  /** The ticket still holds exactly those files. */
  evidenceUnchanged: z.boolean(),
  /** How the countersign rules judged an approval; null for other actions. */
  countersignRules: z
    .strictObject({ version: z.string(), required: z.boolean(), hits: z.array(CountersignRuleHitSchema) })
    .nullable(),
});

export const CountersignQueueItemSchema = z.strictObject({
  decisionId: z.uuid(),
  ticketId: Id,
  ticketVersion: z.int().positive(),
  makerId: Id,
  makerName: z.string(),
  applicantName: z.string().nullable(),
  country: Country,
  decidedAt: IsoDateTime,
  appliedAt: IsoDateTime,
  flags: z.array(CountersignFlagSchema),
  services: z.array(ServiceSchema),
  note: z.string().nullable(),
  /** What a countersign must quote: it fails if the files changed since. */
  evidenceHash: Sha256,
  /** The caller made this decision: four-eyes forbids them to countersign it. */
  ownDecision: z.boolean(),
});
export const CountersignQueueSchema = z.strictObject({ items: z.array(CountersignQueueItemSchema) });

const ActionCountsSchema = z.record(DecisionActionSchema, z.int().nonnegative());
const HandlingSchema = z.strictObject({
  medianSeconds: z.number().nonnegative().nullable(),
  p90Seconds: z.number().nonnegative().nullable(),
});
/** approvals ÷ (approvals + rejections + redirects) in the period; null when there were none. */
const RateSchema = z.number().min(0).max(1).nullable();

export const StatisticsSchema = z.strictObject({
  from: IsoDateTime,
  to: IsoDateTime,
  operatorId: Id.nullable(),
  bucket: z.enum(['day', 'week', 'month']),
  totals: z.strictObject({
    decisions: z.int().nonnegative(),
    byAction: ActionCountsSchema,
    handling: HandlingSchema,
    approvalRate: RateSchema,
    conflicts: z.int().nonnegative(),
    countersign: z.record(CountersignStatusSchema, z.int().nonnegative()),
  }),
  operators: z.array(
    z.strictObject({
      operatorId: Id,
      operatorName: z.string(),
      decisions: z.int().nonnegative(),
      byAction: ActionCountsSchema,
      handling: HandlingSchema,
      approvalRate: RateSchema,
      conflicts: z.int().nonnegative(),
    }),
  ),
  countries: z.array(
    z.strictObject({
      country: Country,
      decisions: z.int().nonnegative(),
      approvals: z.int().nonnegative(),
      rejections: z.int().nonnegative(),
      redirects: z.int().nonnegative(),
      approvalRate: RateSchema,
    }),
  ),
  redirects: z.array(z.strictObject({ target: RedirectTargetSchema, count: z.int().nonnegative() })),
  /** Decisions refused with a conflict (409), by code. */
  conflicts: z.array(z.strictObject({ code: z.string(), count: z.int().nonnegative() })),
  /** Decisions per bucket (UTC day, ISO week from Monday, or month), labelled by the bucket's first day. */
  series: z.array(z.strictObject({ bucket: IsoDate, byAction: ActionCountsSchema })),
});
export type Statistics = z.output<typeof StatisticsSchema>;

export const AuditEntrySchema = z.strictObject({
  seq: z.int().positive(),
  at: IsoDateTime,
  actor: z.string(),
  action: z.string(),
  ticketId: Id.nullable(),
  details: z.record(z.string(), z.unknown()),
  prevHash: Sha256,
  hash: Sha256,
});
export const AUDIT_BREAKS = ['CONTENT_CHANGED', 'LINK_BROKEN', 'SEQUENCE_GAP', 'UNREADABLE'] as const;
export const AuditVerifySchema = z.strictObject({
  ok: z.boolean(),
  entries: z.int().nonnegative(),
  firstBrokenSeq: z.int().positive().nullable(),
  /**
   * Every entry where the chain does not hold (the first 100): CONTENT_CHANGED, the row no longer
   * hashes to its stored hash; LINK_BROKEN, its previous hash is not the stored hash of the entry
   * before; SEQUENCE_GAP, entries before it are missing; UNREADABLE, its details are not JSON.
   */
  breaks: z.array(z.strictObject({ seq: z.int().positive(), reason: z.enum(AUDIT_BREAKS) })).max(100),
  /** The last entry: a verifier that notes it can tell later whether the log was cut short or rewritten after it. */
  head: z.strictObject({ seq: z.int().positive(), hash: Sha256 }).nullable(),
});

export const MailSchema = z.strictObject({
  id: z.int().positive(),
  ticketId: Id,
  kind: z.enum([
    'ACKNOWLEDGEMENT',
    'FORM_REQUEST',
    'INFO_REQUEST',
    'CREDENTIALS_USERNAME',
    'CREDENTIALS_PASSWORD',
    'REJECTION',
    'REDIRECT',
  ]),
  to: z.email(),
  subject: z.string(),
  createdAt: IsoDateTime,
});

export const ProblemSchema = z.looseObject({
  type: z.string(),
  title: z.string(),
  status: z.int(),
  code: z.string(),
  detail: z.string(),
});

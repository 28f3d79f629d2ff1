import { z } from 'zod';

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

/** Why an approval needs a second person (DESIGN.md §7, four-eyes). */
export const COUNTERSIGN_FLAGS = ['NO_MATCH_OVERRIDDEN', 'DOC_EXPIRING_SOON', 'DUPLICATE_OVERRIDDEN'] as const;
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

export const CountersignRequestSchema = z.strictObject({
  decisionId: z.uuid(),
  verdict: z.enum(['CONFIRM', 'RETURN']),
  evidenceHash: Sha256,
  note: z.string().max(2000).optional(),
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

export const HistoryEntrySchema = z.strictObject({
  decisionId: z.uuid(),
  ticketId: Id,
  action: DecisionActionSchema,
  state: TicketStateSchema,
  reasonCodes: z.array(ReasonCodeSchema),
  operatorId: Id,
  countersignedBy: Id.nullable(),
  country: Country,
  decidedAt: IsoDateTime,
  handlingSeconds: z.number().nonnegative(),
});
export const HistoryPageSchema = z.strictObject({
  entries: z.array(HistoryEntrySchema),
  total: z.int().nonnegative(),
  perOperator: z.array(z.strictObject({ operatorId: Id, decisions: z.int(), approvals: z.int() })),
});

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
export const AuditVerifySchema = z.strictObject({
  ok: z.boolean(),
  entries: z.int().nonnegative(),
  firstBrokenSeq: z.int().positive().nullable(),
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

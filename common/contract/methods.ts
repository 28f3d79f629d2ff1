import { z } from 'zod';
import {
  CountersignFlagSchema,
  DecisionActionSchema,
  ReasonCodeSchema,
  RedirectTargetSchema,
  RoleSchema,
  ServiceSchema,
  TicketSchema,
  TicketStateSchema,
} from '../api/schemas.ts';
import { MatchStatusSchema } from '../checks/cross-check.ts';
import { EligibilityOutcomeSchema } from '../checks/eligibility.ts';
import { MrzResultSchema } from '../checks/mrz.ts';
import { ReasonCatalogSchema } from '../checks/reasons.ts';
import { LocalizedTextSchema } from '../checks/text.ts';
import { TicketChecksSchema } from '../checks/ticket-checks.ts';
import { missingDecisionField } from '../domain/decision-rules.ts';
import { SUPPORTED_LOCALES } from '../i18n/locales.ts';
import { AppCommandSchema, appMethods } from './app-methods.ts';
import { BytesSchema } from './bytes.ts';
import { AuthEventSchema, authMethods } from './auth-methods.ts';
import { documentsMethods } from './documents-methods.ts';
import type { EventName, MethodName } from './names.ts';
import { ExportEventSchema, supervisorMethods } from './supervisor-methods.ts';

export const LocaleSchema = z.enum(SUPPORTED_LOCALES);

const NoInput = z.strictObject({});

export const AppInfoSchema = z.strictObject({
  name: z.string(),
  version: z.string(),
  /** `demo` when no central API is configured and the embedded reference API serves demo data. */
  mode: z.enum(['demo', 'real']),
  host: z.enum(['electron', 'web']),
  locale: LocaleSchema,
  platform: z.string(),
  /** The central API in use: configured, or the embedded reference API in demo mode; null when none. */
  apiUrl: z.string().nullable(),
});

export const AppEventSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('locale.changed'),
    locale: LocaleSchema,
    at: z.iso.datetime(),
  }),
]);

const TicketId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'a ticket id such as UE-2026-000123');
const TicketRef = z.strictObject({ ticketId: TicketId });

/** States in which a ticket waits for an operator: what `tickets.next` hands out and background checks prepare. */
export const ACTIONABLE_STATES: readonly z.output<typeof TicketStateSchema>[] = [
  'NEW',
  'DOCS_RECEIVED',
  'UNDER_REVIEW',
];

export const QUEUE_FLAGS = ['pending', 'conflict', 'italianCf', 'eidas', 'duplicate', 'mrzInvalid'] as const;
export const QueueFlagSchema = z.enum(QUEUE_FLAGS);
export type QueueFlag = z.output<typeof QueueFlagSchema>;

/** What the stored checks concluded, for the queue's icons; null on a row until the checks have run. */
export const CheckSummarySchema = z.strictObject({
  /** Null when eligibility could not be assessed. */
  eligibility: EligibilityOutcomeSchema.nullable(),
  mrz: z.enum(['VALID', 'INVALID', 'UNREADABLE', 'NONE']),
  crossCheck: MatchStatusSchema,
  duplicates: z.int().nonnegative(),
  /** A codice fiscale in the tax-id field, well formed or with a probable typo. */
  italianCf: z.boolean(),
  /** A notified eIDAS scheme is open to the applicant, whatever takes precedence. */
  eidas: z.boolean(),
});
export type CheckSummary = z.output<typeof CheckSummarySchema>;

export const TicketQuerySchema = z.strictObject({
  /** Words matched as prefixes in names, e-mails, ticket ids and document numbers, diacritics ignored. */
  text: z.string().max(200).default(''),
  states: z.array(TicketStateSchema).max(9).default([]),
  nationality: z
    .string()
    .regex(/^[A-Z]{2}$/)
    .optional(),
  scope: z.enum(['all', 'mine', 'unassigned']).default('all'),
  /** All must hold. The check flags come from results the checks engine stored (computed in the background). */
  flags: z.array(QueueFlagSchema).max(QUEUE_FLAGS.length).default([]),
  sort: z.enum(['created', 'updated', 'name']).default('created'),
  direction: z.enum(['asc', 'desc']).default('asc'),
  offset: z.int().min(0).max(10_000_000).default(0),
  limit: z.int().min(1).max(500).default(100),
  /** Counts per state for the filter chips: asked for when filters or data change, not for every scroll window. */
  withCounts: z.boolean().default(false),
});

export const TicketRowSchema = z.strictObject({
  id: z.string(),
  state: TicketStateSchema,
  applicantName: z.string(),
  email: z.string(),
  nationality: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  leaseOwner: z.string().nullable(),
  leaseOwnerName: z.string().nullable(),
  leaseExpiresAt: z.string().nullable(),
  pending: z.boolean(),
  conflict: z.boolean(),
  checks: CheckSummarySchema.nullable(),
});

export const ConflictSchema = z.strictObject({
  decisionId: z.string(),
  action: DecisionActionSchema,
  kind: z.enum(['CONFLICT', 'REJECTED']),
  code: z.string(),
  detail: z.string(),
  /** Who decided instead, when and what, as the server reported it. */
  theirs: z.unknown(),
  at: z.string(),
});

export const TicketDetailSchema = z.strictObject({
  ticket: TicketSchema,
  state: TicketStateSchema,
  pendingDecision: z
    .strictObject({
      decisionId: z.string(),
      action: DecisionActionSchema,
      attempts: z.int(),
      lastError: z.string().nullable(),
    })
    .nullable(),
  conflict: ConflictSchema.nullable(),
});
export type TicketDetail = z.output<typeof TicketDetailSchema>;

export const DecisionInputSchema = z
  .strictObject({
    ticketId: TicketId,
    action: DecisionActionSchema,
    reasonCodes: z.array(ReasonCodeSchema).max(10).default([]),
    services: z.array(ServiceSchema).min(1).max(4).optional(),
    redirectTarget: RedirectTargetSchema.optional(),
    note: z.string().max(2000).optional(),
    countersignFlags: z.array(CountersignFlagSchema).max(5).default([]),
  })
  .superRefine((decision, context) => {
    const missing = missingDecisionField(decision);
    if (missing) context.addIssue({ code: 'custom', path: [missing.split(':')[0] ?? ''], message: missing });
  });
export type DecisionInput = z.output<typeof DecisionInputSchema>;

/** An applicant e-mail as it would be sent; `missingPlaceholders` non-empty means it must not be. */
export const MailPreviewSchema = z.strictObject({
  subject: z.string(),
  body: z.string(),
  language: z.string(),
  /** Set when the applicant's language has no templates and English was used, saying so. */
  fallback: LocalizedTextSchema.nullable(),
  attachments: z.array(z.strictObject({ filename: z.string(), contentType: z.string() })),
  missingPlaceholders: z.array(z.string()),
});

export const SyncStatusSchema = z.strictObject({
  online: z.boolean(),
  phase: z.enum(['idle', 'pulling', 'pushing', 'offline', 'unauthenticated', 'unconfigured']),
  lastSyncAt: z.string().nullable(),
  /** The signed-in operator's decisions not yet delivered. */
  pending: z.int().nonnegative(),
  /** Decisions other operators made on this workstation: each goes out when its maker signs in again. */
  pendingOtherOperators: z.int().nonnegative(),
  /** Decisions from before the outbox named their maker, with no record of who made them: never sent. */
  heldForReview: z.int().nonnegative(),
  conflicts: z.int().nonnegative(),
  progress: z.strictObject({ done: z.int().nonnegative(), total: z.int().nonnegative() }).nullable(),
  error: z.strictObject({ code: z.string(), message: z.string() }).nullable(),
});
export type SyncStatus = z.output<typeof SyncStatusSchema>;

export const SyncEventSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('status'), status: SyncStatusSchema }),
  z.strictObject({ type: z.literal('tickets.changed'), ids: z.array(z.string()).max(1000) }),
]);

interface MethodSpec {
  input: z.ZodType;
  output: z.ZodType;
}

/** The bridge contract: one schema per method input/output and per event payload. */
export const contract = {
  methods: {
    'app.info': { input: NoInput, output: AppInfoSchema },
    'app.setLocale': {
      input: z.strictObject({ locale: LocaleSchema }),
      output: z.strictObject({ locale: LocaleSchema }),
    },
    'tickets.query': {
      input: TicketQuerySchema,
      output: z.strictObject({
        rows: z.array(TicketRowSchema),
        total: z.int().nonnegative(),
        countsByState: z.partialRecord(TicketStateSchema, z.int().nonnegative()),
        /** With the counts: every applicant nationality in the cache, for the country filter. */
        nationalities: z.array(z.string()),
      }),
    },
    /** Claims the oldest actionable ticket nobody holds (an UNDER_REVIEW one only if its lease ran out); null when none. */
    'tickets.next': {
      input: NoInput,
      output: z
        .strictObject({ ticketId: z.string(), owner: z.string(), ownerName: z.string(), expiresAt: z.string() })
        .nullable(),
    },
    'tickets.get': { input: TicketRef, output: TicketDetailSchema },
    'tickets.claim': {
      input: TicketRef,
      output: z.strictObject({ owner: z.string(), ownerName: z.string(), expiresAt: z.string() }),
    },
    'tickets.release': { input: TicketRef, output: z.strictObject({ released: z.boolean() }) },
    'attachments.get': {
      input: z.strictObject({ ticketId: TicketId, sha256: z.string().regex(/^[0-9a-f]{64}$/) }),
      output: z.strictObject({ contentType: z.string(), data: BytesSchema }),
    },
    'decisions.submit': {
      input: DecisionInputSchema,
      output: z.strictObject({ decisionId: z.string(), state: TicketStateSchema }),
    },
    'conflicts.resolve': {
      input: z.strictObject({ ticketId: TicketId, resolution: z.literal('KEEP_THEIRS') }),
      output: z.strictObject({ resolved: z.literal(true) }),
    },
    'sync.now': { input: NoInput, output: SyncStatusSchema },
    'sync.status': { input: NoInput, output: SyncStatusSchema },
    'checks.get': {
      input: z.strictObject({ ticketId: TicketId, refresh: z.boolean().default(false) }),
      output: TicketChecksSchema,
    },
    'checks.setMrz': {
      input: z.strictObject({ ticketId: TicketId, text: z.string().max(300).nullable() }),
      output: TicketChecksSchema,
    },
    'checks.parseMrz': { input: z.strictObject({ text: z.string().max(300) }), output: MrzResultSchema },
    'mail.preview': {
      input: z.strictObject({
        ticketId: TicketId,
        action: DecisionActionSchema,
        reasonCodes: z.array(ReasonCodeSchema).max(10).default([]),
        redirectTarget: RedirectTargetSchema.optional(),
        /** The services an approval grants, listed in its e-mail. */
        services: z.array(ServiceSchema).max(4).optional(),
        language: z.string().min(2).max(8).optional(),
      }),
      output: MailPreviewSchema,
    },
    /** The reason catalog, most serious first: labels, types and severities for the decision dialogs. */
    'reasons.list': { input: NoInput, output: ReasonCatalogSchema },
    /** Who is signed in on this console: whose leases are "mine". Null before sign-in. */
    'session.current': {
      input: NoInput,
      output: z.strictObject({
        operator: z.strictObject({ id: z.string(), name: z.string(), role: RoleSchema }).nullable(),
      }),
    },
    ...authMethods,
    ...documentsMethods,
    ...supervisorMethods,
    ...appMethods,
  },
  events: {
    'app.events': AppEventSchema,
    'sync.events': SyncEventSchema,
    'auth.events': AuthEventSchema,
    'exports.events': ExportEventSchema,
    'app.command': AppCommandSchema,
  },
} as const satisfies {
  methods: Record<MethodName, MethodSpec>;
  events: Record<EventName, z.ZodType>;
};

type Methods = typeof contract.methods;
export type MethodInput<M extends MethodName> = z.input<Methods[M]['input']>;
/** The input as a handler receives it, after parsing. */
export type ParsedInput<M extends MethodName> = z.output<Methods[M]['input']>;
export type MethodOutput<M extends MethodName> = z.output<Methods[M]['output']>;
export type EventPayload<E extends EventName> = z.output<(typeof contract.events)[E]>;
export type AppInfo = z.output<typeof AppInfoSchema>;
export type AppEvent = z.output<typeof AppEventSchema>;

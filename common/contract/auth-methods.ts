import { z } from 'zod';
import { RoleSchema } from '../api/schemas.ts';

/**
 * Sign-in with the CIE, lock and unlock (docs/cie-login.md). Every outcome of a card flow is
 * data: the renderer explains each failure code in the operator's language.
 */

export const PinSchema = z.string().regex(/^\d{8}$/, 'The PIN is 8 digits');

export const ReaderStatusSchema = z.strictObject({
  /** pcscd (or the demo card) answering: 'down' means the smart-card service is not running. */
  service: z.enum(['unknown', 'up', 'down']),
  readers: z.array(z.strictObject({ name: z.string(), cardPresent: z.boolean() })),
});

export const AuthSessionSchema = z.strictObject({
  operator: z.strictObject({ id: z.string(), name: z.string(), role: RoleSchema }),
  /** 'offline': signed in against the trust material cached here, the central API unreachable. */
  mode: z.enum(['online', 'offline']),
  /** The card left the reader: everything is covered until the same card and PIN unlock it. */
  locked: z.boolean(),
  since: z.iso.datetime({ offset: true }),
});

export const AuthStatusSchema = z.strictObject({
  readers: ReaderStatusSchema,
  session: AuthSessionSchema.nullable(),
  /** A card flow is running: a second one waits for it to end. */
  busy: z.enum(['login', 'unlock']).nullable(),
  /** The CIE trust material (CSCA, CIE CA, DAPP keys) could be loaded. */
  trust: z.enum(['ready', 'missing']),
  /** Signed in offline and the central API answers again: a fresh login sends the queued decisions. */
  reauthRequired: z.boolean(),
  /** Demo mode: the virtual card's PIN, shown on the login screen. Null on a real deployment. */
  demoPin: z.string().nullable(),
});
export type AuthStatus = z.output<typeof AuthStatusSchema>;

export const LOGIN_FAILURE_CODES = [
  'NO_SERVICE',
  'NO_READER',
  'NO_CARD',
  'CARD_REMOVED',
  'READER_BUSY',
  'NOT_A_CIE',
  'CARD_INVALID',
  'WRONG_PIN',
  'PIN_BLOCKED',
  'CERTIFICATE_EXPIRED',
  'PROOF_REFUSED',
  'UNKNOWN_OPERATOR',
  'DIFFERENT_CARD',
  'DIFFERENT_OPERATOR',
  'OFFLINE_UNKNOWN',
  'SERVER_ERROR',
  'TRUST_MISSING',
  'BUSY',
  'NOT_LOCKED',
  'LOCKED',
  'CARD_ERROR',
] as const;
export const LoginFailureCodeSchema = z.enum(LOGIN_FAILURE_CODES);
export type LoginFailureCode = z.output<typeof LoginFailureCodeSchema>;

export const LoginOutcomeSchema = z.discriminatedUnion('ok', [
  z.strictObject({ ok: z.literal(true), status: AuthStatusSchema }),
  z.strictObject({
    ok: z.literal(false),
    failure: z.strictObject({
      code: LoginFailureCodeSchema,
      /** PIN tries left after a wrong PIN (the card's 63Cx). */
      triesLeft: z.int().min(0).max(15).optional(),
      /** Technical detail for support, in English; the UI shows its own text for the code. */
      detail: z.string(),
    }),
  }),
]);
export type LoginOutcome = z.output<typeof LoginOutcomeSchema>;

export const AuthEventSchema = z.strictObject({ type: z.literal('status'), status: AuthStatusSchema });

export const authMethods = {
  'auth.status': { input: z.strictObject({}), output: AuthStatusSchema },
  /** Card + PIN: online through the central API, or offline when it is unreachable and this card signed in here before. */
  'auth.login': { input: z.strictObject({ pin: PinSchema }), output: LoginOutcomeSchema },
  /** After a lock: the same card (NIS and EF 1005 key, proven afresh) and its PIN. */
  'auth.unlock': { input: z.strictObject({ pin: PinSchema }), output: LoginOutcomeSchema },
  'auth.logout': { input: z.strictObject({}), output: AuthStatusSchema },
} as const;

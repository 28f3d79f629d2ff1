import { z } from 'zod';

/*
 * Desktop integration (issue 9, item 7): the About dialog, the ticket a crash must not lose, the
 * operator's own lock, and the application menu's commands to the page.
 */

const NoInput = z.strictObject({});
const TicketId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'a ticket id such as UE-2026-000123');
const Instant = z.iso.datetime({ offset: true });

/** The CIE trust material as the login would use it now: loaded or not, how much, and when it first expires. */
export const TrustStatusSchema = z.strictObject({
  /** 'missing': not configured, or unreadable (with why). */
  state: z.enum(['loaded', 'missing']),
  detail: z.string().nullable(),
  cscaCertificates: z.int().nonnegative(),
  caCertificates: z.int().nonnegative(),
  /** The soonest `notAfter` among the loaded certificates; null when none is loaded. */
  nearestExpiry: Instant.nullable(),
});
export type TrustStatus = z.output<typeof TrustStatusSchema>;

export const AboutSchema = z.strictObject({
  name: z.string(),
  version: z.string(),
  host: z.enum(['electron', 'web']),
  platform: z.string(),
  /** The runtime's components; `electron` and `chrome` are null in the web host. */
  versions: z.strictObject({ node: z.string(), electron: z.string().nullable(), chrome: z.string().nullable() }),
  trust: TrustStatusSchema,
});
export type About = z.output<typeof AboutSchema>;

export const OpenTicketSchema = z.strictObject({ ticketId: TicketId.nullable() });

export const appMethods = {
  'app.about': { input: NoInput, output: AboutSchema },
  /** The ticket the operator has open (null: none), kept in the profile so a crash reopens it. */
  'session.remember': { input: OpenTicketSchema, output: OpenTicketSchema },
  /** The ticket this operator had open when the console last stopped, if any. */
  'session.recall': { input: NoInput, output: OpenTicketSchema },
  /** Locks the console at the operator's request, as pulling the card does. */
  'auth.lock': { input: NoInput, output: z.strictObject({ locked: z.boolean() }) },
} as const;

/** What the application menu asks the page to do (electron/main/app-menu.ts). */
export const APP_COMMANDS = [
  'queue',
  'next',
  'search',
  'history',
  'settings',
  'sync',
  'lock',
  'shortcuts',
  'about',
] as const;
export const AppCommandSchema = z.strictObject({ command: z.enum(APP_COMMANDS) });
export type AppCommand = (typeof APP_COMMANDS)[number];

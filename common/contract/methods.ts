import { z } from 'zod';
import { SUPPORTED_LOCALES } from '../i18n/locales.ts';
import type { EventName, MethodName } from './names.ts';

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
  },
  events: {
    'app.events': AppEventSchema,
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

import { z } from 'zod';
import { DecisionActionSchema, REASON_CODES, ReasonCodeSchema, RedirectTargetSchema } from '../api/schemas.ts';
import { LocalizedTextSchema } from './text.ts';

/**
 * The reason catalog (resources/reasons/reasons.json): what each reason code means, what happens
 * next (its type), how serious it is, and which decisions may carry it. The label says what is
 * wrong; the type says what follows — the two are kept apart (domain.md).
 */

export const ReasonTypeSchema = z.enum(['resubmit', 'final', 'redirect']);
export type ReasonType = z.output<typeof ReasonTypeSchema>;

/** Decisions a reason can go with; SEND_FORM and APPROVE carry none. */
const ReasonActionSchema = DecisionActionSchema.extract(['REQUEST_INFO', 'REJECT', 'REDIRECT']);

export const ReasonEntrySchema = z
  .strictObject({
    code: ReasonCodeSchema,
    label: LocalizedTextSchema,
    /** What the operator should have seen to pick this reason. */
    description: LocalizedTextSchema,
    type: ReasonTypeSchema,
    /** 1 = most serious; unique. Reasons are listed in this order everywhere (falsified > expired > wrong document > unreadable > incomplete). */
    severity: z.int().positive(),
    actions: z.array(ReasonActionSchema).min(1),
    redirectTarget: RedirectTargetSchema.optional(),
  })
  .superRefine((entry, ctx) => {
    const expectedAction = { resubmit: 'REQUEST_INFO', final: 'REJECT', redirect: 'REDIRECT' }[entry.type];
    if (!entry.actions.includes(expectedAction as (typeof entry.actions)[number])) {
      ctx.addIssue({
        code: 'custom',
        path: ['actions'],
        message: `a ${entry.type} reason must allow ${expectedAction}`,
      });
    }
    if ((entry.type === 'redirect') !== (entry.redirectTarget !== undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: ['redirectTarget'],
        message: 'redirect reasons, and only they, name a target',
      });
    }
    if (entry.type === 'redirect' && entry.actions.length !== 1) {
      ctx.addIssue({ code: 'custom', path: ['actions'], message: 'a redirect reason goes with REDIRECT only' });
    }
    if (new Set(entry.actions).size !== entry.actions.length) {
      ctx.addIssue({ code: 'custom', path: ['actions'], message: 'an action is listed twice' });
    }
  });
export type ReasonEntry = z.output<typeof ReasonEntrySchema>;

export const ReasonCatalogSchema = z
  .strictObject({ version: z.int().positive(), reasons: z.array(ReasonEntrySchema) })
  .superRefine((catalog, ctx) => {
    const codes = catalog.reasons.map((r) => r.code);
    for (const code of REASON_CODES) {
      const count = codes.filter((c) => c === code).length;
      if (count !== 1)
        ctx.addIssue({ code: 'custom', path: ['reasons'], message: `${code} has ${count} entries, expected 1` });
    }
    const severities = catalog.reasons.map((r) => r.severity);
    if (new Set(severities).size !== severities.length) {
      ctx.addIssue({ code: 'custom', path: ['reasons'], message: 'severities must be unique' });
    }
  });
export type ReasonCatalog = z.output<typeof ReasonCatalogSchema>;

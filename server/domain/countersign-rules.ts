import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import {
  COUNTERSIGN_FLAGS,
  CountersignFlagSchema,
  type CountersignFlag,
  type DecisionEvidence,
} from '../../common/api/schemas.ts';
import { LocalizedTextSchema, type LocalizedText } from '../../common/checks/text.ts';

/** The rule set shipped with the server; an office changes the file, not the code. */
export const DEFAULT_COUNTERSIGN_RULES_FILE = fileURLToPath(
  new URL('../../resources/countersign/rules.json', import.meta.url),
);

const ConditionSchema = z.discriminatedUnion('kind', [
  /** Some cross-checked field has this status, and the operator approved anyway. */
  z.strictObject({ kind: z.literal('crossCheck'), status: z.enum(['NO_MATCH', 'PARTIAL']) }),
  /** The document expired, or expires within this many days of the approval. */
  z.strictObject({ kind: z.literal('documentExpiry'), withinDays: z.int().min(0).max(3650) }),
  z.strictObject({ kind: z.literal('duplicates'), atLeast: z.int().min(1).max(100) }),
  z.strictObject({ kind: z.literal('operatorInTraining') }),
  /** Whatever flags the operator's console raised: a console may be more careful than the server, never less. */
  z.strictObject({ kind: z.literal('consoleFlags') }),
]);

const RuleSchema = z
  .strictObject({
    id: z.string().regex(/^[a-z0-9-]{1,40}$/),
    flag: CountersignFlagSchema.optional(),
    when: ConditionSchema,
    description: LocalizedTextSchema,
  })
  .refine((rule) => (rule.when.kind === 'consoleFlags') === (rule.flag === undefined), {
    path: ['flag'],
    message: 'every rule except consoleFlags names the flag it raises (consoleFlags raises the console’s own)',
  });

export const CountersignRulesSchema = z
  .strictObject({
    version: z.string().min(1).max(40),
    source: z.string().min(1),
    rules: z.array(RuleSchema).min(1).max(50),
  })
  .refine((file) => new Set(file.rules.map((rule) => rule.id)).size === file.rules.length, {
    path: ['rules'],
    message: 'rule ids must be unique',
  });
export type CountersignRules = z.output<typeof CountersignRulesSchema>;

/** Reads and validates the rule set; a broken file stops the server at start rather than approving unchecked. */
export function loadCountersignRules(file = DEFAULT_COUNTERSIGN_RULES_FILE): CountersignRules {
  const parsed = CountersignRulesSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
    throw new Error(`${file}: invalid countersign rules: ${issues.join('; ')}`);
  }
  return parsed.data;
}

export interface ApprovalFacts {
  evidence: DecisionEvidence | undefined;
  consoleFlags: readonly CountersignFlag[];
  operatorInTraining: boolean;
  /** The approval's day (the server's clock): expiry is counted from it. */
  today: Date;
}

export interface RuleHit {
  ruleId: string;
  flag: CountersignFlag;
  detail: LocalizedText;
}

export interface CountersignJudgement {
  version: string;
  required: boolean;
  /** In the contract's order, each once. */
  flags: CountersignFlag[];
  hits: RuleHit[];
}

const DAY_MS = 86_400_000;
const daysFrom = (today: Date, isoDate: string): number =>
  Math.round(
    (Date.parse(`${isoDate}T00:00:00Z`) - Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate())) /
      DAY_MS,
  );

const withDetail = (description: LocalizedText, it: string, en: string): LocalizedText => ({
  it: `${description.it}: ${it}`,
  en: `${description.en}: ${en}`,
});

type Rule = CountersignRules['rules'][number];

function hitsOf(rule: Rule, facts: ApprovalFacts): RuleHit[] {
  const { when, description } = rule;
  const hit = (detail: LocalizedText): RuleHit[] => [{ ruleId: rule.id, flag: rule.flag!, detail }];
  switch (when.kind) {
    case 'crossCheck': {
      const fields = (facts.evidence?.crossCheck ?? []).filter((f) => f.status === when.status).map((f) => f.field);
      return fields.length ? hit(withDetail(description, fields.join(', '), fields.join(', '))) : [];
    }
    case 'documentExpiry': {
      const expiry = facts.evidence?.document.expiryDate;
      if (!expiry) return [];
      const days = daysFrom(facts.today, expiry);
      if (days > when.withinDays) return [];
      return hit(
        days < 0
          ? withDetail(description, `scaduto il ${expiry}`, `expired on ${expiry}`)
          : withDetail(
              description,
              `scade il ${expiry} (tra ${days} giorni)`,
              `expires on ${expiry} (in ${days} days)`,
            ),
      );
    }
    case 'duplicates': {
      const others = (facts.evidence?.duplicates ?? []).map((d) => d.ticketId);
      return others.length >= when.atLeast ? hit(withDetail(description, others.join(', '), others.join(', '))) : [];
    }
    case 'operatorInTraining':
      return facts.operatorInTraining ? hit(description) : [];
    case 'consoleFlags':
      return facts.consoleFlags.map((flag) => ({ ruleId: rule.id, flag, detail: withDetail(description, flag, flag) }));
  }
}

/** Which second look an approval needs under the rule set, and why. */
export function judgeApproval(rules: CountersignRules, facts: ApprovalFacts): CountersignJudgement {
  const hits = rules.rules.flatMap((rule) => hitsOf(rule, facts));
  const raised = new Set(hits.map((h) => h.flag));
  const flags = COUNTERSIGN_FLAGS.filter((flag) => raised.has(flag));
  return { version: rules.version, required: flags.length > 0, flags, hits };
}

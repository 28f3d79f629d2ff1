import type { MatchStatus } from '../../../../common/checks/cross-check.ts';
import type { EligibilityFinding, EligibilityOutcome } from '../../../../common/checks/eligibility.ts';
import type { VerdictItem } from '../../../../common/checks/verdict.ts';

/** How a result should catch the eye; every badge also says it in words. */
export type Tone = 'ok' | 'warn' | 'error' | 'info' | 'neutral';

export const MATCH_TONE: Record<MatchStatus, Tone> = {
  MATCH: 'ok',
  PARTIAL: 'warn',
  NO_MATCH: 'error',
  MISSING: 'neutral',
};

export const VERDICT_TONE: Record<VerdictItem['status'], Tone> = {
  ok: 'ok',
  attention: 'warn',
  blocking: 'error',
  unknown: 'neutral',
};

export const FINDING_TONE: Record<EligibilityFinding['level'], Tone> = {
  redirect: 'info',
  warning: 'warn',
  pending: 'neutral',
  info: 'neutral',
};

export const OUTCOME_TONE: Record<EligibilityOutcome, Tone> = {
  ELIGIBLE: 'ok',
  REDIRECT_SPID_CIE: 'info',
  REDIRECT_EIDAS: 'info',
  REDIRECT_CLICLAVORO: 'info',
};

export const SEVERITY_TONE: Record<'error' | 'warning', Tone> = { error: 'error', warning: 'warn' };

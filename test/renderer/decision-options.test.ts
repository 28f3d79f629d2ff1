import { describe, expect, it } from 'vitest';
import { ReasonCatalogSchema } from '../../common/checks/reasons.ts';
import reasons from '../../resources/reasons/reasons.json';
import type { TicketChecks } from '../../common/checks/ticket-checks.ts';
import type { TicketDetail } from '../../common/contract/methods.ts';
import { conflictView } from '../../renderer/src/features/decisions/conflict-view.ts';
import {
  allowedActions,
  countersignFlagsFor,
  draftProblem,
  initialDraft,
  reasonChoices,
  redirectReason,
  servicesTickedOnForm,
} from '../../renderer/src/features/decisions/decision-options.ts';
import { leaseStatus } from '../../renderer/src/features/decisions/lease-status.ts';

// The shipped catalog, as the services load it.
const catalog = ReasonCatalogSchema.parse(reasons);
const today = new Date('2026-03-10T09:00:00Z');

/** Checks as the engine returns them for a clean ticket, with `patch` on top. */
function checks(patch: Partial<TicketChecks> = {}, expiryDate = '2030-01-01'): TicketChecks {
  return {
    ticketId: 'UE-2026-000001',
    computedAt: today.toISOString(),
    eligibility: null,
    eligibilityProblem: null,
    form: {
      sha256: 'a'.repeat(64),
      filename: 'modulo.pdf',
      result: {
        status: 'READ',
        pages: 2,
        template: { id: 'accreditamento-utente-estero', version: '1' },
        fields: [],
        values: {},
        services: ['DISTACCO_TRANSNAZIONALE', 'CABOTAGGIO', 'NOT_A_SERVICE'],
        findings: [],
        problems: [],
      },
    },
    mrz: {
      source: 'read',
      read: null,
      typed: null,
      used: { fields: { expiryDate } } as unknown as TicketChecks['mrz']['used'],
      problem: null,
    },
    crossCheck: { fields: [], worst: 'MATCH' },
    duplicates: [],
    verdict: {
      items: [],
      suggestion: {
        action: 'APPROVE',
        redirectTarget: null,
        reasonCodes: [],
        countersignFlags: [],
        why: { it: 'ok', en: 'ok' },
      },
    },
    problems: [],
    ...patch,
  } as TicketChecks;
}

describe('decision options', () => {
  it('allows the decisions the lifecycle allows, in key order', () => {
    expect(allowedActions('NEW')).toEqual(['SEND_FORM', 'REJECT', 'REDIRECT']);
    expect(allowedActions('UNDER_REVIEW')).toEqual(['REQUEST_INFO', 'APPROVE', 'REJECT', 'REDIRECT']);
    expect(allowedActions('DOCS_RECEIVED')).toEqual([]);
    expect(allowedActions('APPROVED')).toEqual([]);
  });

  it('preselects the services ticked on the form, known services only, in contract order', () => {
    expect(servicesTickedOnForm(checks())).toEqual(['CABOTAGGIO', 'DISTACCO_TRANSNAZIONALE']);
    expect(servicesTickedOnForm(null)).toEqual([]);
    expect(initialDraft('APPROVE', checks(), catalog).services).toEqual(['CABOTAGGIO', 'DISTACCO_TRANSNAZIONALE']);
  });

  it('flags an approval for countersign on an expiring document, a NO_MATCH and look-alike tickets', () => {
    expect(countersignFlagsFor(checks(), today)).toEqual([]);
    expect(countersignFlagsFor(checks({}, '2026-03-25'), today)).toEqual(['DOC_EXPIRING_SOON']);
    const mismatch = checks({
      crossCheck: {
        worst: 'NO_MATCH',
        fields: [
          {
            field: 'surname',
            status: 'NO_MATCH',
            values: { web: 'Rossi', pdf: 'Rossa' },
            missingFrom: [],
            why: { it: '', en: '' },
          },
        ],
      },
      duplicates: [
        {
          ticketId: 'UE-2026-000002',
          state: 'NEW',
          applicantName: 'x',
          email: 'x@example.org',
          createdAt: today.toISOString(),
          matchedOn: ['email'],
        },
      ],
    });
    expect(countersignFlagsFor(mismatch, today)).toEqual(['NO_MATCH_OVERRIDDEN', 'DUPLICATE_OVERRIDDEN']);
    expect(countersignFlagsFor(null, today)).toEqual([]);
  });

  it('offers resubmit reasons for a request and every rejecting reason for a rejection, most serious first', () => {
    const request = reasonChoices('REQUEST_INFO', catalog).map((r) => r.code);
    expect(request).toContain('MRZ_CHECK_FAILED');
    expect(request).not.toContain('FALSIFIED');
    const reject = reasonChoices('REJECT', catalog);
    expect(reject[0]?.code).toBe('FALSIFIED');
    expect(reject.map((r) => r.severity)).toEqual([...reject.map((r) => r.severity)].sort((a, b) => a - b));
    expect(reasonChoices('APPROVE', catalog)).toEqual([]);
  });

  it('takes the suggested reasons only for the suggested decision, and only reasons that fit it', () => {
    const suggested = checks({
      verdict: {
        items: [],
        suggestion: {
          action: 'REQUEST_INFO',
          redirectTarget: null,
          reasonCodes: ['MRZ_CHECK_FAILED', 'FALSIFIED'],
          countersignFlags: [],
          why: { it: '', en: '' },
        },
      },
    });
    expect(initialDraft('REQUEST_INFO', suggested, catalog).reasonCodes).toEqual(['MRZ_CHECK_FAILED']);
    expect(initialDraft('REJECT', suggested, catalog).reasonCodes).toEqual([]);
  });

  it('names the redirect reason of each target and says what a draft lacks', () => {
    expect(redirectReason('SPID_CIE', catalog)).toBe('HAS_ITALIAN_CF');
    expect(redirectReason('EIDAS', catalog)).toBe('EIDAS_AVAILABLE');
    expect(draftProblem('APPROVE', { services: [], reasonCodes: [], redirectTarget: null })).toBe('problems.noService');
    expect(draftProblem('REDIRECT', { services: [], reasonCodes: [], redirectTarget: null })).toBe('problems.noTarget');
    expect(draftProblem('REJECT', { services: [], reasonCodes: ['DUPLICATE'], redirectTarget: null })).toBeUndefined();
  });
});

describe('lease status', () => {
  const at = (minutes: number) => new Date(today.getTime() + minutes * 60_000).toISOString();

  it('tells mine, someone else’s and none apart, and warns when renewal is overdue', () => {
    expect(leaseStatus(null, 'op-giulia', today)).toEqual({ holder: 'none', lapsed: false });
    expect(
      leaseStatus({ owner: 'op-giulia', ownerName: 'Giulia', expiresAt: at(12) }, 'op-giulia', today),
    ).toMatchObject({ holder: 'me', minutesLeft: 12, renewalOverdue: false });
    expect(
      leaseStatus({ owner: 'op-giulia', ownerName: 'Giulia', expiresAt: at(2) }, 'op-giulia', today),
    ).toMatchObject({
      holder: 'me',
      renewalOverdue: true,
    });
    expect(
      leaseStatus({ owner: 'op-marco', ownerName: 'Marco Rossi', expiresAt: at(10) }, 'op-giulia', today),
    ).toMatchObject({ holder: 'other', ownerName: 'Marco Rossi', endingSoon: false });
  });

  it('treats an expired lease as free, and says so when it was ours', () => {
    expect(leaseStatus({ owner: 'op-giulia', ownerName: 'G', expiresAt: at(-1) }, 'op-giulia', today)).toEqual({
      holder: 'none',
      lapsed: true,
    });
    expect(leaseStatus({ owner: 'op-marco', ownerName: 'M', expiresAt: at(-1) }, 'op-giulia', today)).toEqual({
      holder: 'none',
      lapsed: false,
    });
  });
});

describe('conflict view', () => {
  const theirAt = '2026-03-10T08:55:00.000Z';
  const conflict: NonNullable<TicketDetail['conflict']> = {
    decisionId: '0190',
    action: 'APPROVE',
    kind: 'CONFLICT',
    code: 'ALREADY_DECIDED',
    detail: 'Ticket UE-2026-000001 is already REJECTED',
    at: today.toISOString(),
    theirs: {
      state: 'REJECTED',
      version: 5,
      decidedBy: 'op-marco',
      decidedByName: 'Marco Rossi',
      decidedAt: theirAt,
      action: 'REJECT',
    },
  };

  it('says who decided what and when, as the central API reported it', () => {
    expect(conflictView(conflict)).toMatchObject({
      ours: 'APPROVE',
      code: 'ALREADY_DECIDED',
      theirs: { action: 'REJECT', by: 'Marco Rossi', at: theirAt, state: 'REJECTED' },
    });
  });

  it('copes with an answer that names nobody', () => {
    expect(conflictView({ ...conflict, theirs: null }).theirs).toEqual({
      action: null,
      by: null,
      at: null,
      state: null,
    });
  });
});

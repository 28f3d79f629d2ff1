import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { DecisionEvidence } from '../../common/api/schemas.ts';
import {
  judgeApproval,
  loadCountersignRules,
  DEFAULT_COUNTERSIGN_RULES_FILE,
} from '../../server/domain/countersign-rules.ts';
import { tempDir } from '../support/temp-dir.ts';

const rules = loadCountersignRules();
const today = new Date('2026-11-23T15:00:00Z');
const evidence = (changes: Partial<DecisionEvidence> = {}): DecisionEvidence => ({
  computedAt: '2026-11-23T14:00:00Z',
  documents: [],
  crossCheck: [{ field: 'surname', status: 'MATCH', values: { web: 'ROSSI', mrz: 'ROSSI' } }],
  document: {
    source: 'read',
    format: 'TD1',
    documentNumber: 'CA00000AA',
    expiryDate: '2030-01-01',
    checkDigitsValid: true,
  },
  eligibility: 'ELIGIBLE',
  duplicates: [],
  form: null,
  suggestion: null,
  ...changes,
});
const judge = (facts: Partial<Parameters<typeof judgeApproval>[1]>) =>
  judgeApproval(rules, { evidence: evidence(), consoleFlags: [], operatorInTraining: false, today, ...facts });

describe('the shipped four-eyes rule set', () => {
  it('loads from resources/countersign/rules.json', () => {
    expect(DEFAULT_COUNTERSIGN_RULES_FILE).toMatch(/resources\/countersign\/rules\.json$/);
    expect(rules.rules.map((r) => r.id)).toEqual([
      'no-match-overridden',
      'document-expiring',
      'duplicate-overridden',
      'operator-in-training',
      'console-flags',
    ]);
  });

  it('lets a clean approval through', () => {
    expect(judge({})).toEqual({ version: rules.version, required: false, flags: [], hits: [] });
  });

  it('flags an overridden mismatch, but not a partial match', () => {
    const mismatch = evidence({
      crossCheck: [
        { field: 'surname', status: 'PARTIAL', values: {} },
        { field: 'birthDate', status: 'NO_MATCH', values: {} },
        { field: 'documentNumber', status: 'NO_MATCH', values: {} },
      ],
    });
    expect(judge({ evidence: mismatch })).toMatchObject({
      required: true,
      flags: ['NO_MATCH_OVERRIDDEN'],
      hits: [{ ruleId: 'no-match-overridden', detail: { en: expect.stringContaining('birthDate, documentNumber') } }],
    });
    expect(
      judge({ evidence: evidence({ crossCheck: [{ field: 'surname', status: 'PARTIAL', values: {} }] }) }).required,
    ).toBe(false);
  });

  it('counts expiry in days from the approval: 30 days is within, 31 is not, expired is', () => {
    const expiring = (expiryDate: string) =>
      judge({ evidence: evidence({ document: { ...evidence().document, expiryDate } }) });
    expect(expiring('2026-12-23').flags).toEqual(['DOC_EXPIRING_SOON']);
    expect(expiring('2026-12-24').flags).toEqual([]);
    expect(expiring('2026-11-01')).toMatchObject({
      hits: [{ detail: { it: expect.stringContaining('scaduto il 2026-11-01') } }],
    });
    expect(judge({ evidence: evidence({ document: { ...evidence().document, expiryDate: null } }) }).required).toBe(
      false,
    );
  });

  it('adds duplicates, training and the console’s own flags, each flag once, in the contract’s order', () => {
    const judgement = judge({
      evidence: evidence({ duplicates: [{ ticketId: 'UE-2026-000007', matchedOn: ['email'] }] }),
      operatorInTraining: true,
      consoleFlags: ['DUPLICATE_OVERRIDDEN', 'NO_MATCH_OVERRIDDEN'],
    });
    expect(judgement.flags).toEqual(['NO_MATCH_OVERRIDDEN', 'DUPLICATE_OVERRIDDEN', 'OPERATOR_IN_TRAINING']);
    expect(judgement.hits.map((h) => h.ruleId)).toEqual([
      'duplicate-overridden',
      'operator-in-training',
      'console-flags',
      'console-flags',
    ]);
  });

  it('judges an approval without evidence by the console’s flags and the operator only', () => {
    expect(judge({ evidence: undefined }).required).toBe(false);
    expect(judge({ evidence: undefined, operatorInTraining: true }).flags).toEqual(['OPERATOR_IN_TRAINING']);
  });
});

describe('a broken rule set', () => {
  const dir = tempDir('rules');
  afterAll(() => dir.remove());
  const load = (content: unknown) => {
    const file = path.join(dir.dir, `rules-${Math.random()}.json`);
    writeFileSync(file, JSON.stringify(content));
    return () => loadCountersignRules(file);
  };
  const rule = {
    id: 'a',
    flag: 'NO_MATCH_OVERRIDDEN',
    when: { kind: 'crossCheck', status: 'NO_MATCH' },
    description: { it: 'x', en: 'x' },
  };

  it('stops the server at start, saying where', () => {
    expect(load({ version: '1', source: 's', rules: [rule, rule] })).toThrow(/rules: rule ids must be unique/);
    expect(load({ version: '1', source: 's', rules: [{ ...rule, flag: undefined }] })).toThrow(/rules\.0\.flag/);
    expect(load({ version: '1', source: 's', rules: [{ ...rule, when: { kind: 'moonPhase' } }] })).toThrow(
      /rules\.0\.when/,
    );
    expect(load({ version: '1', source: 's', rules: [{ ...rule, flag: 'SOMETHING_ELSE' }] })).toThrow(/rules\.0\.flag/);
  });
});

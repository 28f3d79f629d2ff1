import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EEA_NON_EU_STATES, EidasListSchema, EU_STATES, type EidasList } from '../../common/checks/eligibility.ts';
import { formatPath } from '../../electron/services/rules/data-file.ts';
import {
  EIDAS_LIST_FILE,
  eidasListCandidates,
  loadEidasList,
  schemesOf,
} from '../../electron/services/rules/eidas-list.ts';
import { tempDir } from '../support/temp-dir.ts';

const RESOURCES = fileURLToPath(new URL('../../resources/', import.meta.url));
const SHIPPED = path.join(RESOURCES, EIDAS_LIST_FILE);
const shipped = (): EidasList => JSON.parse(readFileSync(SHIPPED, 'utf8')) as EidasList;

/** domain.md: the 14 states with notified schemes by May 2021. */
const NOTIFIED_BY_2021_05 = ['BE', 'CZ', 'DE', 'DK', 'EE', 'ES', 'HR', 'IT', 'LT', 'LU', 'LV', 'NL', 'PT', 'SK'];

describe('the shipped eIDAS list', () => {
  it('is valid and holds exactly the confirmed states of domain.md, dated "by 2021-05"', () => {
    const loaded = loadEidasList([SHIPPED]);
    expect(loaded.ok).toBe(true);
    if (!loaded.ok) return;
    const confirmed = loaded.list.entries.filter((e) => e.confirmed);
    expect(confirmed.map((e) => e.state).sort()).toEqual(NOTIFIED_BY_2021_05);
    for (const entry of confirmed) {
      expect(entry.publishedAt).toBeUndefined();
      expect(entry.publishedBy).toBe('2021-05');
    }
    expect(loaded.list.source.checkedAt).toBe('2021-05');
  });

  it('marks later states as unconfirmed, each with a note in both languages', () => {
    const list = shipped();
    const unconfirmed = list.entries.filter((e) => !e.confirmed);
    expect(unconfirmed.map((e) => e.state)).toEqual(expect.arrayContaining(['SE', 'FR', 'MT']));
    for (const entry of unconfirmed) {
      expect(entry.note?.it).toBeTruthy();
      expect(entry.note?.en).toBeTruthy();
      expect(entry.publishedAt ?? entry.publishedBy).toBeUndefined();
    }
  });

  it('lists only EU or EEA states', () => {
    const area = new Set<string>([...EU_STATES, ...EEA_NON_EU_STATES]);
    for (const entry of shipped().entries) expect(area.has(entry.state), entry.state).toBe(true);
    expect(EU_STATES).toHaveLength(27);
  });

  it('covers residence permits where domain.md says so (DE, SK)', () => {
    const list = shipped();
    expect(schemesOf(list, 'DE').confirmed[0]?.scheme).toMatch(/residence permit/);
    expect(schemesOf(list, 'SK').confirmed[0]?.scheme).toMatch(/foreigner eCard/);
    expect(schemesOf(list, 'FR')).toMatchObject({
      confirmed: [],
      unconfirmed: [expect.objectContaining({ state: 'FR' })],
    });
    expect(schemesOf(list, 'US')).toEqual({ confirmed: [], unconfirmed: [] });
  });
});

describe('EidasListSchema', () => {
  const entry = shipped().entries[0]!;
  const withEntry = (patch: Record<string, unknown>) => ({ ...shipped(), entries: [{ ...entry, ...patch }] });
  const issuePaths = (value: unknown) => EidasListSchema.safeParse(value).error?.issues.map((i) => formatPath(i.path));

  it('accepts an exact OJEU date instead of a "by" date', () => {
    expect(EidasListSchema.safeParse(withEntry({ publishedAt: '2019-09-12', publishedBy: undefined })).success).toBe(
      true,
    );
  });

  it('accepts year-only and month-precision "by" dates and rejects malformed ones', () => {
    expect(EidasListSchema.safeParse(withEntry({ publishedBy: '2021' })).success).toBe(true);
    expect(issuePaths(withEntry({ publishedBy: '2021-13' }))).toEqual(['entries[0].publishedBy']);
    expect(issuePaths(withEntry({ publishedBy: 'May 2021' }))).toEqual(['entries[0].publishedBy']);
  });

  it('rejects a confirmed entry with no date, or with both dates', () => {
    expect(issuePaths(withEntry({ publishedBy: undefined }))).toEqual(['entries[0].publishedAt']);
    expect(issuePaths(withEntry({ publishedAt: '2019-09-12' }))).toEqual(['entries[0].publishedBy']);
  });

  it('rejects an unconfirmed entry without a note', () => {
    expect(issuePaths(withEntry({ confirmed: false, note: undefined }))).toEqual(['entries[0].note']);
  });

  it('rejects bad states, levels, URLs and duplicates', () => {
    expect(issuePaths(withEntry({ state: 'Germany' }))).toEqual(['entries[0].state']);
    expect(issuePaths(withEntry({ levelOfAssurance: 'medium' }))).toEqual(['entries[0].levelOfAssurance']);
    expect(issuePaths(withEntry({ sourceUrl: 'http://example.org' }))).toEqual(['entries[0].sourceUrl']);
    expect(issuePaths({ ...shipped(), entries: [entry, entry] })).toEqual(['entries[1]']);
  });
});

describe('loadEidasList', () => {
  let temp: ReturnType<typeof tempDir>;
  let profileFile: string;
  beforeEach(() => {
    temp = tempDir('eidas');
    profileFile = path.join(temp.dir, EIDAS_LIST_FILE);
    mkdirSync(path.dirname(profileFile), { recursive: true });
  });
  afterEach(() => temp.remove());

  const write = (file: string, value: unknown) =>
    writeFileSync(file, typeof value === 'string' ? value : JSON.stringify(value));

  it('names the file and the path of the bad entry', () => {
    const list = shipped();
    list.entries[3] = { ...list.entries[3]!, state: 'de' };
    write(profileFile, list);
    const loaded = loadEidasList([profileFile]);
    expect(loaded.ok).toBe(false);
    if (loaded.ok) return;
    expect(loaded.errors[0]).toMatchObject({ code: 'INVALID', file: profileFile });
    expect(loaded.errors[0]?.message).toContain(profileFile);
    expect(loaded.errors[0]?.message).toContain('entries[3].state');
  });

  it('reports JSON syntax errors and missing files', () => {
    write(profileFile, '{ "version": 2, ');
    const bad = loadEidasList([profileFile]);
    expect(bad.ok ? [] : bad.errors.map((e) => e.code)).toEqual(['BAD_JSON']);
    const missing = loadEidasList([path.join(temp.dir, 'nope.json')]);
    expect(missing.ok ? [] : missing.errors.map((e) => e.code)).toEqual(['NOT_FOUND']);
  });

  it('lists the profile copy before the shipped one', () => {
    expect(eidasListCandidates({ resourcesDir: RESOURCES, profileDir: temp.dir })).toEqual([profileFile, SHIPPED]);
    expect(eidasListCandidates({ resourcesDir: RESOURCES })).toEqual([SHIPPED]);
  });

  it('takes a newer version placed in the profile', () => {
    write(profileFile, { ...shipped(), version: shipped().version + 1, publishedAt: '2027-01-15' });
    const loaded = loadEidasList(eidasListCandidates({ resourcesDir: RESOURCES, profileDir: temp.dir }));
    expect(loaded).toMatchObject({ ok: true, file: profileFile, list: { publishedAt: '2027-01-15' }, skipped: [] });
  });

  it('keeps the resources copy when the profile copy is older', () => {
    const resourcesCopy = path.join(temp.dir, 'resources-copy.json');
    write(resourcesCopy, { ...shipped(), version: 3 });
    write(profileFile, { ...shipped(), version: 2 });
    expect(loadEidasList([profileFile, resourcesCopy])).toMatchObject({
      ok: true,
      file: resourcesCopy,
      list: { version: 3 },
    });
  });

  it('prefers the earlier candidate on a version tie', () => {
    write(profileFile, { ...shipped(), publishedAt: '2026-12-01' });
    expect(loadEidasList([profileFile, SHIPPED])).toMatchObject({ ok: true, file: profileFile });
    expect(loadEidasList([SHIPPED, profileFile])).toMatchObject({ ok: true, file: SHIPPED });
  });

  it('falls back to the shipped list and reports a broken profile copy, but not a missing one', () => {
    write(profileFile, { ...shipped(), version: 99, entries: [] });
    const loaded = loadEidasList([profileFile, SHIPPED]);
    expect(loaded.ok).toBe(true);
    if (!loaded.ok) return;
    expect(loaded.file).toBe(SHIPPED);
    expect(loaded.skipped).toEqual([expect.objectContaining({ code: 'INVALID', file: profileFile })]);
    expect(loaded.skipped[0]?.message).toContain('entries');

    const quiet = loadEidasList([path.join(temp.dir, 'absent.json'), SHIPPED]);
    expect(quiet).toMatchObject({ ok: true, file: SHIPPED, skipped: [] });
  });
});

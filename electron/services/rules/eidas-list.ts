import path from 'node:path';
import { EidasListSchema, type EidasList, type EidasSchemeEntry } from '../../../common/checks/eligibility.ts';
import { readJsonDataFile, type DataFileError } from './data-file.ts';

/** Where the list lives, relative to the resources folder and to the profile (user data) folder. */
export const EIDAS_LIST_FILE = path.join('eidas', 'notified-schemes.json');

/**
 * The files to try: a copy in the profile (an update placed there without a release) and the one
 * shipped in resources/. The loader takes the newest valid version among them.
 */
export function eidasListCandidates(dirs: { resourcesDir: string; profileDir?: string }): string[] {
  return [
    ...(dirs.profileDir ? [path.join(dirs.profileDir, EIDAS_LIST_FILE)] : []),
    path.join(dirs.resourcesDir, EIDAS_LIST_FILE),
  ];
}

export type EidasListLoad =
  { ok: true; list: EidasList; file: string; skipped: DataFileError[] } | { ok: false; errors: DataFileError[] };

/**
 * Loads every candidate and keeps the highest `version` (the earlier candidate on a tie). A
 * broken candidate is skipped and reported, so a bad update in the profile never hides the
 * shipped list; a missing one is normal and not reported unless nothing loads at all.
 */
export function loadEidasList(candidates: readonly string[]): EidasListLoad {
  const loaded: { list: EidasList; file: string }[] = [];
  const errors: DataFileError[] = [];
  for (const file of candidates) {
    const result = readJsonDataFile(file, EidasListSchema);
    if (result.ok) loaded.push({ list: result.value, file });
    else errors.push(result.error);
  }
  const best = loaded.reduce<(typeof loaded)[number] | undefined>(
    (current, next) => (current && current.list.version >= next.list.version ? current : next),
    undefined,
  );
  if (!best) return { ok: false, errors };
  return { ok: true, list: best.list, file: best.file, skipped: errors.filter((e) => e.code !== 'NOT_FOUND') };
}

/** The list's entries for one state, split into confirmed notifications and unconfirmed ones. */
export function schemesOf(
  list: EidasList,
  state: string,
): { confirmed: EidasSchemeEntry[]; unconfirmed: EidasSchemeEntry[] } {
  const entries = list.entries.filter((e) => e.state === state);
  return { confirmed: entries.filter((e) => e.confirmed), unconfirmed: entries.filter((e) => !e.confirmed) };
}

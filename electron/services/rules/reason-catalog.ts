import path from 'node:path';
import { ReasonCatalogSchema, type ReasonCatalog } from '../../../common/checks/reasons.ts';
import { readJsonDataFile, type DataFileResult } from './data-file.ts';

/** Where the reason catalog lives, relative to the resources folder. */
export const REASONS_FILE = path.join('reasons', 'reasons.json');

/** The reason catalog, validated: every reason code exactly once, severities unique. */
export function loadReasonCatalog(file: string): DataFileResult<ReasonCatalog> {
  return readJsonDataFile(file, ReasonCatalogSchema);
}

import { readFileSync } from 'node:fs';
import type { z } from 'zod';

export interface DataFileError {
  code: 'NOT_FOUND' | 'UNREADABLE' | 'BAD_JSON' | 'INVALID';
  file: string;
  /** One line an operator or a maintainer can act on: the file, then the path of each bad entry. */
  message: string;
  issues: { path: string; message: string }[];
}

export type DataFileResult<T> = { ok: true; value: T; file: string } | { ok: false; error: DataFileError };

/** Reads a versioned JSON data file from resources/ (or an override) and validates it. */
export function readJsonDataFile<S extends z.ZodType>(file: string, schema: S): DataFileResult<z.output<S>> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const notFound = (error as NodeJS.ErrnoException).code === 'ENOENT';
    return failure(notFound ? 'NOT_FOUND' : 'UNREADABLE', file, notFound ? 'file not found' : (error as Error).message);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    return failure('BAD_JSON', file, `not valid JSON: ${(error as Error).message}`);
  }
  const parsed = schema.safeParse(raw);
  if (parsed.success) return { ok: true, value: parsed.data, file };
  const issues = parsed.error.issues.map((issue) => ({ path: formatPath(issue.path), message: issue.message }));
  return {
    ok: false,
    error: {
      code: 'INVALID',
      file,
      message: `${file}: ${issues.map((i) => `${i.path || '(root)'}: ${i.message}`).join('; ')}`,
      issues,
    },
  };
}

/** `['entries', 3, 'state']` → `entries[3].state`, the way one would look it up in the file. */
export function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((text, key) => {
    if (typeof key === 'number') return `${text}[${key}]`;
    return text === '' ? String(key) : `${text}.${String(key)}`;
  }, '');
}

function failure(code: DataFileError['code'], file: string, detail: string): { ok: false; error: DataFileError } {
  return { ok: false, error: { code, file, message: `${file}: ${detail}`, issues: [] } };
}

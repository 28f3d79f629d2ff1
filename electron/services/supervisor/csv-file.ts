import { open, rename, rm } from 'node:fs/promises';
import { stringify } from 'csv-stringify/sync';

export interface CsvColumn<T> {
  header: string;
  value: (row: T) => string | number | null;
}

export interface CsvOptions {
  delimiter: ',' | ';';
}

/**
 * A cell a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, carriage return first)
 * gets an apostrophe in front: applicant names and notes are typed by people outside the office
 * (OWASP, CSV injection). Numbers are written as numbers and never touched.
 */
export const neutraliseFormula = (text: string): string => (/^[=+\-@\t\r]/.test(text) ? `'${text}` : text);

/**
 * Rows as RFC 4180 text: CRLF line ends, fields with the delimiter, quotes or line breaks quoted,
 * quotes doubled. With `bom` the chunk starts with the UTF-8 byte order mark, which is how Excel
 * knows the file is UTF-8.
 */
export function csvText<T>(
  rows: readonly T[],
  columns: readonly CsvColumn<T>[],
  { delimiter, header, bom }: CsvOptions & { header: boolean; bom: boolean },
): string {
  const records = rows.map((row) =>
    columns.map((column) => {
      const value = column.value(row);
      return typeof value === 'string' ? neutraliseFormula(value) : value;
    }),
  );
  if (header) records.unshift(columns.map((column) => column.header));
  if (records.length === 0) return bom ? '\uFEFF' : '';
  return stringify(records, { bom, delimiter, record_delimiter: 'windows', quoted_match: /[\r\n]/ });
}

/**
 * Writes pages of rows as one CSV file. The file is written beside its name (`.part`) and renamed
 * when complete, so a failed or interrupted export never leaves a file that looks finished.
 */
export async function writeCsvFile<T>(
  file: string,
  columns: readonly CsvColumn<T>[],
  pages: AsyncIterable<readonly T[]>,
  options: CsvOptions & { onRows: (written: number) => void },
): Promise<{ rows: number; bytes: number }> {
  const partial = `${file}.part`;
  const handle = await open(partial, 'wx', 0o600);
  let rows = 0;
  let bytes = 0;
  try {
    const head = Buffer.from(csvText([], columns, { ...options, header: true, bom: true }), 'utf8');
    await handle.write(head);
    bytes += head.length;
    for await (const page of pages) {
      const chunk = Buffer.from(csvText(page, columns, { ...options, header: false, bom: false }), 'utf8');
      await handle.write(chunk);
      bytes += chunk.length;
      rows += page.length;
      options.onRows(rows);
    }
    await handle.sync();
  } catch (error) {
    await handle.close();
    await rm(partial, { force: true });
    throw error;
  }
  await handle.close();
  await rename(partial, file);
  return { rows, bytes };
}

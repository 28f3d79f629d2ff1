import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { REASON_CODES, SERVICES } from '../../../common/api/schemas.ts';
import { readJsonDataFile, type DataFileError } from '../rules/data-file.ts';

/**
 * Applicant e-mail templates (resources/mail-templates/<language>/): one plain-text file per
 * decision, plus strings.json with the per-reason sentences and the service names. A template
 * starts with headers (`Subject:`, then any `Attach:` lines naming files under resources/), a
 * blank line, and the body. docs/eligibility.md describes the placeholders.
 */

export const TEMPLATE_IDS = [
  'send-form',
  'approve',
  'request-info',
  'reject',
  'redirect-spid-cie',
  'redirect-eidas',
  'redirect-cliclavoro',
] as const;
export type TemplateId = (typeof TEMPLATE_IDS)[number];

/** Placeholders a template may use; anything else is reported as missing when rendered. */
export const PLACEHOLDERS = [
  'nome',
  'cognome',
  'ticketId',
  'operatorName',
  'reasons',
  'services',
  'eidasListDate',
] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];

export const FALLBACK_LANGUAGE = 'en';

const ReasonSentencesSchema = z.strictObject({
  /** A list item completing "we ask you to:". */
  requestInfo: z.string().min(1).optional(),
  /** A list item completing "for the following reasons:". */
  reject: z.string().min(1).optional(),
});

export const MailStringsSchema = z.strictObject({
  reasons: z.partialRecord(z.enum(REASON_CODES), ReasonSentencesSchema),
  services: z.record(z.enum(SERVICES), z.string().min(1)),
});
export type MailStrings = z.output<typeof MailStringsSchema>;

export interface MailAttachment {
  /** Absolute path of the file to attach. */
  file: string;
  filename: string;
  contentType: string;
}

export interface MailTemplate {
  subject: string;
  body: string;
  attachments: MailAttachment[];
}

export interface MailLanguage {
  templates: Record<TemplateId, MailTemplate>;
  strings: MailStrings;
}

export interface MailCatalog {
  languages: ReadonlyMap<string, MailLanguage>;
}

export type MailCatalogLoad =
  { ok: true; catalog: MailCatalog; errors: DataFileError[] } | { ok: false; errors: DataFileError[] };

const CONTENT_TYPES: Record<string, string> = { '.pdf': 'application/pdf', '.png': 'image/png', '.jpg': 'image/jpeg' };

/**
 * Loads every language folder under `templatesDir`. A language with a broken or missing file is
 * left out and reported (its applicants get English); without a complete English set nothing loads.
 */
export function loadMailCatalog(dirs: { templatesDir: string; resourcesDir: string }): MailCatalogLoad {
  const languages = new Map<string, MailLanguage>();
  const errors: DataFileError[] = [];
  let folders: string[];
  try {
    folders = readdirSync(dirs.templatesDir, { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && /^[a-z]{2}$/.test(entry.name))
      .map((entry) => entry.name);
  } catch (error) {
    return { ok: false, errors: [fileError('NOT_FOUND', dirs.templatesDir, (error as Error).message)] };
  }
  for (const language of folders) {
    const loaded = loadLanguage(path.join(dirs.templatesDir, language), dirs.resourcesDir);
    if (loaded.ok) languages.set(language, loaded.language);
    else errors.push(...loaded.errors);
  }
  if (!languages.has(FALLBACK_LANGUAGE)) {
    errors.push(
      fileError('NOT_FOUND', path.join(dirs.templatesDir, FALLBACK_LANGUAGE), 'the English templates are required'),
    );
    return { ok: false, errors };
  }
  return { ok: true, catalog: { languages }, errors };
}

function loadLanguage(
  dir: string,
  resourcesDir: string,
): { ok: true; language: MailLanguage } | { ok: false; errors: DataFileError[] } {
  const errors: DataFileError[] = [];
  const templates: Partial<Record<TemplateId, MailTemplate>> = {};
  for (const id of TEMPLATE_IDS) {
    const file = path.join(dir, `${id}.txt`);
    const parsed = parseTemplate(file, resourcesDir);
    if ('error' in parsed) errors.push(parsed.error);
    else templates[id] = parsed;
  }
  const strings = readJsonDataFile(path.join(dir, 'strings.json'), MailStringsSchema);
  if (!strings.ok) errors.push(strings.error);
  if (errors.length > 0 || !strings.ok) return { ok: false, errors };
  return { ok: true, language: { templates: templates as Record<TemplateId, MailTemplate>, strings: strings.value } };
}

function parseTemplate(file: string, resourcesDir: string): MailTemplate | { error: DataFileError } {
  let text: string;
  try {
    text = readFileSync(file, 'utf8').replace(/\r\n/g, '\n');
  } catch (error) {
    const notFound = (error as NodeJS.ErrnoException).code === 'ENOENT';
    return {
      error: fileError(
        notFound ? 'NOT_FOUND' : 'UNREADABLE',
        file,
        notFound ? 'file not found' : (error as Error).message,
      ),
    };
  }
  const split = text.indexOf('\n\n');
  if (split < 0) return { error: fileError('INVALID', file, 'headers must be followed by a blank line and the body') };
  let subject: string | undefined;
  const attachments: MailAttachment[] = [];
  for (const [index, line] of text.slice(0, split).split('\n').entries()) {
    const header = /^(Subject|Attach):\s*(.+)$/.exec(line);
    if (!header) return { error: fileError('INVALID', file, `line ${index + 1}: expected "Subject:" or "Attach:"`) };
    if (header[1] === 'Subject') subject = header[2]!.trim();
    else {
      const relative = header[2]!.trim();
      const absolute = path.resolve(resourcesDir, relative);
      const contentType = CONTENT_TYPES[path.extname(relative).toLowerCase()];
      if (!absolute.startsWith(path.resolve(resourcesDir) + path.sep) || !existsSync(absolute) || !contentType) {
        return {
          error: fileError(
            'INVALID',
            file,
            `line ${index + 1}: attachment ${relative} is not a PDF or image under resources/`,
          ),
        };
      }
      attachments.push({ file: absolute, filename: path.basename(relative), contentType });
    }
  }
  if (!subject) return { error: fileError('INVALID', file, 'no "Subject:" header') };
  return { subject, body: text.slice(split + 2).replace(/\s+$/, '\n'), attachments };
}

function fileError(code: DataFileError['code'], file: string, detail: string): DataFileError {
  return { code, file, message: `${file}: ${detail}`, issues: [] };
}

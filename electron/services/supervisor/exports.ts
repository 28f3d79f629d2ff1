import { randomUUID } from 'node:crypto';
import { accessSync, constants, existsSync, mkdirSync, statSync } from 'node:fs';
import { open, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ContractFailure } from '../../../common/contract/result.ts';
import {
  EXPORT_SLICE_MAX,
  type ExportRequest,
  type ExportStatus,
} from '../../../common/contract/supervisor-methods.ts';
import type { EventHub } from '../events/event-hub.ts';
import { errorFields, type Logger } from '../log/logger.ts';
import { writeCsvFile } from './csv-file.ts';
import { auditColumns, historyColumns } from './export-columns.ts';
import type { ReportFonts } from './report-pdf.ts';
import { historyQuery, type SupervisorApi } from './supervisor-api.ts';

export interface ExportsDeps {
  call: SupervisorApi;
  /** Throws unless a supervisor is signed in: checked before a job starts, not when it fails later. */
  requireSupervisor: () => { name: string };
  events: EventHub;
  profileDir: string;
  now: () => Date;
  fonts: () => ReportFonts;
  log: Logger;
}

const PROGRESS_EVERY_MS = 250;
const HISTORY_PAGE = 500;
const AUDIT_PAGE = 1000;

const BASE_NAMES = {
  it: {
    'history-csv': 'accredita-storico',
    'audit-csv': 'accredita-registro-audit',
    'report-pdf': 'accredita-rapporto',
  },
  en: { 'history-csv': 'accredita-history', 'audit-csv': 'accredita-audit-log', 'report-pdf': 'accredita-report' },
} as const;

/** The folder the user chose, if it is a writable folder; else the profile's exports folder. */
function exportDirectory(request: ExportRequest, profileDir: string): string {
  if (request.directory === undefined) {
    const dir = path.join(profileDir, 'exports');
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    return dir;
  }
  const dir = request.directory;
  if (!path.isAbsolute(dir)) throw new ContractFailure('BAD_REQUEST', `${dir}: choose a folder by its full path`);
  try {
    if (!statSync(dir).isDirectory()) throw new ContractFailure('BAD_REQUEST', `${dir} is not a folder`);
    accessSync(dir, constants.W_OK);
  } catch (error) {
    if (error instanceof ContractFailure) throw error;
    throw new ContractFailure('BAD_REQUEST', `${dir}: the folder does not exist or cannot be written`);
  }
  return dir;
}

/** A name that says what and when, never one already taken (nor by an export still being written). */
function exportFile(request: ExportRequest, dir: string, now: Date): string {
  const base = BASE_NAMES[request.locale][request.kind];
  const when =
    request.kind === 'report-pdf'
      ? `${request.period.from.slice(0, 10)}_${new Date(Date.parse(request.period.to) - 1).toISOString().slice(0, 10)}`
      : now.toISOString().slice(0, 19).replace(/:/g, '-');
  const extension = request.kind === 'report-pdf' ? 'pdf' : 'csv';
  for (let n = 1; ; n += 1) {
    const file = path.join(dir, `${base}-${when}${n > 1 ? `-${n}` : ''}.${extension}`);
    if (!existsSync(file) && !existsSync(`${file}.part`)) return file;
  }
}

/**
 * Exports run in the background: `start` answers at once with the file's path, progress and the
 * end are published as `exports.events` (and kept for `status`), and the file appears only when
 * complete. Supervisor data comes from the central API page by page, so a long history streams.
 */
export function createExports(deps: ExportsDeps) {
  const jobs = new Map<string, ExportStatus>();
  const running = new Set<Promise<void>>();

  async function* historyPages(request: Extract<ExportRequest, { kind: 'history-csv' }>, status: ExportStatus) {
    let cursor: string | undefined;
    do {
      const page = await deps.call('listHistory', {
        query: { ...historyQuery(request.filters), limit: HISTORY_PAGE, cursor },
      });
      if (cursor === undefined && !page.totalCapped) status.total = page.total;
      cursor = page.nextCursor ?? undefined;
      yield page.entries;
    } while (cursor);
  }

  async function* auditPages(request: Extract<ExportRequest, { kind: 'audit-csv' }>) {
    let afterSeq = 0;
    for (;;) {
      const page = await deps.call('listAudit', {
        query: { ...request.filters, afterSeq, order: 'asc', limit: AUDIT_PAGE },
      });
      yield page.entries;
      if (!page.hasMore || page.entries.length === 0) return;
      afterSeq = page.entries.at(-1)!.seq;
    }
  }

  async function run(request: ExportRequest, status: ExportStatus, author: string, publish: () => void) {
    const delimiter = 'delimiter' in request && request.delimiter === 'semicolon' ? ';' : ',';
    const onRows = (rows: number) => {
      status.done = rows;
      publish();
    };
    if (request.kind === 'history-csv') {
      const written = await writeCsvFile(status.path, historyColumns(request.locale), historyPages(request, status), {
        delimiter,
        onRows,
      });
      status.bytes = written.bytes;
      status.total = written.rows;
    } else if (request.kind === 'audit-csv') {
      const written = await writeCsvFile(status.path, auditColumns(request.locale), auditPages(request), {
        delimiter,
        onRows,
      });
      status.bytes = written.bytes;
      status.total = written.rows;
    } else {
      status.total = 3;
      const stats = await deps.call('getStatistics', { query: request.period });
      onRows(1);
      // pdf-lib and fontkit take a tenth of the services' start-up; only a report needs them.
      const { renderPeriodReport } = await import('./report-pdf.ts');
      const pdf = await renderPeriodReport(
        { stats, locale: request.locale, generatedAt: deps.now(), generatedBy: author },
        deps.fonts(),
      );
      onRows(2);
      const partial = `${status.path}.part`;
      await writeFile(partial, pdf, { mode: 0o600, flag: 'wx' });
      await rename(partial, status.path);
      status.bytes = pdf.length;
      onRows(3);
    }
  }

  return {
    start(request: ExportRequest): ExportStatus {
      const author = deps.requireSupervisor().name;
      const dir = exportDirectory(request, deps.profileDir);
      const status: ExportStatus = {
        exportId: randomUUID(),
        kind: request.kind,
        state: 'running',
        path: exportFile(request, dir, deps.now()),
        done: 0,
        total: null,
        bytes: null,
        error: null,
      };
      jobs.set(status.exportId, status);
      let lastPublished = 0;
      const publish = (force = false) => {
        const at = Date.now();
        if (!force && at - lastPublished < PROGRESS_EVERY_MS) return;
        lastPublished = at;
        deps.events.publish('exports.events', { ...status });
      };
      const job = run(request, status, author, () => publish())
        .then(() => {
          status.state = 'done';
        })
        .catch(async (error: unknown) => {
          status.state = 'failed';
          status.error =
            error instanceof ContractFailure
              ? { code: error.code, message: error.message }
              : { code: 'INTERNAL', message: 'The export failed: see the application log' };
          if (!(error instanceof ContractFailure))
            deps.log.error('export failed', { kind: request.kind, ...errorFields(error) });
          await rm(`${status.path}.part`, { force: true });
        })
        .finally(() => {
          publish(true);
          running.delete(job);
        });
      running.add(job);
      publish(true);
      return { ...status };
    },

    status(exportId: string): ExportStatus {
      const status = jobs.get(exportId);
      if (!status) throw new ContractFailure('NOT_FOUND', `No export ${exportId} in this session`);
      return { ...status };
    },

    /** A slice of a finished export of this session: only files this console wrote can be read back. */
    async read(exportId: string, offset: number, length: number) {
      deps.requireSupervisor();
      const status = this.status(exportId);
      if (status.state !== 'done') {
        throw new ContractFailure(
          'CONFLICT',
          status.state === 'running' ? 'The export is still being written' : 'The export failed: start it again',
        );
      }
      const file = await open(status.path, 'r').catch(() => {
        throw new ContractFailure('NOT_FOUND', `${status.path} is no longer there: start the export again`);
      });
      try {
        const { size } = await file.stat();
        const slice = Buffer.alloc(Math.max(0, Math.min(length, EXPORT_SLICE_MAX, size - offset)));
        const { bytesRead } = await file.read(slice, 0, slice.length, offset);
        return {
          data: slice.subarray(0, bytesRead),
          offset,
          totalBytes: size,
          filename: path.basename(status.path),
          mediaType: status.kind === 'report-pdf' ? ('application/pdf' as const) : ('text/csv' as const),
        };
      } finally {
        await file.close();
      }
    },

    /** Lets running exports finish (or fail) before the services close. */
    async drain(): Promise<void> {
      await Promise.allSettled([...running]);
    },
  };
}

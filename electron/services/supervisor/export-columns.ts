import type { z } from 'zod';
import type { AuditEntrySchema, HistoryEntry } from '../../../common/api/schemas.ts';
import type { CsvColumn } from './csv-file.ts';

type Locale = 'it' | 'en';
type AuditEntry = z.output<typeof AuditEntrySchema>;

const column = <T>(it: string, en: string, value: CsvColumn<T>['value']) => ({ it, en, value });

/**
 * The history as a spreadsheet: one row per decision. Codes (actions, states, reasons, flags)
 * stay codes, so filters and formulas work whatever the language of the headers.
 */
const HISTORY = [
  column<HistoryEntry>('Registrata il', 'Recorded at', (e) => e.appliedAt),
  column<HistoryEntry>('Decisa il', 'Decided at', (e) => e.decidedAt),
  column<HistoryEntry>('Pratica', 'Ticket', (e) => e.ticketId),
  column<HistoryEntry>('Decisione', 'Decision', (e) => e.decisionId),
  column<HistoryEntry>('Operatore', 'Operator', (e) => e.operatorId),
  column<HistoryEntry>('Nome operatore', 'Operator name', (e) => e.operatorName),
  column<HistoryEntry>('Azione', 'Action', (e) => e.action),
  column<HistoryEntry>('Stato risultante', 'Resulting state', (e) => e.state),
  column<HistoryEntry>('Motivi', 'Reasons', (e) => e.reasonCodes.join(' ')),
  column<HistoryEntry>('Reindirizzamento', 'Redirect target', (e) => e.redirectTarget),
  column<HistoryEntry>('Servizi', 'Services', (e) => e.services.join(' ')),
  column<HistoryEntry>('Segnalazioni', 'Flags', (e) => e.flags.join(' ')),
  column<HistoryEntry>('Controfirma', 'Countersign', (e) => e.countersign?.status ?? null),
  column<HistoryEntry>('Controfirmata da', 'Countersigned by', (e) => e.countersign?.by ?? null),
  column<HistoryEntry>('Controfirmata il', 'Countersigned at', (e) => e.countersign?.at ?? null),
  column<HistoryEntry>('Nota di controfirma', 'Countersign note', (e) => e.countersign?.note ?? null),
  column<HistoryEntry>('Paese', 'Country', (e) => e.country),
  column<HistoryEntry>('Richiedente', 'Applicant', (e) => e.applicantName),
  column<HistoryEntry>('Tempo di lavorazione (s)', 'Handling time (s)', (e) => e.handlingSeconds),
  column<HistoryEntry>('Nota', 'Note', (e) => e.note),
];

const AUDIT = [
  column<AuditEntry>('N.', 'Seq', (e) => e.seq),
  column<AuditEntry>('Data', 'At', (e) => e.at),
  column<AuditEntry>('Autore', 'Actor', (e) => e.actor),
  column<AuditEntry>('Azione', 'Action', (e) => e.action),
  column<AuditEntry>('Pratica', 'Ticket', (e) => e.ticketId),
  column<AuditEntry>('Dettagli', 'Details', (e) => JSON.stringify(e.details)),
  column<AuditEntry>('Hash precedente', 'Previous hash', (e) => e.prevHash),
  column<AuditEntry>('Hash', 'Hash', (e) => e.hash),
];

const localise = <T>(columns: { it: string; en: string; value: CsvColumn<T>['value'] }[], locale: Locale) =>
  columns.map((c): CsvColumn<T> => ({ header: c[locale], value: c.value }));

export const historyColumns = (locale: Locale): CsvColumn<HistoryEntry>[] => localise(HISTORY, locale);
export const auditColumns = (locale: Locale): CsvColumn<AuditEntry>[] => localise(AUDIT, locale);

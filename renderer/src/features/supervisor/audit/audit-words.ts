import { useI18n } from 'vue-i18n';
import { dateFormat } from '../../../i18n/date-formats.ts';

/** The operations the central API records, for the filter (an unknown one still shows, by its code). */
export const KNOWN_ACTIONS = [
  'attachment.viewed',
  'decision.viewed',
  'decision.applied',
  'countersign.confirmed',
  'countersign.returned',
  'countersign.voided',
  'credentials.issued',
  'lease.claimed',
  'lease.released',
  'ticket.created',
  'ticket.documents',
  'ticket.redacted',
  'auth.login',
] as const;

/** Message key of an audit action: vue-i18n reads dots in a key as nesting. */
export const actionKey = (action: string): string => `auditView.actions.${action.replace(/\./g, '_')}`;

/** The audit log's codes and values as a supervisor reads them. */
export function useAuditWords() {
  const { t, te, locale } = useI18n();
  return {
    action: (action: string) => (te(actionKey(action)) ? t(actionKey(action)) : action),
    dateTime: (iso: string) =>
      dateFormat(locale.value === 'en' ? 'en' : 'it', { dateStyle: 'medium', timeStyle: 'medium' }).format(
        new Date(iso),
      ),
    /** `{ attachmentId: 3, kind: 'ID' }` → `attachmentId 3 · kind ID`: short values as they are, long ones cut. */
    details: (details: Record<string, unknown>) =>
      Object.entries(details)
        .map(([key, value]) => {
          const text = typeof value === 'string' ? value : JSON.stringify(value);
          return `${key} ${text.length > 40 ? `${text.slice(0, 39)}…` : text}`;
        })
        .join(' · '),
    shortHash: (hash: string) => `${hash.slice(0, 12)}…`,
  };
}

import type { TicketState } from '../../../common/api/schemas.ts';
import type { SyncStatus } from '../../../common/contract/methods.ts';
import type { Locale } from '../../../common/i18n/locales.ts';

export type NotificationKind = 'assigned' | 'countersign' | 'conflict';

/** What the host shows as a native notification: ticket ids only, never an applicant's name. */
export interface DesktopNotification {
  kind: NotificationKind;
  title: string;
  body: string;
  ticketIds: string[];
}

/** The little a notification decision needs from a cached ticket. */
export interface TicketGlance {
  state: TicketState;
  leaseOwner: string | null;
  /** Who made the decision waiting for a countersign. */
  makerId: string | null;
}

export interface NotifierOptions {
  glance(ticketId: string): TicketGlance | undefined;
  operator(): { id: string; role: 'operator' | 'supervisor' } | undefined;
  locale(): Locale;
  /** The console's window has the focus: the operator sees the change there, so nothing pops up. */
  isFocused(): boolean;
  show(notification: DesktopNotification): void;
  /** Changes within this window become one notification per kind (a sync brings tickets in batches). */
  debounceMs?: number;
}

const TEXT = {
  assigned: {
    it: ['Nuova pratica assegnata', 'Nuove pratiche assegnate'],
    en: ['New ticket assigned', 'New tickets assigned'],
  },
  countersign: {
    it: ['Controfirma richiesta', 'Controfirme richieste'],
    en: ['Countersign needed', 'Countersigns needed'],
  },
  conflict: {
    it: ['Conflitto di sincronizzazione', 'Conflitti di sincronizzazione'],
    en: ['Sync conflict', 'Sync conflicts'],
  },
} as const satisfies Record<NotificationKind, Record<Locale, readonly [string, string]>>;

const CONFLICT_BODY = {
  it: (n: number) =>
    n === 1 ? 'Una decisione va rivista: apri Accredita' : `${n} decisioni vanno riviste: apri Accredita`,
  en: (n: number) =>
    n === 1 ? 'A decision needs review: open Accredita' : `${n} decisions need review: open Accredita`,
};

/** Ticket ids shown in a body: enough to recognise, short enough for a notification. */
const LISTED = 3;

function listIds(ids: string[], locale: Locale): string {
  const shown = ids.slice(0, LISTED).join(', ');
  const more = ids.length - LISTED;
  if (more <= 0) return shown;
  return locale === 'it' ? `${shown} e altre ${more}` : `${shown} and ${more} more`;
}

/**
 * Decides when the console notifies (issue 9, item 7): a ticket newly leased to the operator by
 * someone else, a decision entering the supervisor's countersign queue, a sync conflict. A ticket
 * notifies on a change seen after it was seen once, so the first sync of a profile stays quiet;
 * the operator's own claims and decisions never notify them.
 */
export function createNotifier(options: NotifierOptions) {
  const debounceMs = options.debounceMs ?? 2_000;
  /** Each ticket's last glance, as `state|owner`: what a change is measured against. */
  const seen = new Map<string, string>();
  const claimedHere = new Set<string>();
  const due: Record<'assigned' | 'countersign', Set<string>> = { assigned: new Set(), countersign: new Set() };
  let conflictsSeen: number | undefined;
  let newConflicts = 0;
  let timer: NodeJS.Timeout | undefined;

  const flush = () => {
    timer = undefined;
    const batch = { assigned: [...due.assigned], countersign: [...due.countersign] };
    const conflicts = newConflicts;
    due.assigned.clear();
    due.countersign.clear();
    newConflicts = 0;
    if (options.isFocused()) return;
    const locale = options.locale();
    for (const kind of ['assigned', 'countersign'] as const) {
      const ids = batch[kind];
      if (ids.length === 0) continue;
      options.show({
        kind,
        title: TEXT[kind][locale][ids.length === 1 ? 0 : 1],
        body: listIds(ids, locale),
        ticketIds: ids,
      });
    }
    if (conflicts > 0) {
      options.show({
        kind: 'conflict',
        title: TEXT.conflict[locale][conflicts === 1 ? 0 : 1],
        body: CONFLICT_BODY[locale](conflicts),
        ticketIds: [],
      });
    }
  };
  const schedule = () => {
    timer ??= setTimeout(flush, debounceMs);
    timer.unref?.();
  };

  return {
    /** The sync engine changed these tickets in the cache. */
    ticketsChanged(ids: string[]): void {
      const me = options.operator();
      for (const id of ids) {
        const now = options.glance(id);
        if (!now) continue;
        const key = `${now.state}|${now.leaseOwner ?? ''}`;
        const before = seen.get(id);
        seen.set(id, key);
        const ownClaim = !!me && now.leaseOwner === me.id && claimedHere.delete(id);
        if (before === undefined || before === key || !me) continue;
        const [stateBefore, ownerBefore] = before.split('|');
        if (now.leaseOwner === me.id && ownerBefore !== me.id && !ownClaim) {
          due.assigned.add(id);
          schedule();
        }
        if (
          me.role === 'supervisor' &&
          now.state === 'AWAITING_COUNTERSIGN' &&
          stateBefore !== 'AWAITING_COUNTERSIGN' &&
          now.makerId !== me.id
        ) {
          due.countersign.add(id);
          schedule();
        }
      }
    },
    /** Sync status: a rise in the number of conflicts is news; the count at start is not. */
    syncStatus(status: SyncStatus): void {
      if (conflictsSeen !== undefined && status.conflicts > conflictsSeen) {
        newConflicts += status.conflicts - conflictsSeen;
        schedule();
      }
      conflictsSeen = status.conflicts;
    },
    /** The operator claimed this ticket from this console: its lease is no news to them. */
    claimedHere(ticketId: string): void {
      claimedHere.add(ticketId);
    },
    close(): void {
      clearTimeout(timer);
      timer = undefined;
    },
  };
}

export type Notifier = ReturnType<typeof createNotifier>;

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SyncStatus } from '../../common/contract/methods.ts';
import {
  createNotifier,
  type DesktopNotification,
  type NotifierOptions,
  type TicketGlance,
} from '../../electron/services/notifications/notifier.ts';

const DEBOUNCE = 2_000;

function harness(overrides: Partial<NotifierOptions> = {}) {
  const tickets = new Map<string, TicketGlance>();
  const shown: DesktopNotification[] = [];
  let operator: ReturnType<NotifierOptions['operator']> = { id: 'op-giulia', role: 'operator' };
  let focused = false;
  let locale: 'it' | 'en' = 'it';
  const notifier = createNotifier({
    glance: (id) => tickets.get(id),
    operator: () => operator,
    locale: () => locale,
    isFocused: () => focused,
    show: (notification) => shown.push(notification),
    debounceMs: DEBOUNCE,
    ...overrides,
  });
  const set = (id: string, glance: Partial<TicketGlance>) => {
    tickets.set(id, { state: 'NEW', leaseOwner: null, makerId: null, ...tickets.get(id), ...glance });
    notifier.ticketsChanged([id]);
  };
  return {
    notifier,
    shown,
    set,
    as: (next: typeof operator) => (operator = next),
    focus: (value: boolean) => (focused = value),
    speak: (value: 'it' | 'en') => (locale = value),
  };
}

const status = (conflicts: number): SyncStatus => ({
  online: true,
  phase: 'idle',
  lastSyncAt: null,
  pending: 0,
  pendingOtherOperators: 0,
  heldForReview: 0,
  conflicts,
  progress: null,
  error: null,
});

describe('desktop notification decisions', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('notifies a ticket leased to the operator by someone else, by id only, once after the debounce', () => {
    const h = harness();
    h.set('UE-2026-000001', { state: 'NEW' });
    h.set('UE-2026-000001', { state: 'UNDER_REVIEW', leaseOwner: 'op-giulia' });
    expect(h.shown).toEqual([]);
    vi.advanceTimersByTime(DEBOUNCE);
    expect(h.shown).toEqual([
      { kind: 'assigned', title: 'Nuova pratica assegnata', body: 'UE-2026-000001', ticketIds: ['UE-2026-000001'] },
    ]);
    vi.advanceTimersByTime(DEBOUNCE * 5);
    expect(h.shown).toHaveLength(1);
  });

  it('merges a burst of changes into one notification per kind and lists at most three ids', () => {
    const h = harness();
    const ids = ['UE-1', 'UE-2', 'UE-3', 'UE-4', 'UE-5'];
    ids.forEach((id) => h.set(id, {}));
    h.speak('en');
    ids.forEach((id) => h.set(id, { state: 'UNDER_REVIEW', leaseOwner: 'op-giulia' }));
    vi.advanceTimersByTime(DEBOUNCE);
    expect(h.shown).toHaveLength(1);
    expect(h.shown[0]).toMatchObject({
      kind: 'assigned',
      title: 'New tickets assigned',
      body: 'UE-1, UE-2, UE-3 and 2 more',
      ticketIds: ids,
    });
  });

  it('stays quiet on the first sight of a ticket (a fresh profile’s first sync) and on unchanged tickets', () => {
    const h = harness();
    h.set('UE-1', { state: 'UNDER_REVIEW', leaseOwner: 'op-giulia' });
    h.set('UE-1', {});
    vi.advanceTimersByTime(DEBOUNCE);
    expect(h.shown).toEqual([]);
  });

  it('never notifies the operator of a ticket they claimed from this console', () => {
    const h = harness();
    h.set('UE-1', {});
    h.notifier.claimedHere('UE-1');
    h.set('UE-1', { state: 'UNDER_REVIEW', leaseOwner: 'op-giulia' });
    // Released and leased back to them by someone else later: that is news.
    h.set('UE-1', { leaseOwner: null });
    h.set('UE-1', { leaseOwner: 'op-giulia' });
    vi.advanceTimersByTime(DEBOUNCE);
    expect(h.shown.map((n) => n.ticketIds)).toEqual([['UE-1']]);
  });

  it('ignores tickets leased to someone else', () => {
    const h = harness();
    h.set('UE-1', {});
    h.set('UE-1', { state: 'UNDER_REVIEW', leaseOwner: 'op-marco' });
    vi.advanceTimersByTime(DEBOUNCE);
    expect(h.shown).toEqual([]);
  });

  it('tells a supervisor, not an operator, that a decision waits for a countersign, unless they made it', () => {
    const h = harness();
    h.set('UE-1', { state: 'UNDER_REVIEW' });
    h.set('UE-2', { state: 'UNDER_REVIEW' });
    h.set('UE-1', { state: 'AWAITING_COUNTERSIGN', makerId: 'op-marco' });
    vi.advanceTimersByTime(DEBOUNCE);
    expect(h.shown).toEqual([]);

    h.as({ id: 'sup-elena', role: 'supervisor' });
    h.set('UE-3', { state: 'UNDER_REVIEW' });
    h.set('UE-4', { state: 'UNDER_REVIEW' });
    h.set('UE-3', { state: 'AWAITING_COUNTERSIGN', makerId: 'op-marco' });
    h.set('UE-4', { state: 'AWAITING_COUNTERSIGN', makerId: 'sup-elena' });
    vi.advanceTimersByTime(DEBOUNCE);
    expect(h.shown).toEqual([
      { kind: 'countersign', title: 'Controfirma richiesta', body: 'UE-3', ticketIds: ['UE-3'] },
    ]);
  });

  it('notifies a rise in sync conflicts, not the conflicts already there at start', () => {
    const h = harness();
    h.notifier.syncStatus(status(2));
    vi.advanceTimersByTime(DEBOUNCE);
    expect(h.shown).toEqual([]);
    h.notifier.syncStatus(status(3));
    h.notifier.syncStatus(status(5));
    h.notifier.syncStatus(status(4));
    vi.advanceTimersByTime(DEBOUNCE);
    expect(h.shown).toEqual([
      {
        kind: 'conflict',
        title: 'Conflitti di sincronizzazione',
        body: '3 decisioni vanno riviste: apri Accredita',
        ticketIds: [],
      },
    ]);
  });

  it('shows nothing while the window has the focus, and does not save it for later', () => {
    const h = harness();
    h.set('UE-1', {});
    h.focus(true);
    h.set('UE-1', { state: 'UNDER_REVIEW', leaseOwner: 'op-giulia' });
    vi.advanceTimersByTime(DEBOUNCE);
    h.focus(false);
    vi.advanceTimersByTime(DEBOUNCE * 3);
    expect(h.shown).toEqual([]);
  });

  it('does nothing when nobody is signed in, and close() cancels what is due', () => {
    const h = harness();
    h.set('UE-1', {});
    h.as(undefined);
    h.set('UE-1', { state: 'UNDER_REVIEW', leaseOwner: 'op-giulia' });
    h.as({ id: 'op-giulia', role: 'operator' });
    h.set('UE-2', {});
    h.set('UE-2', { state: 'UNDER_REVIEW', leaseOwner: 'op-giulia' });
    h.notifier.close();
    vi.advanceTimersByTime(DEBOUNCE);
    expect(h.shown).toEqual([]);
  });

  it('never puts applicant data in the text: only ticket ids reach the notification', () => {
    const h = harness();
    h.set('UE-1', {});
    h.set('UE-1', { state: 'UNDER_REVIEW', leaseOwner: 'op-giulia' });
    vi.advanceTimersByTime(DEBOUNCE);
    const text = JSON.stringify(h.shown);
    expect(text).not.toMatch(/applicant|nome|cognome|@/i);
    expect(Object.keys(h.shown[0]!)).toEqual(['kind', 'title', 'body', 'ticketIds']);
  });
});

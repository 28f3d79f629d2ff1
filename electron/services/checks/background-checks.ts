import { ACTIONABLE_STATES } from '../../../common/contract/methods.ts';
import type { CacheDb } from '../cache/cache-database.ts';
import { prepared } from '../cache/statements.ts';
import { errorFields, type Logger } from '../log/logger.ts';
import { createWakeableSleep } from '../runtime/wakeable-sleep.ts';

export interface BackgroundChecksOptions {
  db: CacheDb;
  /** The checks engine's `get`: stored when still valid, else computed and stored. */
  check(ticketId: string): Promise<{ problems: readonly unknown[] }>;
  /** True while sync pulls, pushes or cannot reach the API: background work then waits its turn. */
  syncBusy(): boolean;
  /** A ticket's stored checks changed: the queue's icons and flags should follow. */
  onChecked(ticketIds: string[]): void;
  log: Logger;
  clock?: () => number;
  /** Wait this long after the services start, so start-up and the first sync come first. */
  startDelayMs?: number;
  /** Quiet time after an operator's own checks request before background work resumes. */
  quietMs?: number;
  /** Pause between two tickets, so each step yields to everything else. */
  gapMs?: number;
  /** How often to look again when there is nothing to do or it is not yet idle. */
  pollMs?: number;
  /** An incomplete result (an attachment unreachable, Cliclavoro unanswered) is tried again after this. */
  retryMs?: number;
}

const BATCH = 50;

interface Attempt {
  updatedAt: string;
  retryAt: number;
}

/**
 * Computes the checks of actionable tickets in idle time, one at a time and oldest first, so the
 * queue's flags ("CF italiano", "eIDAS", "duplicato", "MRZ non valida") fill in without the
 * operator opening each ticket. It steps aside while an operator's own checks request runs (and
 * for a quiet moment after) and while sync works, and never keeps more than one ticket in flight.
 */
export function createBackgroundChecks(options: BackgroundChecksOptions) {
  const { db, log } = options;
  const clock = options.clock ?? Date.now;
  const quietMs = options.quietMs ?? 3000;
  const gapMs = options.gapMs ?? 250;
  const pollMs = options.pollMs ?? 1000;
  const retryMs = options.retryMs ?? 10 * 60_000;
  const states = ACTIONABLE_STATES.map((state) => `'${state}'`).join(', ');

  /** What was tried in this process: a ticket is not tried again until it changes (or its retry time). */
  const attempted = new Map<string, Attempt>();
  /** Where the scan over the cache (creation order) has got to; null starts again from the oldest. */
  let cursor: { createdAt: string; id: string } | null = null;
  let foreground = 0;
  let lastForegroundAt = -Infinity;
  let stopped = true;
  let loop: Promise<void> | undefined;
  const { sleep, wake } = createWakeableSleep();
  /** Waiting for work, not for start-up or a quiet moment: the only sleep a change cuts short. */
  let resting = false;

  const computedAt = (ticketId: string) =>
    (
      prepared(db, 'SELECT computed_at FROM ticket_checks WHERE ticket_id = ?').get(ticketId) as
        { computed_at: string } | undefined
    )?.computed_at;

  /** The next tickets whose checks are missing or older than the ticket, after the cursor. */
  function candidates(): { id: string; created_at: string; updated_at: string }[] {
    return prepared(
      db,
      `SELECT t.id, t.created_at, t.updated_at FROM tickets t INDEXED BY tickets_by_created
         LEFT JOIN ticket_checks c ON c.ticket_id = t.id
       WHERE (t.created_at, t.id) > (@createdAt, @id) AND t.state IN (${states})
         AND (c.ticket_id IS NULL OR c.computed_at < t.updated_at)
       ORDER BY t.created_at, t.id LIMIT @limit`,
    ).all({ createdAt: cursor?.createdAt ?? '', id: cursor?.id ?? '', limit: BATCH }) as {
      id: string;
      created_at: string;
      updated_at: string;
    }[];
  }

  function nextTicket(): string | undefined {
    for (;;) {
      const batch = candidates();
      if (batch.length === 0) {
        cursor = null;
        return undefined;
      }
      for (const row of batch) {
        cursor = { createdAt: row.created_at, id: row.id };
        const before = attempted.get(row.id);
        if (!before || before.updatedAt !== row.updated_at || before.retryAt <= clock()) return row.id;
      }
    }
  }

  const idle = () => foreground === 0 && clock() - lastForegroundAt >= quietMs && !options.syncBusy();

  async function checkOne(ticketId: string): Promise<void> {
    const updatedAt = (
      prepared(db, 'SELECT updated_at FROM tickets WHERE id = ?').get(ticketId) as { updated_at: string } | undefined
    )?.updated_at;
    if (updatedAt === undefined) return;
    const before = computedAt(ticketId);
    let complete = false;
    try {
      complete = (await options.check(ticketId)).problems.length === 0;
    } catch (error) {
      log.warn('background checks failed', { ticketId, ...errorFields(error) });
    }
    attempted.set(ticketId, { updatedAt, retryAt: complete ? Infinity : clock() + retryMs });
    if (computedAt(ticketId) !== before) options.onChecked([ticketId]);
  }

  async function run(initialDelayMs: number): Promise<void> {
    await sleep(initialDelayMs);
    while (!stopped) {
      if (!idle()) {
        await sleep(pollMs);
        continue;
      }
      const ticketId = nextTicket();
      if (ticketId === undefined) {
        resting = true;
        await sleep(pollMs * 10);
        resting = false;
        continue;
      }
      await checkOne(ticketId);
      if (!stopped) await sleep(gapMs);
    }
  }

  return {
    start(): void {
      if (!stopped) return;
      stopped = false;
      loop = run(options.startDelayMs ?? 5000);
    },

    /** Lets the ticket in flight finish; no new one starts. */
    async stop(): Promise<void> {
      stopped = true;
      wake();
      await loop;
    },

    /** Tickets changed (sync, a decision): look again from the oldest, now. */
    changed(): void {
      cursor = null;
      if (resting) wake();
    },

    /** Runs an operator's checks request; background work waits until it is over and a quiet moment has passed. */
    async foreground<T>(ticketId: string, work: () => Promise<T>): Promise<T> {
      foreground += 1;
      const before = computedAt(ticketId);
      try {
        return await work();
      } finally {
        foreground -= 1;
        lastForegroundAt = clock();
        if (computedAt(ticketId) !== before) options.onChecked([ticketId]);
      }
    },
  };
}

export type BackgroundChecks = ReturnType<typeof createBackgroundChecks>;

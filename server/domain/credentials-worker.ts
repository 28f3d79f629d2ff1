import type { Db } from '../storage/database.ts';
import { prepared } from '../storage/statements.ts';
import { appendAudit } from './audit-log.ts';
import { newCredentials, usernameFor } from './credentials.ts';
import { enqueueMail } from './mail-queue.ts';

interface Job {
  ticket_id: string;
  services: string;
}

export interface CredentialsWorker {
  /** Wakes the worker after an approval instead of waiting for the next poll. */
  notify(): void;
  /** Resolves when no job is pending (tests, demo seeding, shutdown). */
  drain(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Issues Utente Estero credentials from the server's own queue: one job at a time, resting as
 * long as each job took (at most half a core), the slow password hash outside any transaction, then account, e-mails, audit entry and job completion
 * in one transaction. A job interrupted by a crash is simply run again; the account's unique
 * ticket and the mails' dedupe keys keep the effect single.
 */
export function startCredentialsWorker(db: Db, now: () => Date, onError: (error: unknown) => void): CredentialsWorker {
  let stopped = false;
  let wake: (() => void) | undefined;
  const idle: (() => void)[] = [];

  const nextJob = () =>
    prepared(
      db,
      'SELECT ticket_id, services FROM credential_jobs WHERE done_at IS NULL ORDER BY created_at LIMIT 1',
    ).get() as Job | undefined;

  async function runJob(job: Job): Promise<void> {
    const { password, hash } = await newCredentials();
    db.transaction(() => {
      const at = now().toISOString();
      const ticket = prepared(db, 'SELECT data FROM tickets WHERE id = ?').get(job.ticket_id) as { data: string };
      const { applicant } = JSON.parse(ticket.data) as {
        applicant: { nome: string; cognome: string; email: string; language: 'it' | 'en' | 'fr' | 'es' | 'de' };
      };
      const exists = prepared(db, 'SELECT 1 FROM accounts WHERE ticket_id = ?').get(job.ticket_id);
      if (!exists && applicant) {
        const username = usernameFor(applicant.cognome, applicant.nome, job.ticket_id);
        prepared(
          db,
          `INSERT INTO accounts (username, ticket_id, email, password_hash, must_change_password, services, created_at)
           VALUES (?, ?, ?, ?, 1, ?, ?)`,
        ).run(username, job.ticket_id, applicant.email, hash, job.services, at);
        const mail = { ticketId: job.ticket_id, to: applicant.email, language: applicant.language, at };
        enqueueMail(db, {
          ...mail,
          kind: 'CREDENTIALS_USERNAME',
          dedupeKey: `credentials-username:${job.ticket_id}`,
          body: `username: ${username}`,
        });
        enqueueMail(db, {
          ...mail,
          kind: 'CREDENTIALS_PASSWORD',
          dedupeKey: `credentials-password:${job.ticket_id}`,
          body: `password: ${password}\n(change required at first login)`,
        });
        appendAudit(db, {
          at,
          actor: 'server',
          action: 'credentials.issued',
          ticketId: job.ticket_id,
          details: { username, services: JSON.parse(job.services) as string[] },
        });
      }
      prepared(db, 'UPDATE credential_jobs SET done_at = ? WHERE ticket_id = ?').run(at, job.ticket_id);
    })();
  }

  const loop = (async () => {
    while (!stopped) {
      const job = nextJob();
      if (!job) {
        idle.splice(0).forEach((resolve) => resolve());
        await new Promise<void>((resolve) => {
          wake = resolve;
          setTimeout(resolve, 1000).unref();
        });
        continue;
      }
      try {
        const started = performance.now();
        await runJob(job);
        // Half duty cycle: the hash is CPU-bound and an e-mail can wait; requests come first.
        await new Promise((resolve) => setTimeout(resolve, performance.now() - started).unref());
      } catch (error) {
        onError(error);
        await new Promise((resolve) => setTimeout(resolve, 1000).unref());
      }
    }
    idle.splice(0).forEach((resolve) => resolve());
  })();

  return {
    notify: () => wake?.(),
    drain: () =>
      nextJob() === undefined
        ? Promise.resolve()
        : new Promise<void>((resolve) => {
            idle.push(resolve);
            wake?.();
          }),
    async stop() {
      stopped = true;
      wake?.();
      await loop;
    },
  };
}

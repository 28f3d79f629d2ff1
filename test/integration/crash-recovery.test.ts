import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type WebSocket from 'ws';
import type { MethodOutput } from '../../common/contract/methods.ts';
import { cacheDatabaseKey, openCacheDatabase } from '../../electron/services/cache/cache-database.ts';
import { tempDir } from '../support/temp-dir.ts';
import { request, tryConnect } from '../support/ws-client.ts';
import { until } from '../support/until.ts';

/**
 * Issue 9, item 7: a console killed outright (SIGKILL: no shutdown handler runs) with a ticket
 * open and a decision taken offline comes back, on the same profile, with the ticket to reopen
 * and the decision still queued, and then delivers it. The host is the login e2e's
 * (test/e2e/login-host.ts): the real web host, a virtual CIE, the reference API behind a proxy
 * the test can take offline. Its log is read too: no PIN in it.
 */

const root = fileURLToPath(new URL('../..', import.meta.url));
const profile = tempDir('crash-recovery');
const children: ChildProcess[] = [];

interface Console {
  child: ChildProcess;
  pin: string;
  stderr: string[];
  socket: WebSocket;
  call<T>(method: string, input?: unknown): Promise<T>;
  command(line: string): Promise<void>;
}

let nextId = 1;

async function startConsole(): Promise<Console> {
  const child = spawn(process.execPath, ['test/e2e/login-host.ts', '--profile', profile.dir, '--tickets', '6'], {
    cwd: root,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  children.push(child);
  const stderr: string[] = [];
  child.stderr!.on('data', (chunk: Buffer) => stderr.push(chunk.toString()));
  const stdout = createInterface({ input: child.stdout! });
  const waiting = new Map<RegExp, (match: RegExpExecArray) => void>();
  stdout.on('line', (line) => {
    for (const [pattern, resolve] of waiting) {
      const match = pattern.exec(line);
      if (match) {
        waiting.delete(pattern);
        resolve(match);
      }
    }
  });
  const lineMatching = (pattern: RegExp) =>
    new Promise<RegExpExecArray>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no "${pattern}" in 30 s:\n${stderr.join('')}`)), 30_000);
      waiting.set(pattern, (match) => {
        clearTimeout(timer);
        resolve(match);
      });
    });
  const [pinLine, launchLine] = await Promise.all([
    lineMatching(/Card PIN: (\d{8})/),
    lineMatching(/Open the console: (\S+)/),
  ]);
  const [url, secret] = launchLine[1]!.split('#k=') as [string, string];
  const origin = url.replace(/\/$/, '');
  const { socket } = await tryConnect(`${origin.replace('http', 'ws')}/ws`, { origin, secret });
  if (!socket) throw new Error('the console refused the connection');
  return {
    child,
    pin: pinLine[1]!,
    stderr,
    socket,
    async call<T>(method: string, input: unknown = {}) {
      const id = nextId++;
      const reply = await request(socket, { type: 'call', id, method, input }, (r) => r.id === id);
      const result = reply.result as { ok: boolean; value?: T; error?: { code: string; message: string } };
      if (!result.ok) throw new Error(`${method}: ${result.error?.code} ${result.error?.message}`);
      return result.value as T;
    },
    async command(line: string) {
      const done = lineMatching(new RegExp(`^${line} done$`));
      child.stdin!.write(`${line}\n`);
      await done;
    },
  };
}

/** What the cache on disk holds for the outbox, read as a fresh process would after the crash. */
function pendingOnDisk(): { ticket_id: string; status: string }[] {
  const master = readFileSync(path.join(profile.dir, 'cache-key.keyfile'));
  const db = openCacheDatabase(path.join(profile.dir, 'cache.db'), cacheDatabaseKey(master));
  try {
    return db.prepare("SELECT ticket_id, status FROM outbox WHERE status = 'PENDING'").all() as {
      ticket_id: string;
      status: string;
    }[];
  } finally {
    db.close();
  }
}

afterAll(async () => {
  const running = children.filter((child) => child.exitCode === null && child.signalCode === null);
  await Promise.all(
    running.map((child) => {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      return exited;
    }),
  );
  profile.remove();
});

describe('crash recovery', () => {
  it('reopens the open ticket and loses no pending decision after SIGKILL, then delivers it', async () => {
    const first = await startConsole();
    expect((await first.call<{ ok: boolean }>('auth.login', { pin: first.pin })).ok).toBe(true);
    await first.call('sync.now');
    await until('the tickets', async () => {
      const page = await first.call<MethodOutput<'tickets.query'>>('tickets.query', {});
      return page.total > 0 ? page : undefined;
    });
    const claimed = await first.call<MethodOutput<'tickets.next'>>('tickets.next');
    expect(claimed).not.toBeNull();
    const ticketId = claimed!.ticketId;
    await first.call('tickets.get', { ticketId });
    await first.call('session.remember', { ticketId });

    await first.command('offline');
    await first.call('decisions.submit', { ticketId, action: 'REJECT', reasonCodes: ['UNREADABLE'] });
    const before = await first.call<MethodOutput<'tickets.get'>>('tickets.get', { ticketId });
    expect(before.pendingDecision).toMatchObject({ action: 'REJECT' });

    const killed = new Promise((resolve) => first.child.once('exit', (_code, signal) => resolve(signal)));
    first.child.kill('SIGKILL');
    expect(await killed).toBe('SIGKILL');
    first.socket.terminate();

    // What a restart finds on disk: the decision, still queued.
    expect(pendingOnDisk()).toEqual([{ ticket_id: ticketId, status: 'PENDING' }]);

    const second = await startConsole();
    expect((await second.call<{ ok: boolean }>('auth.login', { pin: second.pin })).ok).toBe(true);
    expect(await second.call('session.recall')).toEqual({ ticketId });
    const delivered = await until('the decision delivered', async () => {
      const now = await second.call<MethodOutput<'tickets.get'>>('tickets.get', { ticketId });
      return now.pendingDecision === null && now.ticket.lastDecision ? now : undefined;
    });
    expect(delivered.ticket.lastDecision).toMatchObject({ action: 'REJECT', reasonCodes: ['UNREADABLE'] });
    expect(delivered.ticket.state).toBe('REJECTED');
    expect(pendingOnDisk()).toEqual([]);

    // A deliberate sign-out closes the ticket: the next sign-in has nothing to reopen.
    await second.call('auth.logout');
    expect((await second.call<{ ok: boolean }>('auth.login', { pin: second.pin })).ok).toBe(true);
    expect(await second.call('session.recall')).toEqual({ ticketId: null });

    for (const run of [first, second]) expect(run.stderr.join('')).not.toContain(run.pin);
    second.socket.close();
  }, 90_000);
});

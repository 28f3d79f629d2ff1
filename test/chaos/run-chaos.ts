import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { cacheDatabaseKey, openCacheDatabase } from '../../electron/services/cache/cache-database.ts';
import { loadOrCreateCacheKey } from '../../electron/services/security/cache-key.ts';
import { keyFileSealer } from '../../electron/services/security/sealer.ts';
import { seededRandom } from '../../server/demo/random.ts';
import { formEmail, intake, OPERATORS, startApiFixture } from '../support/api-fixture.ts';
import { startChaosProxy } from '../support/chaos-proxy.ts';
import { tempDir } from '../support/temp-dir.ts';
import type { ConsoleConfig, PlanStep } from './console-process.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));

export interface ChaosOptions {
  seed: number;
  /** Decisions planned across all consoles (five consoles, overlapping tickets). */
  decisions: number;
  kills: number;
  timeoutMs: number;
}

export interface ChaosReport {
  planned: number;
  recorded: number;
  acknowledged: number;
  refused: number;
  kills: number;
  faults: number;
  violations: string[];
}

/**
 * Five consoles deciding on overlapping tickets through a fault-injecting proxy, killed with
 * SIGKILL at random and restarted, then checked against the server: every recorded decision is
 * on the server exactly once or visibly refused, credentials went out once per approval, and
 * every console converged on the server's state.
 */
export async function runChaos({ seed, decisions, kills, timeoutMs }: ChaosOptions): Promise<ChaosReport> {
  const random = seededRandom(seed);
  const api = await startApiFixture();
  const proxy = await startChaosProxy(api.server.url, {
    seed,
    rates: {
      dropBeforeForward: 0.04,
      dropAfterForward: 0.06,
      delay: 0.1,
      delayMs: [5, 80],
      error503: 0.04,
      error502AfterForward: 0.05,
      resetMidBody: 0.04,
      duplicate: 0.05,
      truncateBody: 0.04,
    },
  });
  const dirs = tempDir('chaos');
  const violations: string[] = [];
  let killed = 0;
  try {
    const perConsole = Math.ceil(decisions / 5);
    // Five tickets per console's decision: enough overlap for real conflicts, enough room for most plans to land.
    const ticketCount = Math.ceil(perConsole * 5);
    const fresh: string[] = [];
    const reviewable: string[] = [];
    for (let i = 0; i < ticketCount; i += 1) {
      const id = api.server.tickets.create(intake() as never, 'urp-online').id;
      if (i % 2 === 0) fresh.push(id);
      else reviewable.push(api.server.tickets.addEmail(id, formEmail() as never, 'urp-online').id);
    }

    const consoles = await Promise.all(
      OPERATORS.map(async (operator, index) => {
        const tickets = [...fresh, ...reviewable].sort(() => random() - 0.5).slice(0, perConsole);
        const plan: PlanStep[] = tickets.map((ticketId) =>
          fresh.includes(ticketId)
            ? {
                ticketId,
                claim: false,
                decision: random() < 0.5 ? { action: 'SEND_FORM' } : { action: 'REJECT', reasonCodes: ['NO_REPLY'] },
              }
            : {
                ticketId,
                claim: true,
                decision:
                  random() < 0.6
                    ? { action: 'APPROVE', services: ['CABOTAGGIO'] }
                    : { action: 'REQUEST_INFO', reasonCodes: ['UNREADABLE'] },
              },
        );
        const config: ConsoleConfig = {
          profileDir: path.join(dirs.dir, `console-${index}`),
          apiUrl: proxy.url,
          token: await api.loginAs(operator.id),
          operator: { id: operator.id, name: operator.name, role: operator.role },
          plan,
        };
        const configFile = path.join(dirs.dir, `console-${index}.json`);
        writeFileSync(configFile, JSON.stringify(config));
        return { config, configFile, child: undefined as ChildProcess | undefined, done: false };
      }),
    );

    const launch = (entry: (typeof consoles)[number]) => {
      const child = spawn(process.execPath, ['test/chaos/console-process.ts', entry.configFile], {
        cwd: root,
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      entry.child = child;
      child.stdout?.on('data', (chunk: Buffer) => {
        if (chunk.toString().includes('DONE')) entry.done = true;
      });
      return new Promise<void>((resolve) => child.once('exit', () => resolve()));
    };

    const runAll = async () => {
      const deadline = Date.now() + timeoutMs;
      const exits = consoles.map((entry) => launch(entry));
      while (consoles.some((c) => !c.done) && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 150 + random() * 600));
        const running = consoles.filter(
          (c) => !c.done && c.child && c.child.exitCode === null && c.child.signalCode === null,
        );
        if (killed < kills && running.length > 0) {
          const victim = running[Math.floor(random() * running.length)]!;
          victim.child!.kill('SIGKILL');
          killed += 1;
          await new Promise((resolve) => victim.child!.once('exit', resolve));
          void launch(victim);
        }
        for (const entry of consoles) {
          if (
            !entry.done &&
            entry.child &&
            (entry.child.exitCode !== null || entry.child.signalCode !== null) &&
            entry.child.signalCode !== 'SIGKILL'
          ) {
            void launch(entry);
          }
        }
      }
      await Promise.race([Promise.all(exits), new Promise((resolve) => setTimeout(resolve, 1000))]);
      const stuck = consoles.filter((c) => !c.done).map((c) => c.config.operator.id);
      if (stuck.length)
        throw new Error(`chaos run did not finish within ${timeoutMs} ms: ${stuck.join(', ')} still running`);
    };
    await runAll();

    // A clean pass with no faults and no kills: every console drains and pulls the final state.
    proxy.setRates({});
    for (const entry of consoles) {
      entry.done = false;
      writeFileSync(entry.configFile, JSON.stringify({ ...entry.config, plan: [] }));
      await launch(entry);
      if (!entry.done) violations.push(`${entry.config.operator.id}: final drain did not finish`);
    }
    await api.server.drainCredentials();

    const serverDecisions = new Map(
      (api.server.db.prepare('SELECT id, ticket_id FROM decisions').all() as { id: string; ticket_id: string }[]).map(
        (d) => [d.id, d.ticket_id],
      ),
    );
    const recordedIds = new Set<string>();
    let acknowledged = 0;
    let refused = 0;
    for (const entry of consoles) {
      const who = entry.config.operator.id;
      const db = openCacheDatabase(
        path.join(entry.config.profileDir, 'cache.db'),
        cacheDatabaseKey(loadOrCreateCacheKey(entry.config.profileDir, keyFileSealer())),
      );
      try {
        for (const row of db.prepare('SELECT decision_id, ticket_id, status FROM outbox').all() as {
          decision_id: string;
          ticket_id: string;
          status: string;
        }[]) {
          recordedIds.add(row.decision_id);
          if (row.status === 'ACKED') {
            acknowledged += 1;
            if (serverDecisions.get(row.decision_id) !== row.ticket_id)
              violations.push(`${who}: acknowledged ${row.decision_id} is not on the server`);
          } else if (row.status === 'PENDING') {
            violations.push(`${who}: ${row.decision_id} still pending after the final drain`);
          } else {
            refused += 1;
            if (serverDecisions.has(row.decision_id))
              violations.push(`${who}: refused ${row.decision_id} was applied on the server`);
            const ticket = db.prepare('SELECT conflict_json FROM tickets WHERE id = ?').get(row.ticket_id) as
              { conflict_json: string | null } | undefined;
            if (!ticket?.conflict_json?.includes(row.decision_id))
              violations.push(`${who}: refusal of ${row.decision_id} is not visible`);
          }
        }
        for (const row of db.prepare('SELECT id, server_state, server_version FROM tickets').all() as {
          id: string;
          server_state: string;
          server_version: number;
        }[]) {
          const server = api.server.tickets.get(row.id);
          if (server.state !== row.server_state || server.version !== row.server_version) {
            violations.push(
              `${who}: ${row.id} is ${row.server_state} v${row.server_version}, server has ${server.state} v${server.version}`,
            );
          }
        }
      } finally {
        db.close();
      }
    }
    for (const [id] of serverDecisions)
      if (!recordedIds.has(id)) violations.push(`server decision ${id} was recorded by no console`);
    const approved = api.server.db.prepare("SELECT id FROM tickets WHERE state = 'APPROVED'").all() as { id: string }[];
    for (const { id } of approved) {
      const mails = api.server.db
        .prepare("SELECT COUNT(*) AS n FROM mail_outbox WHERE ticket_id = ? AND kind = 'CREDENTIALS_PASSWORD'")
        .get(id) as { n: number };
      if (mails.n !== 1) violations.push(`${id}: ${mails.n} credential e-mails`);
    }
    const faults = Object.entries(proxy.stats())
      .filter(([key]) => !['requests', 'forwarded', 'offlineRefused', 'upstreamErrors'].includes(key))
      .reduce((sum, [, n]) => sum + n, 0);
    return {
      planned: consoles.reduce((n, c) => n + c.config.plan.length, 0),
      recorded: recordedIds.size,
      acknowledged,
      refused,
      kills: killed,
      faults,
      violations,
    };
  } finally {
    await proxy.close();
    await api.close();
    dirs.remove();
  }
}

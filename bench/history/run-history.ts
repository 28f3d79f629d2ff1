import { spawn } from 'node:child_process';
import { statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { codiceFiscaleCheckCharacter } from '../../common/domain/codice-fiscale.ts';
import { tempDir } from '../../test/support/temp-dir.ts';
import { cardSign, createTestPki } from '../../test/support/test-pki.ts';
import { percentile } from '../harness.ts';
import { historySearches } from './query-mix.ts';
import { seedDecisions } from './seed-decisions.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const CONTEXT = 'accredita-login:bench';
/** The history ends here, so the query mix (months, ticket years) is the same on every run. */
const UNTIL = new Date('2026-11-23T00:00:00Z');
const WARM_UP = 20;

export interface HistoryBenchOptions {
  decisions: number;
  searches: number;
}

async function startServer(dir: string, rootPem: string, supervisor: object) {
  writeFileSync(path.join(dir, 'root.pem'), rootPem);
  writeFileSync(path.join(dir, 'operators.json'), JSON.stringify([supervisor]));
  const child = spawn(
    process.execPath,
    [
      'server/cli.ts',
      '--port',
      '0',
      '--db',
      path.join(dir, 'central.db'),
      '--trust',
      path.join(dir, 'root.pem'),
      '--operators',
      path.join(dir, 'operators.json'),
      '--intake-key',
      'bench-intake-key-0123456789abcdef',
    ],
    { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const url = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`API server exited with ${code}`)));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const match = /listening on (\S+)/.exec(line);
      if (match?.[1]) resolve(match[1]);
    });
  });
  return {
    url,
    stop: () => new Promise<void>((resolve) => (child.once('exit', () => resolve()), child.kill('SIGTERM'))),
  };
}

/**
 * The supervisor's history over a large decision log: the database is seeded directly
 * (seed-decisions.ts), the reference API serves it from its own process, and one supervisor runs
 * the query mix over HTTP, following cursors as a scrolling list does. Latency is per request,
 * client side.
 */
export async function runHistoryBench({ decisions, searches }: HistoryBenchOptions) {
  const dir = tempDir('history-bench');
  try {
    const file = path.join(dir.dir, 'central.db');
    const seeded = await seedDecisions(file, { decisions, seed: 1, until: UNTIL });
    process.stdout.write(`  ${decisions} decisions written in ${seeded.seconds.toFixed(1)} s\n`);

    const pki = await createTestPki();
    const cf15 = 'FRRLNE70D49H501';
    const supervisor = {
      id: 'sup-bench',
      codiceFiscale: cf15 + codiceFiscaleCheckCharacter(cf15),
      name: 'Bench Supervisor',
      role: 'supervisor',
    };
    const server = await startServer(dir.dir, pki.root.toString(), supervisor);
    try {
      const card = await pki.issue(supervisor.codiceFiscale);
      const nonce = (await (await fetch(new URL('auth/nonce', server.url), { method: 'POST' })).json()) as {
        nonce: string;
      };
      const login = await fetch(new URL('auth/login', server.url), {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({
          nonce: nonce.nonce,
          certificate: card.certificate.toString('base64'),
          signature: (await cardSign(card, nonce.nonce, CONTEXT)).toString('base64'),
          context: CONTEXT,
        }),
      });
      const { token } = (await login.json()) as { token: string };

      const latencies: number[] = [];
      let errors = 0;
      let rows = 0;
      const page = async (query: string, record: boolean) => {
        const started = performance.now();
        const response = await fetch(new URL(`history?limit=50${query ? `&${query}` : ''}`, server.url), {
          headers: { Authorization: `Bearer ${token}` },
        });
        const body = (await response.json()) as { entries?: unknown[]; nextCursor?: string | null };
        if (record) latencies.push(performance.now() - started);
        if (response.status !== 200) errors += 1;
        rows += body.entries?.length ?? 0;
        return body.nextCursor ?? null;
      };
      const mix = historySearches(WARM_UP + searches, 7, UNTIL);
      for (const [index, search] of mix.entries()) {
        const record = index >= WARM_UP;
        let cursor = await page(search.query, record);
        for (let next = 0; next < search.pages && cursor; next += 1) {
          cursor = await page(`${search.query}&cursor=${encodeURIComponent(cursor)}`, record);
        }
      }
      latencies.sort((a, b) => a - b);
      const round = (ms: number) => Math.round(ms * 100) / 100;
      return {
        decisions,
        requests: latencies.length,
        p50_ms: round(percentile(latencies, 50)),
        p95_ms: round(percentile(latencies, 95)),
        p99_ms: round(percentile(latencies, 99)),
        max_ms: round(latencies.at(-1) ?? 0),
        rows_returned: rows,
        errors,
        seed_s: Math.round(seeded.seconds * 10) / 10,
        database_mb: Math.round(statSync(file).size / 2 ** 20),
      };
    } finally {
      await server.stop();
    }
  } finally {
    dir.remove();
  }
}

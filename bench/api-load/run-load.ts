import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { codiceFiscaleCheckCharacter } from '../../common/domain/codice-fiscale.ts';
import { seededRandom } from '../../server/demo/random.ts';
import { formEmail, intake } from '../../test/support/api-fixture.ts';
import { tempDir } from '../../test/support/temp-dir.ts';
import { cardSign, createTestPki, type TestCard } from '../../test/support/test-pki.ts';
import { percentile } from '../harness.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const KEY = 'bench-intake-key-0123456789abcdef';
const CONTEXT = 'accredita-login:bench';
const EXPECTED = new Set([200, 201, 204, 409]);
const IDLE_POLL_MS = 500;

export interface LoadOptions {
  consoles: number;
  durationS: number;
  tickets: number;
}

/** A valid codice fiscale for the n-th bench operator. */
function benchCodiceFiscale(n: number): string {
  const first15 = `TSTOPR80A${String((n % 28) + 1).padStart(2, '0')}Z${String(n % 1000).padStart(3, '0')}`;
  return first15 + codiceFiscaleCheckCharacter(first15);
}

async function startServer(dir: string, rootPem: string, operators: object[]) {
  writeFileSync(path.join(dir, 'root.pem'), rootPem);
  writeFileSync(path.join(dir, 'operators.json'), JSON.stringify(operators));
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
      KEY,
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
 * Simulated consoles against the reference API in its own process: each logs in with a CIE
 * proof, then pulls the feed, claims a waiting ticket, reads it and decides, until time is up.
 */
export async function runApiLoad({ consoles, durationS, tickets }: LoadOptions) {
  const dir = tempDir('api-load');
  const pki = await createTestPki();
  const operators = Array.from({ length: consoles }, (_, i) => ({
    id: `bench-${i}`,
    codiceFiscale: benchCodiceFiscale(i),
    name: `Bench ${i}`,
    role: 'operator',
  }));
  const server = await startServer(dir.dir, pki.root.toString(), operators);
  const latencies: number[] = [];
  let errors = 0;
  let decisions = 0;
  let conflicts = 0;

  const call = async (
    method: string,
    url: string,
    token: string,
    body?: unknown,
    headers: Record<string, string> = {},
    record = true,
  ) => {
    const started = performance.now();
    try {
      const response = await fetch(new URL(url, server.url), {
        method,
        headers: {
          Authorization: `Bearer ${token}`,
          ...(body ? { 'Content-Type': 'application/json' } : {}),
          ...headers,
        },
        body: body ? JSON.stringify(body) : undefined,
      });
      const text = await response.text();
      if (record) latencies.push(performance.now() - started);
      if (!EXPECTED.has(response.status)) errors += 1;
      if (response.status === 409) conflicts += 1;
      return { status: response.status, json: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
    } catch {
      errors += 1;
      return { status: 0, json: {} };
    }
  };

  try {
    for (let start = 0; start < tickets; start += 25) {
      await Promise.all(
        Array.from({ length: Math.min(25, tickets - start) }, async () => {
          const created = await call('POST', 'tickets', KEY, intake(), {}, false);
          await call('POST', `tickets/${created.json.id as string}/emails`, KEY, formEmail(), {}, false);
        }),
      );
    }

    const login = async (card: TestCard): Promise<string> => {
      const nonce = (await call('POST', 'auth/nonce', '', undefined, {}, false)).json.nonce as string;
      const signature = await cardSign(card, nonce, CONTEXT);
      const session = await call(
        'POST',
        'auth/login',
        '',
        {
          nonce,
          certificate: card.certificate.toString('base64'),
          signature: signature.toString('base64'),
          context: CONTEXT,
        },
        {},
        false,
      );
      return session.json.token as string;
    };
    const tokens = await Promise.all(operators.map(async (o) => login(await pki.issue(o.codiceFiscale))));

    const deadline = performance.now() + durationS * 1000;
    const started = performance.now();
    // URP Online keeps opening tickets and forwarding replies while the consoles work.
    const intakeLoop = async () => {
      while (performance.now() < deadline) {
        const created = await call('POST', 'tickets', KEY, intake(), {}, false);
        await call('POST', `tickets/${created.json.id as string}/emails`, KEY, formEmail(), {}, false);
      }
    };
    await Promise.all([
      intakeLoop(),
      intakeLoop(),
      intakeLoop(),
      intakeLoop(),
      ...tokens.map(async (token, index) => {
        const pickRandom = seededRandom(index + 1);
        let cursor = '';
        const waiting = new Map<string, number>();
        while (performance.now() < deadline) {
          const page = await call('GET', `feed?limit=200${cursor ? `&cursor=${cursor}` : ''}`, token);
          cursor = (page.json.cursor as string | undefined) ?? cursor;
          for (const entry of (page.json.entries as {
            kind: string;
            ticket?: { id: string; state: string; version: number };
          }[]) ?? []) {
            if (entry.ticket?.state === 'DOCS_RECEIVED') waiting.set(entry.ticket.id, entry.ticket.version);
            else if (entry.ticket) waiting.delete(entry.ticket.id);
          }
          // Each operator picks their own ticket, as people scanning a queue do, rather than all the oldest.
          const candidates = [...waiting.keys()];
          const id = candidates[Math.floor(pickRandom() * candidates.length)];
          if (!id) {
            // Nothing waiting: a console polls the feed on an interval, it does not spin.
            await new Promise((resolve) => setTimeout(resolve, IDLE_POLL_MS));
            continue;
          }
          waiting.delete(id);
          if ((await call('PUT', `tickets/${id}/lease`, token)).status !== 200) continue;
          const ticket = (await call('GET', `tickets/${id}`, token)).json as { version: number; evidenceHash: string };
          const roll = decisions % 5;
          const action = roll < 3 ? 'APPROVE' : roll === 3 ? 'REQUEST_INFO' : 'REJECT';
          const result = await call(
            'POST',
            `tickets/${id}/decisions`,
            token,
            {
              baseVersion: ticket.version,
              action,
              ...(action === 'APPROVE' ? { services: ['DISTACCO_TRANSNAZIONALE'] } : { reasonCodes: ['UNREADABLE'] }),
              evidenceHash: ticket.evidenceHash,
              deviceId: `bench-console-${index}`,
              decidedAt: new Date().toISOString(),
            },
            { 'Idempotency-Key': randomUUID() },
          );
          if (result.status === 201) decisions += 1;
        }
      }),
    ]);
    const elapsed = (performance.now() - started) / 1000;
    const sorted = latencies.sort((a, b) => a - b);
    return {
      consoles,
      duration_s: Math.round(elapsed * 10) / 10,
      requests: sorted.length,
      requests_per_s: Math.round(sorted.length / elapsed),
      decisions,
      conflicts,
      p50_ms: percentile(sorted, 50),
      p95_ms: percentile(sorted, 95),
      p99_ms: percentile(sorted, 99),
      errors,
    };
  } finally {
    await server.stop();
    dir.remove();
  }
}

/**
 * The web host for the decisions e2e, as its own process: the real host (`runWebHost`) with the
 * demo operator op-giulia signed in, whose central API — the reference API with the deterministic
 * demo data — sits behind a chaos proxy. Writing `offline` / `online` on stdin cuts and restores
 * the network between console and API (answered `network offline|online`), so the test takes the
 * console offline with no hook in the product. It also prints the API's own address, a second
 * operator's token (the "other console" that provokes conflicts) and URP Online's intake key
 * (new documents from the applicant).
 *
 * Usage: node test/e2e/decisions-host.ts --profile <dir> --tickets <n>
 */
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { runWebHost } from '../../electron/host/run-web-host.ts';
import { startApiServer } from '../../server/api-server.ts';
import { CIE_AUTH_POLICY } from '../../server/auth/cie-proof.ts';
import { certificatePolicies } from '../../server/auth/certificate-policies.ts';
import { seedDemoData } from '../../server/demo/seed.ts';
import { DEMO_STAFF } from '../../common/demo/identities.ts';
import { startChaosProxy } from '../support/chaos-proxy.ts';

const { values } = parseArgs({
  options: { profile: { type: 'string' }, tickets: { type: 'string', default: '20' } },
  strict: true,
});
const profileDir = path.resolve(values.profile ?? '');
const intakeKey = randomBytes(24).toString('base64url');
const server = await startApiServer({
  dbFile: path.join(profileDir, 'central-api.db'),
  port: 0,
  systemKey: intakeKey,
  version: 'e2e',
  trust: { roots: [], requiredPolicies: [CIE_AUTH_POLICY], policiesOf: certificatePolicies },
});
// The whole data set is in place before the console starts: what each test finds is known.
await seedDemoData(server, { count: Number(values.tickets), seed: 1 });
const proxy = await startChaosProxy(server.url, { seed: 1 });

const session = (id: string) => {
  const member = DEMO_STAFF.find((staff) => staff.id === id)!;
  return {
    token: server.people.openSession(id, 3600).token,
    operator: { id: member.id, name: member.name, role: member.role },
  };
};

createInterface({ input: process.stdin }).on('line', (line) => {
  const command = line.trim();
  if (command !== 'offline' && command !== 'online') return;
  proxy.setOffline(command === 'offline');
  process.stdout.write(`network ${command}\n`);
});

process.stdout.write(
  `Central API: ${server.url}\nOther operator token: ${session('op-marco').token}\nIntake key: ${intakeKey}\n`,
);
await runWebHost(['--port', '0', '--no-open', '--profile', profileDir], async () => ({
  url: proxy.url,
  session: session('op-giulia'),
  close: async () => {
    await proxy.close();
    await server.close();
  },
}));

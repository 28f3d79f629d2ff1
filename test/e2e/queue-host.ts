/**
 * The web host for the queue e2e, as its own process: the real host (`runWebHost`) with the demo
 * operator op-giulia signed in, in front of the reference API holding the deterministic demo data
 * (seed 1), seeded before the console starts so every test knows what it will find.
 *
 * Usage: node test/e2e/queue-host.ts --profile <dir> --tickets <n>
 */
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DEMO_STAFF } from '../../common/demo/identities.ts';
import { runWebHost } from '../../electron/host/run-web-host.ts';
import { startApiServer } from '../../server/api-server.ts';
import { certificatePolicies } from '../../server/auth/certificate-policies.ts';
import { CIE_AUTH_POLICY } from '../../server/auth/cie-proof.ts';
import { seedDemoData } from '../../server/demo/seed.ts';

const { values } = parseArgs({
  options: { profile: { type: 'string' }, tickets: { type: 'string', default: '24' } },
  strict: true,
});
const profileDir = path.resolve(values.profile ?? '');
const server = await startApiServer({
  dbFile: path.join(profileDir, 'central-api.db'),
  port: 0,
  systemKey: randomBytes(24).toString('base64url'),
  version: 'e2e',
  trust: { roots: [], requiredPolicies: [CIE_AUTH_POLICY], policiesOf: certificatePolicies },
});
await seedDemoData(server, { count: Number(values.tickets), seed: 1 });
const operator = DEMO_STAFF.find((member) => member.id === 'op-giulia')!;
const { token } = server.people.openSession(operator.id, 3600);

await runWebHost(['--port', '0', '--no-open', '--profile', profileDir], async () => ({
  url: server.url,
  session: { token, operator: { id: operator.id, name: operator.name, role: operator.role } },
  close: () => server.close(),
}));

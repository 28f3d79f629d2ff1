/** `npm run api -- --port <p> --db <file> [--demo <n>] [--seed <s>] [--trust <pem>] [--operators <json>]` */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { startApiServer } from './api-server.ts';
import { CIE_AUTH_POLICY } from './auth/cie-proof.ts';
import { certificatePolicies } from './auth/certificate-policies.ts';
import { readCertificates, readOperators } from './config/trust-files.ts';

const USAGE = `Usage: npm run api -- --port <n> --db <file> [options]
  --port <n>            TCP port on 127.0.0.1 (0 = any free port)
  --db <file>           SQLite database (created if missing)
  --demo <n>            add n demo tickets (deterministic for a seed)
  --seed <s>            demo data seed (default 1)
  --trust <pem>         CIE CA root certificates for login (repeatable)
  --operators <json>    operators to enroll: [{id, codiceFiscale, name, role, inTraining?}]
  --intake-key <key>    bearer key of URP Online's intake (default: ACCREDITA_INTAKE_KEY or random)`;

function fail(message: string): never {
  process.stderr.write(`accredita-api: ${message}\n${USAGE}\n`);
  process.exit(2);
}

let args;
try {
  args = parseArgs({
    options: {
      port: { type: 'string' },
      db: { type: 'string' },
      demo: { type: 'string' },
      seed: { type: 'string', default: '1' },
      trust: { type: 'string', multiple: true, default: [] },
      operators: { type: 'string' },
      'intake-key': { type: 'string' },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  }).values;
} catch (error) {
  fail((error as Error).message);
}
if (args.help) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}
const port = Number(args.port);
if (args.port === undefined || !Number.isInteger(port) || port < 0 || port > 65535) fail('--port must be 0–65535');
if (!args.db) fail('--db is required');
const demo = args.demo === undefined ? 0 : Number(args.demo);
if (!Number.isInteger(demo) || demo < 0 || demo > 1_000_000) fail('--demo must be a whole number up to 1,000,000');
const seed = Number(args.seed);
if (!Number.isInteger(seed)) fail('--seed must be a whole number');

try {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  const intakeKey = args['intake-key'] ?? process.env.ACCREDITA_INTAKE_KEY ?? randomBytes(24).toString('base64url');
  const server = await startApiServer({
    dbFile: args.db,
    port,
    systemKey: intakeKey,
    version: pkg.version,
    trust: {
      roots: args.trust.flatMap(readCertificates),
      requiredPolicies: [CIE_AUTH_POLICY],
      policiesOf: certificatePolicies,
    },
  });
  for (const operator of args.operators ? readOperators(args.operators) : []) server.people.enroll(operator);
  if (demo > 0) {
    const { seedDemoData } = await import('./demo/seed.ts');
    const summary = await seedDemoData(server, { count: demo, seed });
    process.stdout.write(`Demo data: ${JSON.stringify(summary)}\n`);
  }
  process.stdout.write(`Accredita central API listening on ${server.url}\n`);
  if (!args['intake-key'] && !process.env.ACCREDITA_INTAKE_KEY)
    process.stdout.write(`Intake key (this run): ${intakeKey}\n`);
  if (args.trust.length === 0) process.stdout.write('No --trust roots: no CIE login will be accepted.\n');
  const stop = (): void => void server.close().finally(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
} catch (error) {
  fail((error as Error).message);
}

import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { DEMO_STAFF } from '../../common/demo/identities.ts';
import { buildNodeBundle } from '../../scripts/lib/node-bundle.ts';
import { startApiServer } from '../../server/api-server.ts';
import { tempDir } from '../../test/support/temp-dir.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const HOST_DIR = path.join(root, 'out', 'bench-ui');
const HOST_ENTRY = path.join(HOST_DIR, 'signed-in-host.js');

/**
 * Bundles bench/ui/signed-in-host.ts the way `npm run web` is bundled, so the benchmark starts the
 * host in the form users run it, not from its TypeScript sources.
 */
export const buildSignedInHost = (): Promise<void> =>
  buildNodeBundle({ 'signed-in-host': 'bench/ui/signed-in-host.ts' }, HOST_DIR);

/** The reference central API in the benchmark's own process, empty, with a session open for an operator. */
export interface BenchApi {
  url: string;
  token: string;
  operatorId: string;
  close(): Promise<void>;
}

export async function startBenchApi(): Promise<BenchApi> {
  const dir = tempDir('bench-api');
  const server = await startApiServer({
    dbFile: path.join(dir.dir, 'central-api.db'),
    port: 0,
    systemKey: randomBytes(24).toString('base64url'),
    version: 'bench',
    trust: { roots: [], requiredPolicies: [], policiesOf: () => [] },
  });
  const operator = DEMO_STAFF[0]!;
  for (const member of DEMO_STAFF) server.people.enroll({ ...member });
  const { token } = server.people.openSession(operator.id, 3600);
  return {
    url: server.url,
    token,
    operatorId: operator.id,
    close: async () => {
      await server.close();
      dir.remove();
    },
  };
}

export interface SignedInHost {
  launchUrl: string;
  stop(): Promise<void>;
}

/** The bundled bench/ui/signed-in-host.ts (`buildSignedInHost`) as its own process on `profileDir`; resolves once it prints its URL. */
export async function spawnSignedInHost(profileDir: string, api: BenchApi, port = 0): Promise<SignedInHost> {
  // `--name=value`: a base64url token may start with '-', which parseArgs would take for an option.
  const args = [
    `--profile=${profileDir}`,
    `--api=${api.url}`,
    `--token=${api.token}`,
    `--operator=${api.operatorId}`,
    `--port=${port}`,
  ];
  const child = spawn(process.execPath, [HOST_ENTRY, ...args], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const errors: string[] = [];
  child.stderr.on('data', (chunk: Buffer) => errors.push(chunk.toString()));
  const launchUrl = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`web host did not start in 15 s:\n${errors.join('')}`)), 15_000);
    child.once('exit', (code) => reject(new Error(`web host exited with ${code}:\n${errors.join('')}`)));
    createInterface({ input: child.stdout }).on('line', (line) => {
      const match = /Open the console: (\S+)/.exec(line);
      if (!match?.[1]) return;
      clearTimeout(timer);
      resolve(match[1]);
    });
  });
  return {
    launchUrl,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

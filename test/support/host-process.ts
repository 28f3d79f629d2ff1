import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export interface HostProcess {
  url: string;
  launchUrl: string;
  secret: string;
  stop(): Promise<void>;
}

const root = fileURLToPath(new URL('../..', import.meta.url));

/**
 * Starts a web host as its own process, the way a user does, on a free port: `npm run web`'s entry
 * point by default, or a test host script (which takes `--profile`) with its arguments.
 */
export async function startHostProcess(
  profileDir: string,
  script?: { path: string; args: string[] },
): Promise<HostProcess> {
  const argv = script
    ? [script.path, '--profile', profileDir, ...script.args]
    : ['electron/host/cli.ts', '--port', '0', '--no-open', '--profile', profileDir];
  const child: ChildProcess = spawn(process.execPath, argv, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  const errors: string[] = [];
  child.stderr?.on('data', (chunk: Buffer) => errors.push(chunk.toString()));
  const launchUrl = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`web host did not start in 15 s:\n${errors.join('')}`)), 15_000);
    child.once('exit', (code) => reject(new Error(`web host exited with ${code}:\n${errors.join('')}`)));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const match = /Open the console: (\S+)/.exec(line);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
  });
  const [url, secret] = launchUrl.split('#k=') as [string, string];
  return {
    url,
    launchUrl,
    secret,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

/**
 * A test host script (test/e2e/*-host.ts) as its own process: it prints what a test needs on
 * stdout (the launch URL, a PIN, keys) and takes commands on stdin, each acknowledged on stdout.
 */
export interface ScriptedHost {
  child: ChildProcessWithoutNullStreams;
  launchUrl: string;
  /** The launch URL without its fragment, which carries the host secret. */
  origin: string;
  profileDir: string;
  stderr: string[];
  /** The first group (else the whole line) of the first stdout line matching, printed already or within `ms`. */
  printed(pattern: RegExp, ms?: number): Promise<string>;
  /** Writes a command and waits for its acknowledgement (`<command> done` unless said otherwise). */
  command(line: string, reply?: RegExp): Promise<void>;
  /** Resolves with the signal that ended the process, if one did. */
  stop(signal?: NodeJS.Signals): Promise<NodeJS.Signals | null>;
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export async function startScriptedHost(
  script: string,
  profileDir: string,
  args: string[],
  startupMs = 110_000,
): Promise<ScriptedHost> {
  const child = spawn(process.execPath, [script, '--profile', profileDir, ...args], {
    cwd: root,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const stderr: string[] = [];
  child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk.toString()));
  const lines: string[] = [];
  const listeners = new Set<(line: string | null) => void>();
  createInterface({ input: child.stdout }).on('line', (line) => {
    lines.push(line);
    for (const listener of [...listeners]) listener(line);
  });
  child.once('exit', () => [...listeners].forEach((listener) => listener(null)));

  const watch = (pattern: RegExp, ms: number, from: number) =>
    new Promise<string>((resolve, reject) => {
      const found = (line: string) => {
        const match = pattern.exec(line);
        return match ? (match[1] ?? line) : undefined;
      };
      for (const line of lines.slice(from)) {
        const value = found(line);
        if (value !== undefined) return resolve(value);
      }
      const fail = (why: string) => {
        clearTimeout(timer);
        listeners.delete(listener);
        reject(new Error(`${script}: no ${pattern} ${why}:\n${stderr.join('')}`));
      };
      const timer = setTimeout(() => fail(`in ${ms} ms`), ms);
      const listener = (line: string | null) => {
        if (line === null) return fail('before the host exited');
        const value = found(line);
        if (value === undefined) return;
        clearTimeout(timer);
        listeners.delete(listener);
        resolve(value);
      };
      listeners.add(listener);
    });

  const launchUrl = await watch(/Open the console: (\S+)/, startupMs, 0);
  return {
    child,
    launchUrl,
    origin: launchUrl.split('#')[0]!,
    profileDir,
    stderr,
    printed: (pattern, ms = 5_000) => watch(pattern, ms, 0),
    async command(line, reply = new RegExp(`^${escape(line)} done$`)) {
      const done = watch(reply, 5_000, lines.length);
      child.stdin.write(`${line}\n`);
      await done;
    },
    stop: (signal = 'SIGTERM') =>
      new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve(child.signalCode);
        child.once('exit', (_code, received) => resolve(received));
        child.kill(signal);
      }),
  };
}

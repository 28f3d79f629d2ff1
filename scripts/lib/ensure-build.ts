import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const projectRoot = fileURLToPath(new URL('../..', import.meta.url));
/** Where scripts/build-web-host.ts puts the web host's bundle, and the entry `npm run web` imports. */
export const WEB_HOST_OUT_DIR = path.join(projectRoot, 'out', 'web');
export const WEB_CONSOLE_FILE = path.join(WEB_HOST_OUT_DIR, 'web-console.js');
export const WEB_CONSOLE_ENTRY = pathToFileURL(WEB_CONSOLE_FILE).href;
const BUILT = [path.join(projectRoot, 'out', 'renderer', 'index.html'), WEB_CONSOLE_FILE];
const SOURCES = ['common', 'electron', 'renderer', 'server', 'scripts', 'electron.vite.config.ts', 'package.json'];

function newestMtime(entry: string): number {
  const info = statSync(entry, { throwIfNoEntry: false });
  if (!info) return 0;
  if (!info.isDirectory()) return info.mtimeMs;
  return readdirSync(entry).reduce(
    (newest, name) => Math.max(newest, newestMtime(path.join(entry, name))),
    info.mtimeMs,
  );
}

/**
 * Builds main, preload and renderer with electron-vite, and the web host's bundle, when out/ is
 * missing or older than the sources.
 */
export function ensureBuilt(): void {
  const built = Math.min(...BUILT.map((file) => statSync(file, { throwIfNoEntry: false })?.mtimeMs ?? 0));
  const changed = Math.max(...SOURCES.map((source) => newestMtime(path.join(projectRoot, source))));
  if (built > changed) return;
  process.stdout.write('Building the console (electron-vite build, then the web host)…\n');
  const steps: [string, string[]][] = [
    [path.join(projectRoot, 'node_modules', '.bin', 'electron-vite'), ['build', '--logLevel', 'warn']],
    [process.execPath, [path.join(projectRoot, 'scripts', 'build-web-host.ts')]],
  ];
  for (const [command, args] of steps) {
    const result = spawnSync(command, args, { cwd: projectRoot, stdio: 'inherit' });
    if (result.status === 0) continue;
    process.stderr.write('accredita: the build failed; see the messages above.\n');
    process.exit(result.status ?? 1);
  }
}

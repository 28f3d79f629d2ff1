import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const projectRoot = fileURLToPath(new URL('../..', import.meta.url));
const SOURCES = ['common', 'electron', 'renderer', 'electron.vite.config.ts', 'package.json'];

function newestMtime(entry: string): number {
  const info = statSync(entry, { throwIfNoEntry: false });
  if (!info) return 0;
  if (!info.isDirectory()) return info.mtimeMs;
  return readdirSync(entry).reduce(
    (newest, name) => Math.max(newest, newestMtime(path.join(entry, name))),
    info.mtimeMs,
  );
}

/** Builds main, preload and renderer with electron-vite when out/ is missing or older than the sources. */
export function ensureBuilt(): void {
  const built =
    statSync(path.join(projectRoot, 'out', 'renderer', 'index.html'), { throwIfNoEntry: false })?.mtimeMs ?? 0;
  const changed = Math.max(...SOURCES.map((source) => newestMtime(path.join(projectRoot, source))));
  if (built > changed) return;
  process.stdout.write('Building the console (electron-vite build)…\n');
  const result = spawnSync(
    path.join(projectRoot, 'node_modules', '.bin', 'electron-vite'),
    ['build', '--logLevel', 'warn'],
    {
      cwd: projectRoot,
      stdio: 'inherit',
    },
  );
  if (result.status !== 0) {
    process.stderr.write('accredita: the build failed; see the messages above.\n');
    process.exit(result.status ?? 1);
  }
}

/**
 * `npm start`: the desktop app. When the Electron runtime cannot be obtained (no binary and no
 * way to download it), say so in one line and serve the same console from the web host.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { ensureBuilt, projectRoot, WEB_CONSOLE_ENTRY } from './lib/ensure-build.ts';

/** Resolving the `electron` package downloads the binary on first use; give it time, not forever. */
function electronBinary(): string | undefined {
  const result = spawnSync(process.execPath, ['-e', "process.stdout.write(require('electron'))"], {
    cwd: projectRoot,
    encoding: 'utf8',
    timeout: 5 * 60_000,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const binary = result.status === 0 ? result.stdout.trim() : '';
  return binary && existsSync(binary) ? binary : undefined;
}

ensureBuilt();
const electron = electronBinary();
if (electron) {
  const child = spawn(electron, [projectRoot, ...process.argv.slice(2)], { stdio: 'inherit' });
  child.on('exit', (code, signal) => process.exit(signal ? 1 : (code ?? 0)));
} else {
  process.stdout.write(
    'Electron runtime not available on this machine (binary missing and download failed): serving the console from the web host instead.\n',
  );
  await import(WEB_CONSOLE_ENTRY);
}

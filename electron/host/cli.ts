import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createServices } from '../services/index.ts';
import { createLogger, errorFields } from '../services/log/logger.ts';
import { defaultProfileDir } from '../services/runtime/profile-dir.ts';
import { findChromium, openInAppMode } from './browser-launcher.ts';
import { startWebHost } from './web-host.ts';

const USAGE = `Usage: npm run web -- [--port <n>] [--profile <dir>] [--no-open]
  --port <n>        TCP port on 127.0.0.1 (0 = any free port; default 5173)
  --profile <dir>   profile directory (default: the desktop app's profile)
  --renderer <dir>  built renderer to serve (default: out/renderer)
  --no-open         do not open a browser window`;

const projectRoot = fileURLToPath(new URL('../..', import.meta.url));
const log = createLogger('host');

function fatal(message: string): never {
  process.stderr.write(`accredita: ${message}\n${USAGE}\n`);
  process.exit(2);
}

function parse() {
  try {
    const { values } = parseArgs({
      options: {
        port: { type: 'string', default: '5173' },
        profile: { type: 'string' },
        renderer: { type: 'string' },
        'no-open': { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
      strict: true,
    });
    return values;
  } catch (error) {
    return fatal((error as Error).message);
  }
}

const args = parse();
if (args.help) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}
const port = Number(args.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) fatal(`--port must be 0–65535, got "${args.port}"`);

const pkg = JSON.parse(readFileSync(path.join(projectRoot, 'package.json'), 'utf8')) as {
  productName: string;
  version: string;
};
const profileDir = path.resolve(args.profile ?? defaultProfileDir(pkg.productName));
const rendererDir = path.resolve(args.renderer ?? path.join(projectRoot, 'out', 'renderer'));

try {
  const services = createServices({
    identity: { name: pkg.productName, version: pkg.version, host: 'web', platform: process.platform },
    profileDir,
    log,
  });
  const host = await startWebHost({ services, rendererDir, port, log });
  process.stdout.write(`Accredita web host listening on ${host.url}\nOpen the console: ${host.launchUrl}\n`);

  if (!args['no-open']) {
    const browser = findChromium();
    const headless = process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY;
    if (headless) process.stdout.write('No graphical display: open the link above in a browser.\n');
    else if (browser) openInAppMode(browser, host.launchUrl, profileDir);
    else process.stdout.write('No Chromium, Chrome or Edge found: open the link above in your browser.\n');
  }

  const stop = (): void => {
    void host
      .close()
      .then(() => services.close())
      .finally(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
} catch (error) {
  log.error('web host failed to start', errorFields(error));
  const code = (error as NodeJS.ErrnoException).code;
  fatal(
    code === 'EADDRINUSE' ? `port ${port} is already in use; choose another with --port` : (error as Error).message,
  );
}

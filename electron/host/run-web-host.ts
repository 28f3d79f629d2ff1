import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createServices } from '../services/index.ts';
import { createLogger, errorFields, type Logger } from '../services/log/logger.ts';
import { defaultProfileDir } from '../services/runtime/profile-dir.ts';
import { keyFileSealer } from '../services/security/sealer.ts';
import type { Session } from '../services/session/session.ts';
import { openSettingsStore } from '../services/settings/settings-store.ts';
import { findChromium, openInAppMode } from './browser-launcher.ts';
import { startWebHost } from './web-host.ts';

const USAGE = `Usage: npm run web -- [--port <n>] [--profile <dir>] [--no-open]
  --port <n>        TCP port on 127.0.0.1 (0 = any free port; default 5173)
  --profile <dir>   profile directory (default: web-host/ inside the desktop app's profile)
  --renderer <dir>  built renderer to serve (default: out/renderer)
  --no-open         do not open a browser window`;

/** A central API the host starts itself when none is configured (demo mode), with the demo operator signed in. */
export type DemoApiStarter = (
  profileDir: string,
  log: Logger,
) => Promise<{ url: string; session: Session; close(): Promise<void> }>;

const projectRoot = fileURLToPath(new URL('../..', import.meta.url));

function fatal(message: string): never {
  process.stderr.write(`accredita: ${message}\n${USAGE}\n`);
  process.exit(2);
}

function parse(argv: string[]) {
  try {
    return parseArgs({
      args: argv,
      options: {
        port: { type: 'string', default: '5173' },
        profile: { type: 'string' },
        renderer: { type: 'string' },
        'no-open': { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
      strict: true,
    }).values;
  } catch (error) {
    return fatal((error as Error).message);
  }
}

/**
 * The web host as a program: parses its arguments, starts the services (and, in demo mode, the
 * central API the caller provides), serves the console on loopback and opens it.
 */
export async function runWebHost(argv: string[], startDemoApi?: DemoApiStarter): Promise<void> {
  const log = createLogger('host');
  const args = parse(argv);
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
  // Not the desktop app's own folder: two sync engines must never share one cache, and the
  // desktop app seals its key with the OS keystore while the web host uses a key file.
  const profileDir = path.resolve(args.profile ?? path.join(defaultProfileDir(pkg.productName), 'web-host'));
  const rendererDir = path.resolve(args.renderer ?? path.join(projectRoot, 'out', 'renderer'));

  try {
    const configured = openSettingsStore(profileDir, log.child('settings')).get().apiUrl;
    const demoApi = !configured && startDemoApi ? await startDemoApi(profileDir, log.child('demo-api')) : undefined;
    const services = createServices({
      identity: { name: pkg.productName, version: pkg.version, host: 'web', platform: process.platform },
      profileDir,
      log,
      sealer: keyFileSealer(),
      ...(demoApi ? { demoApiUrl: demoApi.url, session: demoApi.session } : {}),
    });
    const host = await startWebHost({ services, rendererDir, port, log });
    if (demoApi) process.stdout.write(`Demo central API (reference, in-process): ${demoApi.url}\n`);
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
        .then(() => demoApi?.close())
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
}

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createLogger, errorFields, type Logger } from '../services/log/logger.ts';
import { enableCompileCache } from '../services/runtime/compile-cache.ts';
import { defaultProfileDir } from '../services/runtime/profile-dir.ts';
import { keyFileSealer } from '../services/security/sealer.ts';
import type { Session } from '../services/session/session.ts';
import type { CardReaders } from '../services/card/card-readers.ts';
import type { CardTrust } from '../services/card/cie/index.ts';
import { findChromium, openInAppMode } from './browser-launcher.ts';
import { startServicesThread, type HostedServices } from './services-thread.ts';

const USAGE = `Usage: npm run web -- [--port <n>] [--profile <dir>] [--no-open]
  --port <n>        TCP port on 127.0.0.1 (0 = any free port; default 5173)
  --profile <dir>   profile directory (default: web-host/ inside the desktop app's profile)
  --renderer <dir>  built renderer to serve (default: out/renderer)
  --no-open         do not open a browser window`;

/**
 * A central API the host starts itself when none is configured (demo mode), with either a session
 * already open (tests) or a demo card to sign in with (the virtual CIE and its trust material).
 */
export type DemoApiStarter = (
  profileDir: string,
  log: Logger,
) => Promise<{
  url: string;
  session?: Session;
  card?: { readers: CardReaders; trust: CardTrust; pin: string };
  close(): Promise<void>;
}>;

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

  const identity = { name: pkg.productName, version: pkg.version, host: 'web' as const, platform: process.platform };
  enableCompileCache(profileDir);
  // First of all: the services' modules take most of start-up, and load in their own thread while
  // this one gets ready and serves the page.
  const thread = startServicesThread({ identity, profileDir, logScope: 'host' }, (reason) =>
    fatal(`the console services stopped (${reason}); see the log above`),
  );

  try {
    const { startWebHost } = await import('./web-host.ts');
    let demoApi: Awaited<ReturnType<DemoApiStarter>> | undefined;
    const loadServices = async (): Promise<HostedServices> => {
      const { openSettingsStore } = await import('../services/settings/settings-store.ts');
      const configured = openSettingsStore(profileDir, log.child('settings')).get().apiUrl;
      const demo = !configured && startDemoApi ? await startDemoApi(profileDir, log.child('demo-api')) : undefined;
      demoApi = demo;
      if (demo) process.stdout.write(`Demo central API (reference, in-process): ${demo.url}\n`);
      // The demo card is a live object of this thread: with it, the services live here too.
      if (demo?.card) {
        const [{ createServices }] = await Promise.all([import('../services/index.ts'), thread.cancel()]);
        return createServices({
          identity,
          profileDir,
          log,
          sealer: keyFileSealer(),
          demoApiUrl: demo.url,
          ...(demo.session ? { session: demo.session } : {}),
          cardReaders: demo.card.readers,
          cardTrust: demo.card.trust,
          demoPin: demo.card.pin,
        });
      }
      return thread.create({
        ...(demo ? { demoApiUrl: demo.url } : {}),
        ...(demo?.session ? { session: demo.session } : {}),
      });
    };
    // Listening and sending the page come first, so the browser parses it while this thread reads
    // the settings (their schemas' modules) and the services start; the page's calls wait for them.
    let begin = () => {};
    const services = new Promise<void>((resolve) => (begin = resolve)).then(loadServices);
    services.catch(() => undefined);
    const host = await startWebHost({ services, rendererDir, port, log });
    process.stdout.write(`Accredita web host listening on ${host.url}\nOpen the console: ${host.launchUrl}\n`);
    void host.pageServed.then(begin);
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
        .then(() => services)
        .then((started) => started.close())
        .then(() => demoApi?.close())
        .finally(() => process.exit(0));
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    await services;
  } catch (error) {
    log.error('web host failed to start', errorFields(error));
    const code = (error as NodeJS.ErrnoException).code;
    fatal(
      code === 'EADDRINUSE' ? `port ${port} is already in use; choose another with --port` : (error as Error).message,
    );
  }
}

/**
 * What `npm run web` runs, bundled to out/web/ (scripts/build-web-host.ts): the web host with
 * the reference API in demo mode, as the desktop app runs electron-vite's bundle, not its sources.
 */
import { runWebHost } from '../electron/host/run-web-host.ts';
import { startDemoApi } from './lib/demo-api.ts';

await runWebHost(process.argv.slice(2), startDemoApi);

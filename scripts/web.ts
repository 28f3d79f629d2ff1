/** `npm run web -- --port <p> [--no-open]`: the web host, with the reference API in demo mode. */
import { runWebHost } from '../electron/host/run-web-host.ts';
import { startDemoApi } from './lib/demo-api.ts';
import { ensureBuilt } from './lib/ensure-build.ts';

ensureBuilt();
await runWebHost(process.argv.slice(2), startDemoApi);

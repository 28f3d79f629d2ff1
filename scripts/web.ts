/** `npm run web -- --port <p> [--no-open]`: the web host alone, serving a fresh build. */
import { ensureBuilt } from './lib/ensure-build.ts';

ensureBuilt();
await import('../electron/host/cli.ts');

/** `npm run web -- --port <p> [--no-open]`: the web host, with the reference API in demo mode. */
import { ensureBuilt, WEB_CONSOLE_ENTRY } from './lib/ensure-build.ts';

ensureBuilt();
await import(WEB_CONSOLE_ENTRY);

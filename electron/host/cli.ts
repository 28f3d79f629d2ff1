/** The web host alone, with no central API of its own (tests; `npm run web` adds the demo API). */
import { runWebHost } from './run-web-host.ts';

await runWebHost(process.argv.slice(2));

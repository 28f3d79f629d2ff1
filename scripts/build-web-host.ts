/** `npm run build`'s second half: the web host (`npm run web`) bundled to out/web/. */
import { WEB_HOST_OUT_DIR } from './lib/ensure-build.ts';
import { buildNodeBundle } from './lib/node-bundle.ts';

await buildNodeBundle({ 'web-console': 'scripts/web-console.ts' }, WEB_HOST_OUT_DIR);

import { defineConfig } from '@playwright/test';

/** `npm run test:electron`: drives the real desktop app; needs the Electron binary (not in `npm test`). */
export default defineConfig({
  testDir: '.',
  testMatch: '*.spec.ts',
  outputDir: '../../test-results/electron',
  timeout: 60_000,
  workers: 1,
  reporter: [['list']],
});

import { _electron as electron, expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { tempDir } from '../support/temp-dir.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

test('the desktop app opens a sandboxed window that reaches the services only through the bridge', async () => {
  const profile = tempDir('electron-profile');
  const app = await electron.launch({ args: [root, `--user-data-dir=${profile.dir}`], cwd: root });
  try {
    const page = await app.firstWindow();
    await expect(page.getByTestId('connection')).toHaveText('Connesso');
    expect(page.url()).toMatch(/^app:\/\/accredita\//);

    const exposed = await page.evaluate(() => ({
      require: typeof (globalThis as { require?: unknown }).require,
      process: typeof (globalThis as { process?: unknown }).process,
      bridge: Object.keys((globalThis as { accredita?: object }).accredita ?? {}).sort(),
    }));
    expect(exposed).toEqual({ require: 'undefined', process: 'undefined', bridge: ['events', 'methods'] });

    await page.getByRole('link', { name: 'Impostazioni' }).click();
    await expect(page.getByTestId('app-version')).toHaveText(pkg.version);
    await expect(page.getByTestId('app-host')).toHaveText('Applicazione desktop');

    const opened = await page.evaluate(() => window.open('https://example.org') === null);
    expect(opened).toBe(true);
  } finally {
    await app.close();
    profile.remove();
  }
});

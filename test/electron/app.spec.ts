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
    const window = await app.firstWindow();
    await expect(window.getByTestId('connection')).toHaveText('Connesso');
    expect(window.url()).toMatch(/^app:\/\/accredita\//);

    const exposed = await window.evaluate(() => ({
      require: typeof (globalThis as { require?: unknown }).require,
      process: typeof (globalThis as { process?: unknown }).process,
      bridge: Object.keys((globalThis as { accredita?: object }).accredita ?? {}).sort(),
    }));
    expect(exposed).toEqual({ require: 'undefined', process: 'undefined', bridge: ['events', 'methods'] });

    const preferences = await app.evaluate(({ BrowserWindow }) => {
      const prefs = BrowserWindow.getAllWindows()[0]?.webContents.getLastWebPreferences();
      return {
        sandbox: prefs?.sandbox,
        contextIsolation: prefs?.contextIsolation,
        nodeIntegration: prefs?.nodeIntegration,
      };
    });
    expect(preferences).toEqual({ sandbox: true, contextIsolation: true, nodeIntegration: false });

    await window.getByRole('link', { name: 'Impostazioni' }).click();
    await expect(window.getByTestId('app-version')).toHaveText(pkg.version);
    await expect(window.getByTestId('app-host')).toHaveText('Applicazione desktop');

    const opened = await window.evaluate(() => window.open('https://example.org') === null);
    expect(opened).toBe(true);
  } finally {
    await app.close();
    profile.remove();
  }
});

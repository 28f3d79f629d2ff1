import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { WS_SECRET_PREFIX, WS_SUBPROTOCOL } from '../../common/contract/wire.ts';
import { tryConnect } from '../support/ws-client.ts';
import { expect, test } from './fixtures.ts';

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
const screenshot = fileURLToPath(new URL('../../docs/screenshots/shell.png', import.meta.url));

test.describe('console shell on the web host', () => {
  test('loads cleanly, removes the secret from the address bar and shows app.info', async ({
    page,
    host,
    problems,
  }) => {
    await page.goto(host.launchUrl);
    await expect(page.getByTestId('connection')).toHaveText('Connesso');
    await expect(page.getByTestId('demo-badge')).toBeVisible();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Coda delle pratiche');
    expect(page.url()).not.toContain(host.secret);
    await page.screenshot({ path: screenshot });

    await page.getByRole('link', { name: 'Impostazioni', exact: true }).click();
    await expect(page).toHaveURL(/\/impostazioni$/);
    await expect(page.getByTestId('app-version')).toHaveText(pkg.version);
    await expect(page.getByTestId('app-host')).toHaveText('Host web locale (127.0.0.1)');
    await expect(page.getByTestId('app-mode')).toContainText('Dimostrativa');
    expect(problems).toEqual([]);
  });

  test('switches IT↔EN and keeps the choice across reloads', async ({ page, host, problems }) => {
    await page.goto(host.launchUrl);
    await expect(page.getByRole('link', { name: 'Coda', exact: true })).toBeVisible();
    await page.getByTestId('locale-en').click();
    await expect(page.getByRole('link', { name: 'Queue', exact: true })).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');

    await page.reload();
    await expect(page.getByTestId('connection')).toHaveText('Connected');
    await expect(page.getByRole('link', { name: 'Queue', exact: true })).toBeVisible();
    await expect(page.getByTestId('locale-en')).toHaveAttribute('aria-pressed', 'true');

    await page.getByTestId('locale-it').click();
    await page.reload();
    await expect(page.getByRole('link', { name: 'Coda', exact: true })).toBeVisible();
    await expect(page).toHaveTitle('Coda · Accredita');
    expect(problems).toEqual([]);
  });

  test('delivers app.events: a language change reaches another open window live', async ({ page, context, host }) => {
    const other = await context.newPage();
    await page.goto(host.launchUrl);
    await other.goto(host.launchUrl);
    await expect(other.getByTestId('connection')).toHaveText('Connesso');

    await page.getByTestId('locale-en').click();
    await expect(other.getByRole('link', { name: 'Queue', exact: true })).toBeVisible();
    await expect(other.locator('html')).toHaveAttribute('lang', 'en');

    await other.getByTestId('locale-it').click();
    await expect(page.getByRole('link', { name: 'Coda', exact: true })).toBeVisible();
    await other.close();
  });

  test('a page opened without the secret cannot connect and says what to do', async ({ page, host }) => {
    await page.goto(host.url);
    await expect(page.getByTestId('connection')).toContainText('riapri la console dal link');
  });

  test('refuses, at the protocol level, a connection without the secret or from a foreign Origin', async ({ host }) => {
    const ws = `${host.url.replace('http', 'ws')}ws`;
    const origin = host.url.slice(0, -1);
    expect((await tryConnect(ws, { origin })).status).toBe(401);
    expect((await tryConnect(ws, { origin: 'https://phishing.example', secret: host.secret })).status).toBe(403);
    expect((await tryConnect(ws, { origin, protocols: [`${WS_SECRET_PREFIX}${host.secret}`] })).status).toBe(403);
    const accepted = await tryConnect(ws, { origin, protocols: [WS_SUBPROTOCOL, `${WS_SECRET_PREFIX}${host.secret}`] });
    expect(accepted.status).toBe(101);
    accepted.socket?.close();
  });
});

import { expect, type Page } from '@playwright/test';
import { fileURLToPath } from 'node:url';
import { expectNoAxeViolations, startLoginHost, testWithHost, type LoginHost } from './fixtures.ts';

const TICKETS = 24;
const WRONG_PIN = '00000000';
const screenshots = {
  login: fileURLToPath(new URL('../../docs/screenshots/login.png', import.meta.url)),
  lock: fileURLToPath(new URL('../../docs/screenshots/lock.png', import.meta.url)),
};

const test = testWithHost('e2e-login', (profileDir) => startLoginHost(profileDir, { tickets: TICKETS }));

const login = (page: Page) => page.getByTestId('login-view');
const overlay = (page: Page) => page.getByTestId('lock-overlay');
const readerState = (page: Page) => page.getByTestId('reader-state');
const failure = (page: Page) => page.getByTestId('auth-failure');
const pinIn = (page: Page) => page.getByTestId('pin-input');

async function typePin(page: Page, pin: string): Promise<void> {
  await pinIn(page).fill(pin);
  await pinIn(page).press('Enter');
}

async function openLogin(page: Page, host: LoginHost): Promise<void> {
  await page.goto(host.launchUrl);
  await expect(login(page)).toBeVisible({ timeout: 20_000 });
  await expect(readerState(page)).toHaveAttribute('data-state', /noCard|ready/);
}

async function signIn(page: Page, host: LoginHost): Promise<void> {
  await typePin(page, host.pin);
  await expect(page.getByTestId('queue-total')).toHaveText(`${TICKETS} pratiche`, { timeout: 20_000 });
}

test.describe.configure({ mode: 'serial' });

test.describe('CIE login', () => {
  test('the login screen says what the reader and card are doing, live', async ({ page, host, problems }) => {
    await openLogin(page, host);
    await expect(page).toHaveTitle('Accesso · Accredita');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Accedi ad Accredita');
    await expect(readerState(page)).toHaveText('Carta rilevata: digita il PIN.');
    await expect(page.getByTestId('reader')).toHaveCount(1);
    await expect(page.getByTestId('reader-card')).toHaveText('Carta presente');
    await expect(page.getByTestId('demo-pin')).toContainText(`Carta demo: PIN ${host.pin}`);
    await expect(pinIn(page)).toBeFocused();
    await expect(pinIn(page)).toHaveAttribute('type', 'password');
    await expect(pinIn(page)).toHaveAttribute('inputmode', 'numeric');
    await expect(pinIn(page)).toHaveAttribute('autocomplete', 'off');

    await host.command('remove');
    await expect(readerState(page)).toHaveText('Appoggia la tua CIE sul lettore.');
    await expect(page.getByTestId('reader-card')).toHaveText('Nessuna carta');
    await typePin(page, host.pin);
    await expect(failure(page)).toHaveAttribute('data-code', 'NO_CARD');
    await expect(failure(page)).toContainText('Nessuna carta sul lettore');
    await host.command('insert');
    await expect(readerState(page)).toHaveText('Carta rilevata: digita il PIN.');

    // Only digits reach the field, at most eight; a short PIN is explained, not sent.
    await pinIn(page).fill('');
    await pinIn(page).pressSequentially('12a-34');
    await expect(pinIn(page)).toHaveValue('1234');
    await pinIn(page).press('Enter');
    await expect(page.getByTestId('pin-too-short')).toHaveText('Il PIN è di 8 cifre: ne hai digitate 4.');
    await pinIn(page).pressSequentially('567890123');
    await expect(pinIn(page)).toHaveValue('12345678');
    await pinIn(page).fill('');
    expect(problems).toEqual([]);
  });

  test('a card whose holder is not enrolled is explained', async ({ page, host, problems }) => {
    await openLogin(page, host);
    await host.command('swap op-sara');
    await expect(readerState(page)).toHaveText('Carta rilevata: digita il PIN.');
    await typePin(page, host.pin);
    await expect(failure(page)).toHaveAttribute('data-code', 'UNKNOWN_OPERATOR', { timeout: 10_000 });
    await expect(failure(page)).toContainText('Chiedi al supervisore di abilitarti');
    await expect(pinIn(page)).toHaveValue('');
    await host.command('swap op-giulia');
    expect(problems).toEqual([]);
  });

  test('a wrong PIN shows the tries left and clears the field', async ({ page, host, problems }) => {
    await openLogin(page, host);
    await typePin(page, WRONG_PIN);
    await expect(failure(page)).toHaveAttribute('data-code', 'WRONG_PIN', { timeout: 10_000 });
    await expect(page.getByTestId('tries-left')).toHaveText('Restano 2 tentativi.');
    await expect(pinIn(page)).toHaveValue('');
    await expect(pinIn(page)).toBeFocused();
    await expect(pinIn(page)).toHaveAttribute('aria-invalid', 'true');
    expect(problems).toEqual([]);
  });

  test('axe finds nothing on the login screen, in Italian and in English', async ({ page, host, problems }) => {
    await openLogin(page, host);
    await typePin(page, WRONG_PIN);
    await expect(page.getByTestId('tries-left')).toHaveText(
      'Resta 1 tentativo: dopo un altro errore il PIN sarà bloccato.',
    );
    await page.screenshot({ path: screenshots.login });
    await expectNoAxeViolations(page, 'login it');
    await page.getByTestId('locale-en').click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Sign in to Accredita');
    await expect(page.getByTestId('tries-left')).toHaveText('1 try left: one more mistake blocks the PIN.');
    await expectNoAxeViolations(page, 'login en');
    await page.getByTestId('locale-it').click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Accedi ad Accredita');
    expect(problems).toEqual([]);
  });

  test('the right PIN opens the queue, with the operator in the header', async ({ page, host, problems }) => {
    await openLogin(page, host);
    await signIn(page, host);
    await expect(page).toHaveTitle('Coda · Accredita');
    await expect(page.getByTestId('session-operator')).toContainText('Giulia Bianchi');
    await expect(page.getByTestId('session-role')).toHaveText('Operatore');
    await expect(page.getByTestId('session-offline')).toHaveCount(0);
    await expect(page.getByTestId('session-announcement')).toHaveText('Accesso eseguito: Giulia Bianchi.');
    expect(problems).toEqual([]);
  });

  test('pulling the card covers the console at once; only the same card and PIN unlock it, as it was', async ({
    page,
    host,
    problems,
  }) => {
    await page.goto(host.launchUrl);
    await expect(page.getByTestId('queue-total')).toHaveText(`${TICKETS} pratiche`, { timeout: 20_000 });
    await page.getByTestId('queue-search').fill('bjornstad');
    await expect(page.getByTestId('queue-total')).toHaveText('1 pratica');

    const pulled = performance.now();
    await host.command('remove');
    await expect(overlay(page)).toBeVisible({ timeout: 1_000 });
    const lockMs = performance.now() - pulled;
    expect(lockMs).toBeLessThan(1_000);
    test.info().annotations.push({ type: 'lock_ms', description: lockMs.toFixed(0) });

    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Console bloccata — la carta è stata rimossa');
    await expect(page.getByTestId('lock-operator')).toHaveText('Sessione di Giulia Bianchi (Operatore)');
    await expect(readerState(page)).toHaveText('Rimetti sul lettore la CIE con cui hai effettuato l’accesso.');
    // Nothing behind is reachable: the workspace is inert, focus is in the overlay and stays there.
    await expect(page.locator('.app-root')).toHaveAttribute('inert', '');
    await expect(pinIn(page)).toBeFocused();
    // Tab goes round the overlay's own controls (and out to the browser, as a modal dialog lets it), never behind.
    const where: string[] = [];
    for (let i = 0; i < 10; i += 1) {
      await page.keyboard.press('Tab');
      where.push(
        await page.evaluate(() => {
          const active = document.activeElement;
          if (active?.closest('.app-root')) return 'workspace';
          return active?.closest('[data-testid="lock-overlay"]') ? 'overlay' : 'browser';
        }),
      );
    }
    expect(where).not.toContain('workspace');
    expect(where.filter((w) => w === 'overlay').length).toBeGreaterThanOrEqual(8);
    await page.keyboard.press('Escape');
    await expect(overlay(page)).toBeVisible();
    await expect(page.getByTestId('queue-search')).not.toBeFocused();
    expect(await page.getByTestId('queue-search').evaluate((el) => el.closest('[inert]') !== null)).toBe(true);

    await pinIn(page).focus();
    await page.screenshot({ path: screenshots.lock });
    await expectNoAxeViolations(page, 'lock it');
    await page.getByTestId('lock-overlay').getByTestId('locale-en').click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Console locked — the card was removed');
    await expectNoAxeViolations(page, 'lock en');
    await page.getByTestId('lock-overlay').getByTestId('locale-it').click();

    // Another person's card: refused, explained, still locked.
    await host.command('swap op-marco');
    await expect(readerState(page)).toHaveText('Carta rilevata: digita il PIN per sbloccare.');
    await typePin(page, host.pin);
    await expect(failure(page)).toHaveAttribute('data-code', 'DIFFERENT_CARD', { timeout: 10_000 });
    await expect(failure(page)).toContainText('Solo la carta che ha aperto la sessione può sbloccarla');
    await expect(overlay(page)).toBeVisible();

    // The same card and its PIN: the queue is back as it was left.
    await host.command('swap op-giulia');
    await typePin(page, host.pin);
    await expect(overlay(page)).toHaveCount(0, { timeout: 10_000 });
    await expect(page.locator('.app-root')).not.toHaveAttribute('inert');
    await expect(page.getByTestId('session-announcement')).toHaveText('Console sbloccata.');
    await expect(page.getByTestId('queue-search')).toHaveValue('bjornstad');
    await expect(page.getByTestId('queue-total')).toHaveText('1 pratica');
    await expect(page.getByTestId('queue-search')).toBeFocused();
    expect(problems).toEqual([]);
  });

  test('signing out from the lock and from the header returns to the login screen', async ({
    page,
    host,
    problems,
  }) => {
    await page.goto(host.launchUrl);
    await expect(page.getByTestId('queue-total')).toHaveText(`${TICKETS} pratiche`, { timeout: 20_000 });

    await host.command('remove');
    await expect(overlay(page)).toBeVisible();
    await page.getByTestId('lock-sign-out').click();
    await expect(login(page)).toBeVisible();
    await expect(overlay(page)).toHaveCount(0);
    await expect(page).toHaveURL(/\/coda$/);
    await expect(page.getByTestId('session-operator')).toHaveCount(0);
    await expect(page.getByTestId('session-announcement')).toHaveText('Sessione chiusa.');
    await expect(readerState(page)).toHaveText('Appoggia la tua CIE sul lettore.');

    await host.command('insert');
    await expect(readerState(page)).toHaveText('Carta rilevata: digita il PIN.');
    await signIn(page, host);
    // A fresh workspace: the search of the session before is gone.
    await expect(page.getByTestId('queue-search')).toHaveValue('');

    await page.getByTestId('sign-out').click();
    await expect(login(page)).toBeVisible();
    await expect(pinIn(page)).toBeFocused();
    expect(problems).toEqual([]);
  });

  test('signed in offline, then asked for the PIN when the server answers again', async ({ page, host, problems }) => {
    test.setTimeout(90_000);
    await openLogin(page, host);
    await host.command('offline');
    // The card signed in online on this workstation before: it may sign in against the cached trust.
    await signIn(page, host);
    await expect(page.getByTestId('session-offline')).toContainText('Offline');
    await expect(page.getByTestId('reauth-banner')).toHaveCount(0);
    // The engine has no token by design: the console says it works offline, not that a session expired.
    await expect(page.getByTestId('sync-offline')).toBeVisible();
    await expect(page.getByTestId('sync-unauthenticated')).toHaveCount(0);

    await host.command('online');
    const banner = page.getByTestId('reauth-banner');
    await expect(banner).toContainText('Il server è di nuovo raggiungibile: inserisci il PIN', { timeout: 30_000 });
    await expect(page.getByTestId('reauth-pending')).toHaveText('Nessuna decisione in attesa di invio.');
    await expect(page.getByTestId('sync-unauthenticated')).toHaveCount(0);
    await page.getByTestId('reauth-open').click();
    const dialog = page.getByTestId('reauth-dialog');
    await expect(dialog).toBeVisible();
    await expect(pinIn(page)).toBeFocused();
    await expectNoAxeViolations(page, 'reauth it');
    await page.keyboard.press('Escape');
    await expect(dialog).toHaveCount(0);
    await expect(page.getByTestId('reauth-open')).toBeFocused();

    await page.getByTestId('locale-en').click();
    await page.getByTestId('reauth-open').click();
    await expect(dialog.getByRole('heading', { level: 2 })).toHaveText('Sign in online again');
    await expectNoAxeViolations(page, 'reauth en');
    await typePin(page, host.pin);
    await expect(dialog).toHaveCount(0, { timeout: 10_000 });
    await expect(banner).toHaveCount(0);
    await expect(page.getByTestId('session-offline')).toHaveCount(0);
    await expect(page.getByTestId('session-announcement')).toHaveText(
      'Online again: the queued decisions are being sent.',
    );
    await page.getByTestId('locale-it').click();
    expect(problems).toEqual([]);
  });
});

import AxeBuilder from '@axe-core/playwright';
import { expect, type Locator, type Page } from '@playwright/test';
import { randomUUID } from 'node:crypto';
import type { Ticket } from '../../common/api/schemas.ts';
import { demoApplicant, type DemoApplicant } from '../../server/demo/population.ts';
import { startScriptedHost } from '../support/scripted-host.ts';
import { testWithHost } from './fixtures.ts';

/** Enough of the deterministic demo population (seed 1) to hold every kind of ticket these tests need. */
const TICKETS = 17;
const ONE_PIXEL_PNG =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

interface DecisionsHost {
  launchUrl: string;
  origin: string;
  /** Cuts or restores the network between the console and the central API. */
  network(state: 'offline' | 'online'): Promise<void>;
  /** The central API as another operator's console sees it (op-marco, straight to the API). */
  other: {
    get(id: string): Promise<Ticket>;
    claim(id: string): Promise<number>;
    decide(id: string, action: 'SEND_FORM'): Promise<number>;
    /** The applicant replies with one more page, as URP Online hands it over. */
    sendDocuments(id: string): Promise<number>;
  };
}

/** The web host with the demo data, signed in as op-giulia, behind a network the test can cut (decisions-host.ts). */
async function startDecisionsHost(profileDir: string): Promise<DecisionsHost & { stop(): Promise<unknown> }> {
  const host = await startScriptedHost(
    'test/e2e/decisions-host.ts',
    profileDir,
    ['--tickets', String(TICKETS)],
    90_000,
  );
  const [apiUrl, token, intakeKey] = [/^Central API: (\S+)/, /^Other operator token: (\S+)/, /^Intake key: (\S+)/].map(
    (pattern) => host.printed(pattern),
  );
  const api = await apiUrl;
  const bearer = { Authorization: `Bearer ${await token}` };
  const intake = { Authorization: `Bearer ${await intakeKey}`, 'Content-Type': 'application/json' };
  const get = async (id: string) => (await (await fetch(`${api}tickets/${id}`, { headers: bearer })).json()) as Ticket;
  return {
    launchUrl: host.launchUrl,
    origin: host.origin,
    network: (state) => host.command(state, new RegExp(`^network ${state}$`)),
    other: {
      get,
      claim: async (id) => (await fetch(`${api}tickets/${id}/lease`, { method: 'PUT', headers: bearer })).status,
      async decide(id, action) {
        const ticket = await get(id);
        const response = await fetch(`${api}tickets/${id}/decisions`, {
          method: 'POST',
          headers: { ...bearer, 'Content-Type': 'application/json', 'Idempotency-Key': randomUUID() },
          body: JSON.stringify({
            baseVersion: ticket.version,
            action,
            reasonCodes: [],
            countersignFlags: [],
            evidenceHash: ticket.evidenceHash,
            deviceId: 'other-console',
            decidedAt: new Date().toISOString(),
          }),
        });
        return response.status;
      },
      async sendDocuments(id) {
        const ticket = await get(id);
        const response = await fetch(`${api}tickets/${id}/emails`, {
          method: 'POST',
          headers: intake,
          body: JSON.stringify({
            from: ticket.applicant.email,
            subject: `Re: [Servizi Lavoro] ${id}`,
            receivedAt: new Date().toISOString(),
            attachments: [
              { filename: 'pagina-2.png', contentType: 'image/png', kind: 'OTHER', dataBase64: ONE_PIXEL_PNG },
            ],
          }),
        });
        return response.status;
      },
    },
    stop: () => host.stop(),
  };
}

const test = testWithHost('e2e-decisions', startDecisionsHost);

/** The demo applicants, as the seed made them; a ticket's id follows its index. */
const population: DemoApplicant[] = [];
for (let index = 0; index < TICKETS; index += 1)
  population.push(demoApplicant(1, index, new Date(), (i) => population[i]!));
const ticketId = (person: DemoApplicant) =>
  `UE-${new Date().getUTCFullYear()}-${String(person.index + 1).padStart(6, '0')}`;
function pick(what: string, fits: (person: DemoApplicant) => boolean, skip = 0): string {
  const found = population.filter(fits)[skip];
  if (!found) throw new Error(`no ${what} among the first ${TICKETS} demo tickets`);
  return ticketId(found);
}
const reviewable = (p: DemoApplicant) => p.targetState === 'DOCS_RECEIVED';
const clean = (p: DemoApplicant) =>
  reviewable(p) &&
  p.kind === 'eligible' &&
  !p.duplicateOf &&
  Object.keys(p.defects).every((defect) => defect === 'format');

const CLEAN = pick('clean ticket', clean);
const OFFLINE = pick('second clean ticket', clean, 1);
/** Opened for the accessibility checks without deciding, then overtaken by new documents. */
const AXE = pick('third clean ticket', clean, 2);
const BROKEN = pick('ticket with a form mismatch', (p) => reviewable(p) && p.defects.formMismatch === 'surname');
const ITALIAN_CF = pick('Italian-CF applicant', (p) => reviewable(p) && p.kind === 'italian-cf');
const EIDAS = pick('eIDAS applicant', (p) => reviewable(p) && p.kind === 'eidas');
const HELD = pick(
  'document about to expire',
  (p) => reviewable(p) && p.kind === 'eligible' && !!p.defects.expiringSoon,
);
const FRESH = pick('new request', (p) => p.targetState === 'NEW' && p.kind === 'eligible');

async function openTicket(page: Page, host: DecisionsHost, id: string): Promise<Locator> {
  await page.goto(host.launchUrl);
  await expect(page.getByTestId('connection')).toHaveText(/Connesso|Connected/);
  await page.goto(`${host.origin}pratica/${id}`);
  const bar = page.getByTestId('decision-bar');
  await expect(bar).toBeVisible({ timeout: 20_000 });
  return bar;
}

async function claim(bar: Locator): Promise<void> {
  await bar.getByTestId('claim').click();
  await expect(bar.getByTestId('lease-status')).toHaveAttribute('data-holder', 'me');
}

async function expectNoAxeViolations(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
}

const dialog = (page: Page) => page.getByRole('dialog');

test.describe('decisions on the web host', () => {
  test('claims a clean ticket and approves it with the keyboard only', async ({ page, host, problems }) => {
    test.setTimeout(60_000);
    const bar = await openTicket(page, host, CLEAN);
    await page.keyboard.press('c');
    await expect(bar.getByTestId('lease-status')).toHaveAttribute('data-holder', 'me');
    // Highlighted, never applied: the operator still opens the dialog and confirms.
    await expect(bar.getByTestId('suggested-action')).toHaveText('Approva', { timeout: 30_000 });
    await expect(bar.getByTestId('decide-APPROVE')).toContainText('Suggerita');

    await page.keyboard.press('3');
    await expect(dialog(page)).toBeVisible();
    await expect(dialog(page).getByTestId('dialog-APPROVE')).toBeVisible();
    // The services ticked on the PDF form are preselected; the preview must be ready before going on.
    await expect(dialog(page).locator('input[type=checkbox]:checked').first()).toBeVisible();
    await expect(dialog(page).getByTestId('mail-it')).toBeVisible();
    for (let presses = 0; presses < 20; presses += 1) {
      if (
        await dialog(page)
          .getByTestId('dialog-primary')
          .evaluate((el) => el === document.activeElement)
      )
        break;
      await page.keyboard.press('Tab');
    }
    await expect(dialog(page).getByTestId('dialog-primary')).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(dialog(page).getByTestId('dialog-confirm')).toBeFocused();
    await page.keyboard.press('Enter');

    await expect(dialog(page)).toBeHidden();
    await expect(bar.getByTestId('decision-sync')).toBeFocused();
    await expect(bar.getByTestId('decision-sync')).toHaveAttribute('data-sync', 'synced', { timeout: 15_000 });
    expect(['APPROVED', 'AWAITING_COUNTERSIGN']).toContain((await host.other.get(CLEAN)).state);
    expect(problems).toEqual([]);
  });

  test('a ticket another operator holds opens read-only, with their name', async ({ page, host, problems }) => {
    expect(await host.other.claim(HELD)).toBe(200);
    const bar = await openTicket(page, host, HELD);
    // The console learns of the claim from the change feed.
    await expect(bar.getByTestId('lease-holder')).toContainText('In carico a Marco Rossi', { timeout: 15_000 });
    await expect(bar.getByTestId('lease-holder')).toContainText('sola lettura');
    await expect(bar.getByTestId('claim')).toHaveCount(0);
    for (const action of ['SEND_FORM', 'REQUEST_INFO', 'APPROVE', 'REJECT', 'REDIRECT'])
      await expect(bar.getByTestId(`decide-${action}`)).toBeDisabled();
    await expect(bar.getByTestId('decision-blocked')).toHaveText('Sola lettura: la pratica è in carico a Marco Rossi.');
    await page.keyboard.press('3');
    await expect(page.getByRole('dialog')).toHaveCount(0);
    await expect(bar.getByTestId('decision-announcement')).toContainText('Marco Rossi');
    expect(problems).toEqual([]);
  });

  test('requests information on a ticket whose documents disagree', async ({ page, host, problems }) => {
    const bar = await openTicket(page, host, BROKEN);
    // The dialog's default reasons follow the checks: let the first read of the ID finish.
    await expect(page.getByTestId('cross-check')).toBeVisible({ timeout: 60_000 });
    await claim(bar);
    await bar.getByTestId('decide-REQUEST_INFO').click();
    const reason = dialog(page).getByTestId('reason-NAME_MISMATCH');
    await reason.check();
    await expect(dialog(page).getByTestId('reason-FALSIFIED')).toHaveCount(0);
    // The applicant's language and the Italian text, side by side.
    await expect(dialog(page).getByTestId('mail-it')).toContainText('Gentile');
    await expect(dialog(page).getByTestId('mail-en')).toContainText('Dear');
    await dialog(page).getByTestId('dialog-primary').click();

    await expect(bar.getByTestId('decision-sync')).toHaveAttribute('data-sync', 'synced', { timeout: 15_000 });
    const ticket = await host.other.get(BROKEN);
    expect(ticket.state).toBe('INFO_REQUESTED');
    expect(ticket.lastDecision?.reasonCodes).toContain('NAME_MISMATCH');
    expect(problems).toEqual([]);
  });

  for (const [id, target, reason] of [
    [ITALIAN_CF, 'SPID_CIE', 'HAS_ITALIAN_CF'],
    [EIDAS, 'EIDAS', 'EIDAS_AVAILABLE'],
  ] as const) {
    test(`redirects an applicant to ${target}`, async ({ page, host, problems }) => {
      const bar = await openTicket(page, host, id);
      await claim(bar);
      await page.keyboard.press('5');
      await dialog(page).getByTestId(`target-${target}`).check();
      await expect(dialog(page).getByTestId('mail-it')).toBeVisible();
      await dialog(page).getByTestId('dialog-primary').click();
      await expect(dialog(page).getByTestId('confirm-step')).toContainText(target === 'EIDAS' ? 'eIDAS' : 'SPID');
      await dialog(page).getByTestId('dialog-confirm').click();

      await expect(bar.getByTestId('decision-sync')).toHaveAttribute('data-sync', 'synced', { timeout: 15_000 });
      const ticket = await host.other.get(id);
      expect(ticket.state).toBe('REDIRECTED');
      expect(ticket.lastDecision?.reasonCodes).toEqual([reason]);
      expect(problems).toEqual([]);
    });
  }

  test('decides offline and synchronises when the network is back', async ({ page, host, problems }) => {
    const bar = await openTicket(page, host, OFFLINE);
    await claim(bar);
    await host.network('offline');
    try {
      await bar.getByTestId('decide-REQUEST_INFO').click();
      await dialog(page).getByTestId('reason-UNREADABLE').check();
      await dialog(page).getByTestId('dialog-primary').click();
      await expect(dialog(page)).toBeHidden();
      const sync = bar.getByTestId('decision-sync');
      await expect(sync).toHaveAttribute('data-sync', 'pending');
      await expect(sync).toContainText('in attesa di sincronizzazione');
      await expect(sync).toContainText('offline', { timeout: 15_000 });
      expect((await host.other.get(OFFLINE)).state).toBe('UNDER_REVIEW');
    } finally {
      await host.network('online');
    }
    await expect(bar.getByTestId('decision-sync')).toHaveAttribute('data-sync', 'synced', { timeout: 20_000 });
    expect((await host.other.get(OFFLINE)).state).toBe('INFO_REQUESTED');
    expect(problems).toEqual([]);
  });

  test('decision dialogs: accessible in Italian and English, Escape closes, focus stays inside and returns', async ({
    page,
    host,
    problems,
  }) => {
    test.setTimeout(120_000);
    for (const locale of ['it', 'en'] as const) {
      let bar = await openTicket(page, host, FRESH);
      await page.getByTestId(`locale-${locale}`).click();
      await expect(page.locator('html')).toHaveAttribute('lang', locale);
      const sendForm = bar.getByTestId('decide-SEND_FORM');
      await sendForm.click();
      await expect(dialog(page).getByTestId('mail-it')).toBeVisible();
      await expectNoAxeViolations(page);
      // Tab from the last control wraps to the first; Escape closes and gives focus back to the button.
      await expect(dialog(page).getByTestId('dialog-primary')).toBeFocused();
      await page.keyboard.press('Tab');
      expect(await dialog(page).evaluate((el) => el.contains(document.activeElement))).toBe(true);
      await page.keyboard.press('Shift+Tab');
      await expect(dialog(page).getByTestId('dialog-primary')).toBeFocused();
      await page.keyboard.press('Escape');
      await expect(dialog(page)).toBeHidden();
      await expect(sendForm).toBeFocused();

      bar = await openTicket(page, host, AXE);
      if ((await bar.getByTestId('lease-status').getAttribute('data-holder')) !== 'me') await claim(bar);
      for (const [key, action] of [
        ['2', 'REQUEST_INFO'],
        ['3', 'APPROVE'],
        ['4', 'REJECT'],
        ['5', 'REDIRECT'],
      ] as const) {
        await page.keyboard.press(key);
        await expect(dialog(page).getByTestId(`dialog-${action}`)).toBeVisible();
        if (action === 'REQUEST_INFO' || action === 'REJECT')
          await dialog(page).getByTestId('reason-UNREADABLE').check();
        if (action === 'REDIRECT') await dialog(page).getByTestId('target-CLICLAVORO').check();
        await expect(dialog(page).getByTestId('mail-it')).toBeVisible();
        await expectNoAxeViolations(page);
        if (action !== 'REQUEST_INFO') {
          await dialog(page).getByTestId('dialog-primary').click();
          await expect(dialog(page).getByTestId('confirm-step')).toBeVisible();
          await expectNoAxeViolations(page);
        }
        await page.keyboard.press('Escape');
        await expect(dialog(page)).toBeHidden();
      }
    }
    await page.getByTestId('locale-it').click();
    expect(problems).toEqual([]);
  });

  test('a conflict with another console shows who decided what, and is resolved', async ({ page, host, problems }) => {
    const bar = await openTicket(page, host, FRESH);
    await host.network('offline');
    try {
      expect(await host.other.decide(FRESH, 'SEND_FORM')).toBe(201);
      await page.keyboard.press('1');
      await dialog(page).getByTestId('dialog-primary').click();
      await expect(bar.getByTestId('decision-sync')).toHaveAttribute('data-sync', 'pending');
    } finally {
      await host.network('online');
    }
    await expect(bar.getByTestId('decision-sync')).toHaveAttribute('data-sync', 'conflict', { timeout: 20_000 });

    await bar.getByTestId('resolve-conflict').click();
    const conflict = dialog(page);
    await expect(conflict.getByTestId('conflict-theirs')).toContainText('Invia modulo, di Marco Rossi');
    await expect(conflict.getByTestId('conflict-ours')).toContainText('Invia modulo');
    await expect(conflict.getByTestId('conflict-state')).toHaveText('Modulo inviato');
    await expectNoAxeViolations(page);
    await conflict.getByTestId('conflict-keep').click();

    await expect(conflict).toBeHidden();
    await expect(bar.getByTestId('decision-sync')).not.toHaveAttribute('data-sync', 'conflict');
    await expect(bar.getByTestId('decide-REJECT')).toBeEnabled();
    await expect(bar.getByTestId('decide-SEND_FORM')).toBeDisabled();
    expect(problems).toEqual([]);
  });

  test('a decision overtaken by new documents is decided again on the new version', async ({
    page,
    host,
    problems,
  }) => {
    const bar = await openTicket(page, host, AXE);
    await expect(bar.getByTestId('lease-status')).toHaveAttribute('data-holder', 'me');
    await host.network('offline');
    try {
      expect(await host.other.sendDocuments(AXE)).toBe(200);
      await bar.getByTestId('decide-REJECT').click();
      await dialog(page).getByTestId('reason-UNREADABLE').check();
      await dialog(page).getByTestId('dialog-primary').click();
      await dialog(page).getByTestId('dialog-confirm').click();
      await expect(bar.getByTestId('decision-sync')).toHaveAttribute('data-sync', 'pending');
    } finally {
      await host.network('online');
    }
    await expect(bar.getByTestId('decision-sync')).toHaveAttribute('data-sync', 'conflict', { timeout: 20_000 });

    await bar.getByTestId('resolve-conflict').click();
    await expect(dialog(page)).toContainText('La pratica è cambiata');
    await dialog(page).getByTestId('conflict-redecide').click();
    // Deciding again starts from the decision that was refused, on the ticket as it is now.
    await expect(dialog(page).getByTestId('dialog-REJECT')).toBeVisible();
    await dialog(page).getByTestId('reason-UNREADABLE').check();
    await dialog(page).getByTestId('dialog-primary').click();
    await dialog(page).getByTestId('dialog-confirm').click();

    await expect(bar.getByTestId('decision-sync')).toHaveAttribute('data-sync', 'synced', { timeout: 15_000 });
    const ticket = await host.other.get(AXE);
    expect(ticket.state).toBe('REJECTED');
    expect(ticket.attachments.map((a) => a.filename)).toContain('pagina-2.png');
    expect(problems).toEqual([]);
  });
});

import AxeBuilder from '@axe-core/playwright';
import { test as base, expect, type Page } from '@playwright/test';
import { startHostProcess } from '../support/host-process.ts';
import { startScriptedHost, type ScriptedHost } from '../support/scripted-host.ts';
import { tempDir } from '../support/temp-dir.ts';

/** Console errors and uncaught exceptions of a page; a clean page has none. */
export function collectProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning')
      problems.push(`${message.type()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  return problems;
}

/**
 * Playwright's `test` with one host per worker, started by `start` in a fresh profile folder and
 * stopped after the worker's last test, and a `problems` fixture that fails a test whose page
 * logged an error or a warning.
 */
export function testWithHost<Host extends { stop(): Promise<unknown> }>(
  profileName: string,
  start: (profileDir: string) => Promise<Host>,
) {
  return base.extend<{ problems: string[] }, { host: Host }>({
    host: [
      // eslint-disable-next-line no-empty-pattern -- Playwright requires the destructuring form
      async ({}, use) => {
        const profile = tempDir(profileName);
        const host = await start(profile.dir);
        await use(host);
        await host.stop();
        profile.remove();
      },
      { scope: 'worker', timeout: 120_000 },
    ],
    problems: async ({ page }, use) => {
      const problems = collectProblems(page);
      await use(problems);
      expect(problems, 'the page logged errors or warnings').toEqual([]);
    },
  });
}

/** The shell behind a signed-in operator (test/e2e/login.spec.ts covers the sign-in itself). */
export const test = testWithHost('e2e-profile', (profileDir) =>
  startHostProcess(profileDir, { path: 'test/e2e/queue-host.ts', args: ['--tickets', '0'] }),
);

export type LoginHost = ScriptedHost & { pin: string };

/**
 * login-host.ts: the web host with nobody signed in, a virtual CIE (`card`'s, op-giulia's by
 * default) in an in-process reader, and the reference API behind a network the test can cut.
 */
export async function startLoginHost(
  profileDir: string,
  options: { tickets: number; card?: string },
): Promise<LoginHost> {
  const host = await startScriptedHost('test/e2e/login-host.ts', profileDir, [
    '--tickets',
    String(options.tickets),
    ...(options.card ? ['--card', options.card] : []),
  ]);
  return Object.assign(host, { pin: await host.printed(/^Card PIN: (\d{8})$/) });
}

/** axe over the whole page; `where` names the view in the failure. */
export async function expectNoAxeViolations(page: Page, where: string): Promise<void> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  expect(violations.map((v) => `${where}: ${v.id} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`)).toEqual([]);
}

export { expect };

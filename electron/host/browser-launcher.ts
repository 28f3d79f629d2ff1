import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import path from 'node:path';

const CANDIDATES: Record<string, string[]> = {
  linux: [
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
    '/usr/bin/google-chrome',
    '/usr/bin/google-chrome-stable',
    '/usr/bin/microsoft-edge',
  ],
  darwin: [
    '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
    '/Applications/Chromium.app/Contents/MacOS/Chromium',
    '/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge',
  ],
  win32: [
    path.join(process.env.PROGRAMFILES ?? 'C:\\Program Files', 'Google\\Chrome\\Application\\chrome.exe'),
    path.join(
      process.env['PROGRAMFILES(X86)'] ?? 'C:\\Program Files (x86)',
      'Microsoft\\Edge\\Application\\msedge.exe',
    ),
  ],
};

/** A Chromium-family browser installed on this machine, which can open the console in app mode. */
export function findChromium(platform = process.platform): string | undefined {
  return (CANDIDATES[platform] ?? []).find((candidate) => {
    try {
      accessSync(candidate, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/** Opens the console in its own app window with a browser profile kept inside ours. */
export function openInAppMode(browser: string, url: string, profileDir: string): void {
  const args = [
    `--app=${url}`,
    `--user-data-dir=${path.join(profileDir, 'browser')}`,
    '--no-first-run',
    '--no-default-browser-check',
    // Applicant data must never be offered to an online translation service.
    '--disable-features=Translate',
  ];
  // Chromium refuses to run as root without this; a root session is a dev or kiosk machine.
  if (process.getuid?.() === 0) args.push('--no-sandbox');
  spawn(browser, args, { detached: true, stdio: 'ignore' }).unref();
}

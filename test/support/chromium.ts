import { existsSync } from 'node:fs';

export const CHROMIUM = process.env.ACCREDITA_CHROMIUM ?? '/usr/bin/chromium';

/**
 * Debian's Chromium, never a downloaded browser. Background networking is off because this
 * machine has no network and Chromium would otherwise fill the log with refused connections.
 */
export function chromiumLaunchOptions() {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM}: install Debian's package (apt-get install chromium) or set ACCREDITA_CHROMIUM`,
    );
  }
  return {
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  };
}

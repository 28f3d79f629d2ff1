import { mkdirSync, readFileSync, renameSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { DEFAULT_LOCALE } from '../../../common/i18n/locales.ts';
import { LocaleSchema } from '../../../common/contract/methods.ts';
import { CardTrustFilesSchema } from '../card/cie/trust.ts';
import type { Logger } from '../log/logger.ts';
import { writeAtomically } from '../runtime/atomic-file.ts';

const LOOPBACK = /^(127(?:\.\d{1,3}){3}|\[::1\]|localhost)$/;

export const SettingsSchema = z.strictObject({
  locale: LocaleSchema.default(DEFAULT_LOCALE),
  /**
   * Base URL of the central API; absent means demo mode with the embedded reference API. HTTPS,
   * except on this machine's loopback (the reference API, a local proxy): session tokens and
   * identity documents never cross a network in clear.
   */
  apiUrl: z
    .url({ protocol: /^https?$/ })
    .refine((url) => url.startsWith('https:') || LOOPBACK.test(new URL(url).hostname), {
      message: 'The central API must be reached over https:// (http:// only on 127.0.0.1, ::1 or localhost)',
    })
    .optional(),
  /** The CIE trust material files (docs/cie-login.md says where a deployer gets them). */
  cieTrust: CardTrustFilesSchema.optional(),
  /**
   * Update checks (desktop app only): absent or not enabled means off. `url` replaces the
   * feed built into the package (electron-builder.yml `publish`); HTTPS only, the installer runs code.
   */
  updates: z
    .strictObject({
      enabled: z.boolean(),
      url: z.url({ protocol: /^https$/ }).optional(),
    })
    .optional(),
});
export type Settings = z.output<typeof SettingsSchema>;

export interface SettingsStore {
  get(): Settings;
  update(patch: Partial<Settings>): Settings;
}

/**
 * Settings as a JSON file in the profile. Writes go to a temporary file that is flushed and
 * renamed over the old one, so a crash never leaves half a file. An unreadable file is kept
 * beside the new one for support instead of being overwritten.
 */
export function openSettingsStore(profileDir: string, log: Logger): SettingsStore {
  const file = path.join(profileDir, 'settings.json');
  mkdirSync(profileDir, { recursive: true, mode: 0o700 });
  let current = load(file, log);

  return {
    get: () => current,
    update(patch) {
      const next = SettingsSchema.parse({ ...current, ...patch });
      writeAtomically(file, `${JSON.stringify(next, null, 2)}\n`);
      current = next;
      return current;
    },
  };
}

function load(file: string, log: Logger): Settings {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return SettingsSchema.parse({});
    throw error;
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    raw = undefined;
  }
  const parsed = SettingsSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const aside = `${file}.unreadable-${Date.now()}`;
  renameSync(file, aside);
  log.warn('settings file unreadable; kept aside and defaults used', { kept: path.basename(aside) });
  return SettingsSchema.parse({});
}

import type { Settings } from '../services/settings/settings-store.ts';
import type { Logger } from '../services/log/logger.ts';

export type UpdatePlan =
  | { check: false; reason: 'disabled' | 'unpackaged' }
  /** `feedUrl` null: the feed built into the package (`app-update.yml`, from electron-builder.yml `publish`). */
  | { check: true; feedUrl: string | null };

/**
 * Whether this start looks for an update. Off unless the settings turn it on: installers are
 * normally rolled out by the Ministry's software distribution, and a workstation must not fetch
 * code from anywhere IT did not name. An unpackaged app has no feed and nothing to replace.
 */
export function updatePlan(updates: Settings['updates'], isPackaged: boolean): UpdatePlan {
  if (!updates?.enabled) return { check: false, reason: 'disabled' };
  if (!isPackaged) return { check: false, reason: 'unpackaged' };
  return { check: true, feedUrl: updates.url ?? null };
}

/** The part of electron-updater's `autoUpdater` used here; tests pass a fake. */
export interface AppUpdaterLike {
  logger: unknown;
  setFeedURL(options: { provider: 'generic'; url: string; channel: string }): void;
  checkForUpdatesAndNotify(): Promise<unknown>;
}

/** Carries out the plan: one check at start; a found update downloads and installs at quit. */
export async function checkForUpdates(plan: UpdatePlan, updater: () => Promise<AppUpdaterLike>, log: Logger) {
  if (!plan.check) {
    log.info('update checks off', { reason: plan.reason });
    return;
  }
  const autoUpdater = await updater();
  autoUpdater.logger = {
    info: (message: unknown) => log.info('updater', { message: String(message) }),
    warn: (message: unknown) => log.warn('updater', { message: String(message) }),
    error: (message: unknown) => log.error('updater', { message: String(message) }),
    debug: () => {},
  };
  if (plan.feedUrl) autoUpdater.setFeedURL({ provider: 'generic', url: plan.feedUrl, channel: 'latest' });
  try {
    await autoUpdater.checkForUpdatesAndNotify();
  } catch (error) {
    // An unreachable feed is no reason to stop the console: the next start tries again.
    log.warn('update check failed', { reason: (error as Error).message });
  }
}

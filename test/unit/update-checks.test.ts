import { describe, expect, it } from 'vitest';
import { checkForUpdates, updatePlan, type AppUpdaterLike } from '../../electron/main/update-checks.ts';
import { createLogger } from '../../electron/services/log/logger.ts';
import { SettingsSchema } from '../../electron/services/settings/settings-store.ts';

const FEED = 'https://updates.example.org/accredita';

function fakeUpdater(fails = false) {
  const calls: string[] = [];
  const updater: AppUpdaterLike = {
    logger: null,
    setFeedURL: (options) => calls.push(`feed ${options.provider} ${options.url} ${options.channel}`),
    checkForUpdatesAndNotify: async () => {
      calls.push('check');
      if (fails) throw new Error('getaddrinfo ENOTFOUND updates.example.org');
      return null;
    },
  };
  return { updater, calls };
}

describe('update checks', () => {
  it('are off by default: a profile without the setting never checks', () => {
    const defaults = SettingsSchema.parse({});
    expect(defaults.updates).toBeUndefined();
    expect(updatePlan(defaults.updates, true)).toEqual({ check: false, reason: 'disabled' });
  });

  it('are on only when the settings say so, and only in a packaged app', () => {
    const on = SettingsSchema.parse({ updates: { enabled: true } }).updates;
    expect(updatePlan(on, true)).toEqual({ check: true, feedUrl: null });
    expect(updatePlan(on, false)).toEqual({ check: false, reason: 'unpackaged' });
    const elsewhere = SettingsSchema.parse({ updates: { enabled: true, url: FEED } }).updates;
    expect(updatePlan(elsewhere, true)).toEqual({ check: true, feedUrl: FEED });
    expect(updatePlan({ enabled: false, url: FEED }, true)).toEqual({ check: false, reason: 'disabled' });
  });

  it('accept only an HTTPS feed address and nothing but enabled and url', () => {
    expect(SettingsSchema.safeParse({ updates: { enabled: true, url: 'http://updates.example.org' } }).success).toBe(
      false,
    );
    expect(SettingsSchema.safeParse({ updates: { enabled: true, url: 'file:///tmp/feed' } }).success).toBe(false);
    expect(SettingsSchema.safeParse({ updates: { enabled: 'yes' } }).success).toBe(false);
    expect(SettingsSchema.safeParse({ updates: { url: FEED } }).success).toBe(false);
    expect(SettingsSchema.safeParse({ updates: { enabled: true, channel: 'beta' } }).success).toBe(false);
  });

  it('do not even load electron-updater when off', async () => {
    let loaded = false;
    await checkForUpdates(
      { check: false, reason: 'disabled' },
      async () => {
        loaded = true;
        return fakeUpdater().updater;
      },
      createLogger('test', 'error', () => {}),
    );
    expect(loaded).toBe(false);
  });

  it('check the configured generic feed, or the packaged one, and survive an unreachable feed', async () => {
    const lines: string[] = [];
    const log = createLogger('test', 'info', (line) => lines.push(line));
    const configured = fakeUpdater();
    await checkForUpdates({ check: true, feedUrl: FEED }, async () => configured.updater, log);
    expect(configured.calls).toEqual([`feed generic ${FEED} latest`, 'check']);

    const packaged = fakeUpdater(true);
    await checkForUpdates({ check: true, feedUrl: null }, async () => packaged.updater, log);
    expect(packaged.calls).toEqual(['check']);
    expect(lines.some((line) => line.includes('update check failed') && line.includes('ENOTFOUND'))).toBe(true);
  });
});

import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../electron/services/log/logger.ts';
import { openSettingsStore } from '../../electron/services/settings/settings-store.ts';

const lines: string[] = [];
const log = createLogger('test', 'debug', (line) => lines.push(line));
let dir: string;

beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'accredita-settings-'));
  lines.length = 0;
});

describe('settings store', () => {
  it('starts in Italian with no central API configured', () => {
    expect(openSettingsStore(dir, log).get()).toEqual({ locale: 'it' });
  });

  it('persists a change for the next start, leaving no temporary file', () => {
    openSettingsStore(dir, log).update({ locale: 'en' });
    expect(openSettingsStore(dir, log).get().locale).toBe('en');
    expect(readdirSync(dir)).toEqual(['settings.json']);
  });

  it('refuses an invalid value and keeps the stored one', () => {
    const store = openSettingsStore(dir, log);
    store.update({ locale: 'en' });
    expect(() => store.update({ locale: 'xx' as never })).toThrow();
    expect(() => store.update({ apiUrl: 'ftp://central' })).toThrow();
    // Tokens and identity documents never cross a network in clear.
    expect(() => store.update({ apiUrl: 'http://central.lavoro.gov.it/api/' })).toThrow(/https/);
    expect(() => store.update({ apiUrl: 'http://127.0.0.1.evil.example/' })).toThrow(/https/);
    expect(store.get().locale).toBe('en');
    expect(JSON.parse(readFileSync(path.join(dir, 'settings.json'), 'utf8'))).toEqual({ locale: 'en' });
  });

  it('accepts the central API over HTTPS anywhere and over HTTP on loopback only', () => {
    const store = openSettingsStore(dir, log);
    for (const apiUrl of [
      'https://central.lavoro.gov.it/api/',
      'http://127.0.0.1:8080/',
      'http://[::1]:9/',
      'http://localhost/',
    ])
      expect(store.update({ apiUrl }).apiUrl).toBe(apiUrl);
  });

  it('keeps an unreadable file aside instead of overwriting it', () => {
    writeFileSync(path.join(dir, 'settings.json'), '{"locale": "it", trailing garbage');
    const store = openSettingsStore(dir, log);
    expect(store.get()).toEqual({ locale: 'it' });
    const aside = readdirSync(dir).find((name) => name.startsWith('settings.json.unreadable-'));
    expect(aside).toBeDefined();
    expect(readFileSync(path.join(dir, aside ?? ''), 'utf8')).toContain('trailing garbage');
    expect(lines.some((line) => line.includes('settings file unreadable'))).toBe(true);
  });
});

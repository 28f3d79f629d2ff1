import { X509Certificate } from 'node:crypto';
import { statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AboutSchema } from '../../common/contract/app-methods.ts';
import { aboutConsole, trustStatus } from '../../electron/services/app/about.ts';
import { openTicketMemory } from '../../electron/services/session/open-ticket.ts';
import { createVirtualCiePki } from '../../server/demo/virtual-cie/index.ts';
import { tempDir } from '../support/temp-dir.ts';

const identity = { name: 'Accredita', version: '1.2.3', host: 'electron' as const, platform: 'linux' };

describe('About: version and trust material', () => {
  it('counts the CSCA and CA certificates and names the soonest expiry', async () => {
    const trust = (await createVirtualCiePki()).cardTrust();
    const expiries = [...trust.cscaCertificates, ...trust.authenticationChain].map((der) =>
      Date.parse(new X509Certificate(der).validTo),
    );
    const about = await aboutConsole(
      identity,
      { node: '22.18.0', electron: '38.1.0', chrome: '140.0.7339.80' },
      async () => trust,
    );
    expect(AboutSchema.parse(about)).toEqual({
      ...identity,
      versions: { node: '22.18.0', electron: '38.1.0', chrome: '140.0.7339.80' },
      trust: {
        state: 'loaded',
        detail: null,
        cscaCertificates: trust.cscaCertificates.length,
        caCertificates: trust.authenticationChain.length,
        nearestExpiry: new Date(Math.min(...expiries)).toISOString(),
      },
    });
    expect(about.trust.cscaCertificates).toBeGreaterThan(0);
    expect(about.trust.caCertificates).toBeGreaterThan(0);
  });

  it('says why the trust material is missing, and that the web host has no Electron', async () => {
    const status = await trustStatus(() => Promise.reject(new Error('No CIE trust material is configured')));
    expect(status).toEqual({
      state: 'missing',
      detail: 'No CIE trust material is configured',
      cscaCertificates: 0,
      caCertificates: 0,
      nearestExpiry: null,
    });
    const about = await aboutConsole({ ...identity, host: 'web' }, { node: '22.18.0' }, async () => {
      throw new Error('unreadable');
    });
    expect(about.versions).toEqual({ node: '22.18.0', electron: null, chrome: null });
  });
});

describe('the open ticket in the profile', () => {
  const dirs: { remove(): void }[] = [];
  afterEach(() => dirs.splice(0).forEach((dir) => dir.remove()));
  const profile = () => {
    const dir = tempDir('open-ticket');
    dirs.push(dir);
    return dir.dir;
  };

  it('survives a new process (a fresh memory on the same folder) and is only its operator’s', () => {
    const dir = profile();
    openTicketMemory(dir).remember('op-giulia', 'UE-2026-000123');
    const after = openTicketMemory(dir);
    expect(after.recall('op-marco')).toBeNull();
    expect(after.recall('op-giulia')).toBe('UE-2026-000123');
    // Once per run: a page reloaded in the same run does not jump back to it.
    expect(after.recall('op-giulia')).toBeNull();
    expect(statSync(path.join(dir, 'open-ticket.json')).mode & 0o777).toBe(0o600);
  });

  it('forgets on null and on forget(), and treats a damaged file as nothing to reopen', () => {
    const dir = profile();
    const memory = openTicketMemory(dir);
    memory.remember('op-giulia', 'UE-1');
    memory.remember('op-giulia', null);
    expect(openTicketMemory(dir).recall('op-giulia')).toBeNull();
    memory.remember('op-giulia', 'UE-2');
    const next = openTicketMemory(dir);
    next.forget();
    expect(next.recall('op-giulia')).toBeNull();
    expect(openTicketMemory(dir).recall('op-giulia')).toBeNull();
    writeFileSync(path.join(dir, 'open-ticket.json'), '{"version":1,"operatorId":"op-giulia"');
    expect(openTicketMemory(dir).recall('op-giulia')).toBeNull();
    writeFileSync(
      path.join(dir, 'open-ticket.json'),
      JSON.stringify({ version: 2, operatorId: 'op-giulia', ticketId: 'UE-3' }),
    );
    expect(openTicketMemory(dir).recall('op-giulia')).toBeNull();
  });
});

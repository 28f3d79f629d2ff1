/**
 * electron-builder.yml as electron-builder reads it: valid against the schema the installed
 * version ships, every fuse decided, the deb's Depends complete, the installers configured as
 * docs/packaging.md says.
 */
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { builderSchema, defaultDebDepends, loadBuilderConfig } from './electron-builder.ts';

const config = loadBuilderConfig();

describe('electron-builder.yml', () => {
  it("matches electron-builder's own JSON schema", () => {
    const ajv = new Ajv({ allErrors: true, strict: false });
    addFormats.default(ajv);
    const validate = ajv.compile(builderSchema());
    expect(validate(config), JSON.stringify(validate.errors, null, 2)).toBe(true);
    // The schema refuses what electron-builder would silently ignore: a misspelt key fails here.
    expect(validate({ ...config, nsis: { ...(config.nsis as object), perMachin: true } })).toBe(false);
  });

  it('declares every fuse the schema knows, each as a deliberate boolean', () => {
    const definitions = builderSchema().definitions as Record<string, { properties: Record<string, unknown> }>;
    const known = Object.keys(definitions.FuseOptionsV1!.properties).sort();
    expect(Object.keys(config.electronFuses).sort()).toEqual(known);
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      loadBrowserProcessSpecificV8Snapshot: false,
      grantFileProtocolExtraPrivileges: false,
      resetAdHocDarwinSignature: false,
    });
    // Only-load-from-asar needs an archive to load from.
    expect(config.asar).toBe(true);
  });

  it("keeps electron-builder's default deb Depends and adds the PC/SC daemon and library", () => {
    const defaults = defaultDebDepends();
    expect(defaults.length).toBeGreaterThan(5);
    expect(config.deb.depends).toEqual(expect.arrayContaining([...defaults, 'pcscd', 'libpcsclite1']));
    expect(new Set(config.deb.depends).size).toBe(config.deb.depends.length);
  });

  it('builds a deb and an AppImage for Linux and a per-machine NSIS installer for Windows', () => {
    const linux = config.linux as { target: string[]; icon: string };
    const win = config.win as { target: { target: string }[]; icon: string };
    const nsis = config.nsis as Record<string, unknown>;
    expect(linux.target).toEqual(['deb', 'AppImage']);
    expect(win.target.map((t) => t.target)).toEqual(['nsis']);
    expect(nsis).toMatchObject({ oneClick: false, perMachine: true, deleteAppDataOnUninstall: false });
    expect(linux.icon).toBe('resources/icons');
    expect(win.icon).toBe('resources/icons/icon.ico');
  });

  it('publishes a generic feed for electron-updater whose address the packaging machine provides', () => {
    expect(config.publish).toMatchObject({ provider: 'generic', url: '${env.ACCREDITA_UPDATE_URL}' });
  });

  it('never rebuilds native modules against the wrong headers', () => {
    expect(config).toMatchObject({ npmRebuild: false, nodeGypRebuild: false, buildDependenciesFromSource: false });
  });

  it('ships resources/ beside the archive, without the icon sources', () => {
    expect(config.extraResources).toEqual([{ from: 'resources', to: 'resources', filter: ['**/*', '!icons/**'] }]);
  });
});

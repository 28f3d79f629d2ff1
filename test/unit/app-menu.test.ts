import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import { APP_COMMANDS, type AppCommand } from '../../common/contract/app-methods.ts';
import { appMenuTemplate, type AppMenuState } from '../../electron/main/app-menu.ts';

function build(state: Partial<AppMenuState> = {}) {
  const sent: AppCommand[] = [];
  let quits = 0;
  const template = appMenuTemplate(
    { locale: 'it', role: 'operator', locked: false, ...state },
    { send: (command) => sent.push(command), quit: () => (quits += 1) },
  );
  const items = template.flatMap((menu) => menu.submenu as MenuItemConstructorOptions[]);
  const item = (id: string) => items.find((entry) => entry.id === id);
  const click = (id: string) => (item(id)!.click as unknown as () => void)();
  return { template, items, item, click, sent, quits: () => quits };
}

describe('application menu', () => {
  it('lists the console commands and help in Italian, each sending its command to the page', () => {
    const menu = build({ role: 'supervisor' });
    expect(menu.template.map((entry) => entry.label)).toEqual(['&Console', '&Aiuto']);
    const labelled = menu.items.filter((entry) => entry.type !== 'separator').map((entry) => entry.label);
    expect(labelled).toEqual([
      'Coda',
      'Prossima pratica',
      'Cerca',
      'Storico',
      'Impostazioni',
      'Ricarica dati',
      'Blocca',
      'Esci',
      'Scorciatoie da tastiera',
      'Informazioni su Accredita',
    ]);
    for (const command of APP_COMMANDS) {
      menu.click(command);
    }
    expect(menu.sent).toEqual([...APP_COMMANDS]);
    menu.click('quit');
    expect(menu.quits()).toBe(1);
  });

  it('follows the app locale', () => {
    const labels = build({ locale: 'en', role: 'supervisor' })
      .items.filter((entry) => entry.type !== 'separator')
      .map((entry) => entry.label);
    expect(labels).toEqual([
      'Queue',
      'Next ticket',
      'Search',
      'History',
      'Settings',
      'Reload data',
      'Lock',
      'Quit',
      'Keyboard shortcuts',
      'About Accredita',
    ]);
  });

  it('offers History to supervisors only', () => {
    expect(build({ role: 'operator' }).item('history')).toBeUndefined();
    expect(build({ role: 'supervisor' }).item('history')).toBeDefined();
  });

  it('gives every command a distinct accelerator with a modifier or a function key, so typing never triggers one', () => {
    const accelerators = build({ role: 'supervisor' })
      .items.map((entry) => entry.accelerator)
      .filter((accelerator): accelerator is string => typeof accelerator === 'string');
    expect(accelerators).toEqual([
      'CmdOrCtrl+1',
      'CmdOrCtrl+N',
      'CmdOrCtrl+F',
      'CmdOrCtrl+2',
      'CmdOrCtrl+,',
      'F5',
      'CmdOrCtrl+L',
      'CmdOrCtrl+Q',
      'F1',
    ]);
    expect(new Set(accelerators).size).toBe(accelerators.length);
    for (const accelerator of accelerators) expect(accelerator).toMatch(/^(CmdOrCtrl\+.|F\d+)$/);
  });

  it('disables the workspace commands before sign-in and while locked; About and Quit always work', () => {
    for (const state of [{ role: null }, { role: 'operator', locked: true }] as const) {
      const menu = build(state);
      const enabled = menu.items
        .filter((entry) => entry.type !== 'separator' && entry.enabled !== false)
        .map((entry) => entry.id);
      expect(enabled).toEqual(['quit', 'about']);
    }
  });
});

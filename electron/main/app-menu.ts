import type { MenuItemConstructorOptions } from 'electron';
import type { AppCommand } from '../../common/contract/app-methods.ts';
import type { Locale } from '../../common/i18n/locales.ts';

export interface AppMenuState {
  locale: Locale;
  /** Who is signed in; null before sign-in: only language-free items (help, quit) work then. */
  role: 'operator' | 'supervisor' | null;
  /** The console is locked: nothing reaches the covered workspace. */
  locked: boolean;
}

export interface AppMenuActions {
  /** Asks the page to do `command` (the `app.command` event). */
  send(command: AppCommand): void;
  quit(): void;
}

const LABELS = {
  it: {
    console: '&Console',
    queue: 'Coda',
    next: 'Prossima pratica',
    search: 'Cerca',
    history: 'Storico',
    settings: 'Impostazioni',
    sync: 'Ricarica dati',
    lock: 'Blocca',
    quit: 'Esci',
    help: '&Aiuto',
    shortcuts: 'Scorciatoie da tastiera',
    about: 'Informazioni su Accredita',
  },
  en: {
    console: '&Console',
    queue: 'Queue',
    next: 'Next ticket',
    search: 'Search',
    history: 'History',
    settings: 'Settings',
    sync: 'Reload data',
    lock: 'Lock',
    quit: 'Quit',
    help: '&Help',
    shortcuts: 'Keyboard shortcuts',
    about: 'About Accredita',
  },
} as const satisfies Record<Locale, Record<string, string>>;

/**
 * Accelerators take a modifier (or are function keys) so they never swallow a letter typed into
 * a field; Ctrl+R and F5 become "reload data", which also keeps them from reloading the page.
 */
const ACCELERATORS: Readonly<Partial<Record<AppCommand | 'quit', string>>> = {
  queue: 'CmdOrCtrl+1',
  next: 'CmdOrCtrl+N',
  search: 'CmdOrCtrl+F',
  history: 'CmdOrCtrl+2',
  settings: 'CmdOrCtrl+,',
  sync: 'F5',
  lock: 'CmdOrCtrl+L',
  quit: 'CmdOrCtrl+Q',
  shortcuts: 'F1',
};

/** The application menu as a template (pure: Electron's `Menu.buildFromTemplate` turns it into a menu). */
export function appMenuTemplate(state: AppMenuState, actions: AppMenuActions): MenuItemConstructorOptions[] {
  const text = LABELS[state.locale];
  const working = state.role !== null && !state.locked;
  const command = (id: AppCommand, enabled = working): MenuItemConstructorOptions => ({
    id,
    label: text[id],
    enabled,
    click: () => actions.send(id),
    ...(ACCELERATORS[id] ? { accelerator: ACCELERATORS[id] } : {}),
  });
  return [
    {
      label: text.console,
      submenu: [
        command('queue'),
        command('next'),
        command('search'),
        ...(state.role === 'supervisor' ? [command('history')] : []),
        command('settings'),
        { type: 'separator' },
        command('sync'),
        command('lock'),
        { type: 'separator' },
        { id: 'quit', label: text.quit, accelerator: ACCELERATORS.quit, click: () => actions.quit() },
      ],
    },
    {
      label: text.help,
      submenu: [command('shortcuts', working), command('about', true)],
    },
  ];
}

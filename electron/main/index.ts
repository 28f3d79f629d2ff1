import { app, BrowserWindow, ipcMain, Menu, Notification, protocol, safeStorage, session } from 'electron';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { EVENT_NAMES, ipcEventChannel } from '../../common/contract/names.ts';
import { createServices } from '../services/index.ts';
import { createLogger, errorFields } from '../services/log/logger.ts';
import { openSettingsStore } from '../services/settings/settings-store.ts';
import { APP_ORIGIN, handleAppProtocol, registerAppScheme } from './app-protocol.ts';
import { appMenuTemplate, type AppMenuState } from './app-menu.ts';
import { desktopNotifier } from './desktop-notifications.ts';
import { registerContractIpc } from './ipc.ts';
import { safeStorageSealer } from './safe-storage-sealer.ts';
import { holdSingleInstance } from './single-instance.ts';
import { applySecurityPolicy } from './security-policy.ts';
import { originOf } from './trusted-sender.ts';
import { checkForUpdates, updatePlan } from './update-checks.ts';
import { mainWindowOptions } from './window-options.ts';

const log = createLogger('main');
const preloadPath = fileURLToPath(new URL('../preload/index.cjs', import.meta.url));
const rendererDir = fileURLToPath(new URL('../renderer', import.meta.url));
// Versioned data (eIDAS list, reasons, e-mail and form templates) ships beside app.asar
// (`extraResources` in electron-builder.yml); unpackaged, it is the repository's resources/.
const resourcesDir = app.isPackaged
  ? path.join(process.resourcesPath, 'resources')
  : fileURLToPath(new URL('../../resources', import.meta.url));
// Set by `electron-vite dev` only; a packaged app always loads from app://.
const devServerUrl = app.isPackaged ? undefined : process.env.ELECTRON_RENDERER_URL;
const trustedOrigins = [APP_ORIGIN, ...(devServerUrl ? [originOf(devServerUrl) ?? ''] : [])];

registerAppScheme(protocol);

let mainWindow: BrowserWindow | undefined;
const bringForward = () => {
  if (mainWindow?.isMinimized()) mainWindow.restore();
  mainWindow?.focus();
};

if (holdSingleInstance(app, bringForward)) {
  app.enableSandbox();

  app
    .whenReady()
    .then(() => {
      applySecurityPolicy(app, session.defaultSession, trustedOrigins);
      handleAppProtocol(protocol, rendererDir);
      const profileDir = app.getPath('userData');
      const settings = openSettingsStore(profileDir, log.child('settings')).get();
      const services = createServices({
        identity: { name: app.getName(), version: app.getVersion(), host: 'electron', platform: process.platform },
        profileDir,
        resourcesDir,
        log,
        // Linux's basic_text backend is no encryption at all; only an explicit opt-in accepts it.
        sealer: safeStorageSealer(
          safeStorage,
          process.platform,
          process.env.ACCREDITA_ALLOW_PLAINTEXT_KEYSTORE === '1',
        ),
        notify: {
          isFocused: () => mainWindow?.isFocused() ?? false,
          show: desktopNotifier(Notification, bringForward),
        },
      });
      const menu: AppMenuState = { locale: settings.locale, role: null, locked: false };
      const showMenu = () =>
        Menu.setApplicationMenu(
          Menu.buildFromTemplate(
            appMenuTemplate(menu, {
              send: (command) => services.events.publish('app.command', { command }),
              quit: () => app.quit(),
            }),
          ),
        );
      services.events.subscribe('app.events', (event) => {
        menu.locale = event.locale;
        showMenu();
      });
      services.events.subscribe('auth.events', ({ status }) => {
        const role = status.session?.operator.role ?? null;
        const locked = status.session?.locked ?? false;
        // Reader and busy changes come as auth events too: the menu changes only with the session.
        if (role === menu.role && locked === menu.locked) return;
        Object.assign(menu, { role, locked });
        showMenu();
      });
      showMenu();
      void checkForUpdates(
        updatePlan(settings.updates, app.isPackaged),
        async () => (await import('electron-updater')).default.autoUpdater,
        log.child('updates'),
      );
      registerContractIpc(ipcMain, services.dispatch, trustedOrigins);

      mainWindow = new BrowserWindow(mainWindowOptions(preloadPath));
      const contents = mainWindow.webContents;
      const unsubscribe = EVENT_NAMES.map((event) =>
        services.events.subscribe(event, (payload) => contents.send(ipcEventChannel(event), payload)),
      );
      mainWindow.once('ready-to-show', () => mainWindow?.show());
      mainWindow.on('closed', () => {
        unsubscribe.forEach((stop) => stop());
        mainWindow = undefined;
      });
      void mainWindow.loadURL(devServerUrl ?? `${APP_ORIGIN}/`);

      app.on('before-quit', () => void services.close());
    })
    .catch((error: unknown) => {
      log.error('start-up failed', errorFields(error));
      app.exit(1);
    });

  app.on('window-all-closed', () => app.quit());
}

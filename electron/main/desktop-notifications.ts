import type { DesktopNotification } from '../services/notifications/notifier.ts';

/** The part of Electron's `Notification` class used here; tests pass a fake. */
export interface NotificationClassLike {
  isSupported(): boolean;
  new (options: { title: string; body: string; silent?: boolean }): {
    on(event: 'click', listener: () => void): unknown;
    show(): void;
  };
}

/**
 * Shows what the services decided to notify (electron/services/notifications); a click brings
 * the console's window forward. Where the desktop has no notification service, nothing is shown:
 * the console's own banners say the same.
 */
export function desktopNotifier(Notification: NotificationClassLike, bringForward: () => void) {
  return (notification: DesktopNotification): void => {
    if (!Notification.isSupported()) return;
    const shown = new Notification({ title: notification.title, body: notification.body });
    shown.on('click', bringForward);
    shown.show();
  };
}

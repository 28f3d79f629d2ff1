import { describe, expect, it } from 'vitest';
import { desktopNotifier, type NotificationClassLike } from '../../electron/main/desktop-notifications.ts';

function fakeNotificationClass(supported: boolean) {
  const shown: { title: string; body: string }[] = [];
  const clicks: (() => void)[] = [];
  const Fake = class {
    static isSupported = () => supported;
    readonly options: { title: string; body: string };
    constructor(options: { title: string; body: string }) {
      this.options = options;
    }
    on(_event: 'click', listener: () => void) {
      clicks.push(listener);
      return this;
    }
    show() {
      shown.push(this.options);
    }
  } satisfies NotificationClassLike;
  return { Fake, shown, clicks };
}

const notification = { kind: 'assigned', title: 'Nuova pratica assegnata', body: 'UE-1', ticketIds: ['UE-1'] } as const;

describe('native notifications in the main process', () => {
  it('map the services’ decision to a Notification whose click brings the window forward', () => {
    const { Fake, shown, clicks } = fakeNotificationClass(true);
    let forward = 0;
    desktopNotifier(Fake, () => (forward += 1))({ ...notification, ticketIds: [...notification.ticketIds] });
    expect(shown).toEqual([{ title: 'Nuova pratica assegnata', body: 'UE-1' }]);
    clicks.forEach((click) => click());
    expect(forward).toBe(1);
  });

  it('show nothing where the desktop has no notification service', () => {
    const { Fake, shown } = fakeNotificationClass(false);
    desktopNotifier(Fake, () => {})({ ...notification, ticketIds: [...notification.ticketIds] });
    expect(shown).toEqual([]);
  });
});

import type { App } from 'electron';

/** The part of Electron's `app` the lock uses; tests pass a fake. */
export type SingleInstanceApp = Pick<App, 'requestSingleInstanceLock' | 'quit'> & {
  on(event: 'second-instance', listener: () => void): unknown;
};

/**
 * One console per profile: two would share the cache, the outbox and the sealed key file, and
 * could deliver the same decision twice. A second start hands over to the first (`bringForward`)
 * and quits. Answers whether this process holds the lock and goes on.
 */
export function holdSingleInstance(app: SingleInstanceApp, bringForward: () => void): boolean {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return false;
  }
  app.on('second-instance', bringForward);
  return true;
}

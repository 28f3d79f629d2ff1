import { describe, expect, it } from 'vitest';
import { holdSingleInstance, type SingleInstanceApp } from '../../electron/main/single-instance.ts';

/** Electron's app as far as the lock goes: one lock per profile, shared by the "processes" made here. */
function fakeApps() {
  let held = false;
  let secondInstance: (() => void) | undefined;
  const make = () => {
    const app = {
      quitted: false,
      requestSingleInstanceLock: () => (held ? false : (held = true)),
      quit: () => void (app.quitted = true),
      on: (_event: 'second-instance', listener: () => void) => (secondInstance = listener),
    };
    return app;
  };
  return { make, startAgain: () => secondInstance?.() };
}

describe('single instance', () => {
  it('keeps the first console, quits the second and brings the first forward', () => {
    const apps = fakeApps();
    let forward = 0;
    const first = apps.make();
    expect(holdSingleInstance(first satisfies SingleInstanceApp, () => (forward += 1))).toBe(true);
    expect(first.quitted).toBe(false);

    const second = apps.make();
    expect(holdSingleInstance(second, () => (forward += 100))).toBe(false);
    expect(second.quitted).toBe(true);
    apps.startAgain();
    expect(forward).toBe(1);
  });
});

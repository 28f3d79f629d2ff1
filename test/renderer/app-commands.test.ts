import { describe, expect, it } from 'vitest';
import { nextTick, ref } from 'vue';
import { createMemoryHistory, createRouter } from 'vue-router';
import type { AppCommand } from '../../common/contract/app-methods.ts';
import type { MethodName } from '../../common/contract/names.ts';
import {
  aboutOpen,
  installAppCommands,
  rememberOpenTicket,
  runAppCommand,
} from '../../renderer/src/features/shell/app-commands.ts';
import type { Platform } from '../../renderer/src/platform/index.ts';

const View = { render: () => null };

function makeRouter() {
  return createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/', redirect: '/coda' },
      { path: '/coda', name: 'queue', component: View },
      { path: '/pratica/:id?', name: 'ticket', component: View },
      { path: '/storico', name: 'history', component: View },
      { path: '/impostazioni', name: 'settings', component: View },
    ],
  });
}

/** A platform that records calls, answers `session.recall` with `recalled`, and lets the test emit `app.command`. */
function fakePlatform(recalled: string | null = null) {
  const calls: { method: MethodName; input: unknown }[] = [];
  let onCommand: ((payload: { command: AppCommand }) => void) | undefined;
  const platform = {
    kind: 'electron',
    call: async (method: MethodName, input: unknown) => {
      calls.push({ method, input });
      if (method === 'session.recall') return { ok: true, value: { ticketId: recalled } };
      return { ok: true, value: {} };
    },
    subscribe: (event: string, listener: (payload: { command: AppCommand }) => void) => {
      if (event === 'app.command') onCommand = listener;
      return () => (onCommand = undefined);
    },
    onConnection: () => () => {},
  } as unknown as Platform;
  return { platform, calls, emit: (command: AppCommand) => onCommand?.({ command }) };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('application menu commands in the page', () => {
  it('navigate, sync, lock and open About; nothing but About before sign-in', async () => {
    const router = makeRouter();
    await router.push('/coda');
    const { platform, calls, emit } = fakePlatform();
    let synced = 0;
    let signedIn = false;
    const stop = installAppCommands({
      platform,
      router,
      signedIn: () => signedIn,
      syncNow: async () => void (synced += 1),
    });
    emit('settings');
    emit('lock');
    emit('about');
    await settle();
    expect(router.currentRoute.value.name).toBe('queue');
    expect(calls).toEqual([]);
    expect(aboutOpen.value).toBe(true);
    aboutOpen.value = false;

    signedIn = true;
    for (const [command, route] of [
      ['settings', 'settings'],
      ['history', 'history'],
      ['queue', 'queue'],
    ] as const) {
      emit(command);
      await settle();
      expect(router.currentRoute.value.name).toBe(route);
    }
    emit('sync');
    emit('lock');
    await settle();
    expect(synced).toBe(1);
    expect(calls).toEqual([{ method: 'auth.lock', input: {} }]);
    stop();
    emit('sync');
    expect(synced).toBe(1);
  });

  it('go to the queue for a command that stands for one of its keys when the current view has none', async () => {
    const router = makeRouter();
    await router.push('/storico');
    const { platform } = fakePlatform();
    runAppCommand('next', { platform, router, signedIn: () => true, syncNow: async () => {} });
    await settle();
    expect(router.currentRoute.value.name).toBe('queue');
  });
});

describe('the open ticket across a crash', () => {
  it('reopens, once signed in, the ticket the services remembered, then records each ticket opened or left', async () => {
    const router = makeRouter();
    await router.push('/coda');
    const { platform, calls } = fakePlatform('UE-2026-000007');
    const signedIn = ref(false);
    const stop = rememberOpenTicket({ platform, router, signedIn: () => signedIn.value });
    await settle();
    expect(calls).toEqual([]);

    signedIn.value = true;
    await nextTick();
    await settle();
    expect(router.currentRoute.value.fullPath).toBe('/pratica/UE-2026-000007');
    expect(calls.map((c) => c.method)).toEqual(['session.recall', 'session.remember']);
    expect(calls[1]!.input).toEqual({ ticketId: 'UE-2026-000007' });

    calls.length = 0;
    await router.push('/pratica/UE-2026-000009');
    await router.push('/coda');
    expect(calls).toEqual([
      { method: 'session.remember', input: { ticketId: 'UE-2026-000009' } },
      { method: 'session.remember', input: { ticketId: null } },
    ]);

    // Signed out: nothing is recorded (the services forgot the ticket at sign-out).
    signedIn.value = false;
    await nextTick();
    calls.length = 0;
    await router.push('/pratica/UE-2026-000010');
    expect(calls).toEqual([]);
    stop();
  });
});

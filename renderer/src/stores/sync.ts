import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { SyncStatus } from '../../../common/contract/methods.ts';
import type { Platform } from '../platform/index.ts';

type ChangedListener = (ticketIds: string[]) => void;

/**
 * The sync engine as the page sees it: its last status (online, pending decisions, conflicts,
 * progress of a long pull) and the tickets it changed. One subscription for the whole page;
 * features register what to refresh with `onTicketsChanged`.
 */
export const useSyncStore = defineStore('sync', () => {
  const status = ref<SyncStatus>();
  const listeners = new Set<ChangedListener>();
  let platform: Platform | undefined;

  const online = computed(() => status.value?.online ?? false);
  const pending = computed(() => status.value?.pending ?? 0);
  const conflicts = computed(() => status.value?.conflicts ?? 0);
  const progress = computed(() => status.value?.progress ?? null);

  async function refresh(): Promise<void> {
    const result = await platform?.call('sync.status', {});
    if (result?.ok) status.value = result.value;
  }

  function start(using: Platform): () => void {
    platform = using;
    const stops = [
      using.subscribe('sync.events', (event) => {
        if (event.type === 'status') status.value = event.status;
        else listeners.forEach((listener) => listener(event.ids));
      }),
      // Events missed while the page was disconnected are not replayed: ask again.
      using.onConnection((state) => {
        if (state === 'online') void refresh();
      }),
    ];
    return () => stops.forEach((stop) => stop());
  }

  /** Calls `listener` with the ids of tickets the services changed; returns the unsubscribe function. */
  function onTicketsChanged(listener: ChangedListener): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  }

  /** Asks the engine to sync now (the operator pressed "retry"). */
  async function syncNow(): Promise<void> {
    const result = await platform?.call('sync.now', {});
    if (result?.ok) status.value = result.value;
  }

  return { status, online, pending, conflicts, progress, start, onTicketsChanged, syncNow };
});

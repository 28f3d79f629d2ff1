import { defineStore } from 'pinia';
import { ref, shallowRef, watch } from 'vue';
import type { HistoryEntry } from '../../../common/api/schemas.ts';
import type { MethodOutput } from '../../../common/contract/methods.ts';
import type { ContractError, Result } from '../../../common/contract/result.ts';
import { supervisorServices } from '../features/supervisor/shared/supervisor-services.ts';
import { useAuthStore } from './auth.ts';

export type CountersignItem = MethodOutput<'countersign.queue'>['items'][number];
export type Verdict = 'CONFIRM' | 'RETURN';

const RECENTLY_VOIDED = 10;

/**
 * The four-eyes queue: approvals waiting for a second person, oldest first, and the few whose
 * countersign was voided lately because their files changed (they are no longer in the queue,
 * and a supervisor who saw them there needs to know why). The server decides who may countersign.
 */
export const useCountersignStore = defineStore('countersign', () => {
  const services = supervisorServices();
  const items = shallowRef<CountersignItem[]>([]);
  const voided = shallowRef<HistoryEntry[]>([]);
  const loading = ref(false);
  const loaded = ref(false);
  const error = ref<ContractError>();

  // The next person to sign in does not see the last one's queue.
  watch(
    () => useAuthStore().signedIn,
    (signedIn) => {
      if (signedIn) return;
      items.value = [];
      voided.value = [];
      loaded.value = false;
      error.value = undefined;
    },
  );

  async function load(): Promise<void> {
    loading.value = true;
    const [queue, recentlyVoided] = await Promise.all([
      services.call('countersign.queue', {}),
      services.call('history.query', { countersign: 'VOIDED', flags: [], text: '', limit: RECENTLY_VOIDED }),
    ]);
    loading.value = false;
    if (!queue.ok) {
      error.value = queue.error;
      return;
    }
    error.value = undefined;
    items.value = queue.value.items;
    voided.value = recentlyVoided.ok ? recentlyVoided.value.entries : [];
    loaded.value = true;
  }

  /** Countersigns or returns one approval; on success it leaves the queue. */
  async function decide(item: CountersignItem, verdict: Verdict, note: string): Promise<Result<unknown>> {
    const trimmed = note.trim();
    const result = await services.call('countersign.decide', {
      ticketId: item.ticketId,
      decisionId: item.decisionId,
      verdict,
      evidenceHash: item.evidenceHash,
      ...(trimmed ? { note: trimmed } : {}),
    });
    if (result.ok) items.value = items.value.filter((other) => other.decisionId !== item.decisionId);
    // The approval lost its object (voided, or countersigned by someone else): show the queue as it is now.
    else if (result.error.code === 'CONFLICT' || result.error.code === 'NOT_FOUND') void load();
    return result;
  }

  return {
    items,
    voided,
    loading,
    loaded,
    error,
    load,
    decide,
  };
});

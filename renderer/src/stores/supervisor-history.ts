import { defineStore } from 'pinia';
import { computed, reactive, ref, shallowRef, watch } from 'vue';
import type { HistoryEntry } from '../../../common/api/schemas.ts';
import type { ContractError } from '../../../common/contract/result.ts';
import type { ExportStatus } from '../../../common/contract/supervisor-methods.ts';
import type { Locale } from '../../../common/i18n/locales.ts';
import { filtersOf, type HistoryView } from '../features/supervisor/history/history-route.ts';
import { supervisorServices } from '../features/supervisor/shared/supervisor-services.ts';
import { useAuthStore } from './auth.ts';

const PAGE = 50;

/**
 * The decision history as the supervisor pages through it: keyset pages appended one after the
 * other (the cursor comes from the API), the capped total, and the CSV export of the same filters
 * with its progress. Only the latest query's answer is kept, so fast typing never shows stale rows.
 */
export const useSupervisorHistoryStore = defineStore('supervisor-history', () => {
  const services = supervisorServices();
  const view = shallowRef<HistoryView>();
  const entries = shallowRef<HistoryEntry[]>([]);
  const total = ref(0);
  const totalCapped = ref(false);
  const nextCursor = ref<string | null>(null);
  const loading = ref(false);
  const loaded = ref(false);
  const error = ref<ContractError>();
  /**
   * Operators and countries met in the answers so far: what the filter lists offer. The API has no
   * list of its own for them, and the unfiltered first page already holds the usual ones.
   */
  const operators = reactive(new Map<string, string>());
  const countries = reactive(new Set<string>());
  const exportStatus = ref<ExportStatus>();
  const exportError = ref<ContractError>();
  let generation = 0;
  let stopExportEvents: (() => void) | undefined;

  const hasMore = computed(() => nextCursor.value !== null);

  // What one supervisor looked at is not shown to whoever signs in next.
  watch(
    () => useAuthStore().signedIn,
    (signedIn) => {
      if (signedIn) return;
      generation += 1;
      view.value = undefined;
      entries.value = [];
      nextCursor.value = null;
      loaded.value = false;
      error.value = undefined;
      operators.clear();
      countries.clear();
      exportStatus.value = undefined;
      exportError.value = undefined;
    },
  );

  async function page(cursor: string | undefined, ask: number): Promise<void> {
    if (!view.value) return;
    loading.value = true;
    const result = await services.call('history.query', { ...filtersOf(view.value), cursor, limit: PAGE });
    if (ask !== generation) return;
    loading.value = false;
    if (!result.ok) {
      error.value = result.error;
      return;
    }
    error.value = undefined;
    entries.value = cursor ? [...entries.value, ...result.value.entries] : result.value.entries;
    for (const entry of result.value.entries) {
      operators.set(entry.operatorId, entry.operatorName);
      countries.add(entry.country);
    }
    total.value = result.value.total;
    totalCapped.value = result.value.totalCapped;
    nextCursor.value = result.value.nextCursor;
    loaded.value = true;
  }

  /** The first page for these filters; what was listed for other filters goes at once. */
  function show(next: HistoryView): Promise<void> {
    view.value = next;
    generation += 1;
    entries.value = [];
    nextCursor.value = null;
    loaded.value = false;
    return page(undefined, generation);
  }

  const loadMore = () => (nextCursor.value && !loading.value ? page(nextCursor.value, generation) : Promise.resolve());
  const reload = () => (view.value ? show(view.value) : Promise.resolve());

  /** Starts the CSV of the current filters; progress and the end arrive as export events. */
  async function exportCsv(locale: Locale, delimiter: 'comma' | 'semicolon'): Promise<void> {
    if (!view.value) return;
    exportError.value = undefined;
    stopExportEvents ??= services.subscribe('exports.events', (event) => {
      if (event.exportId === exportStatus.value?.exportId) exportStatus.value = event;
    });
    const result = await services.call('exports.start', {
      kind: 'history-csv',
      filters: filtersOf(view.value),
      delimiter,
      locale,
    });
    if (!result.ok) {
      exportError.value = result.error;
      return;
    }
    exportStatus.value = result.value;
    // The export may have ended before this page subscribed to its events.
    const latest = await services.call('exports.status', { exportId: result.value.exportId });
    if (latest.ok && exportStatus.value?.exportId === latest.value.exportId && exportStatus.value.state === 'running')
      exportStatus.value = latest.value;
  }

  return {
    view,
    entries,
    total,
    totalCapped,
    hasMore,
    loading,
    loaded,
    error,
    operators,
    countries,
    exportStatus,
    exportError,
    show,
    loadMore,
    reload,
    exportCsv,
    dismissExport() {
      exportStatus.value = undefined;
      exportError.value = undefined;
    },
  };
});

import { defineStore } from 'pinia';
import { computed, ref, shallowRef, watch } from 'vue';
import type { MethodInput, MethodOutput } from '../../../common/contract/methods.ts';
import type { ContractError } from '../../../common/contract/result.ts';
import { supervisorServices } from '../features/supervisor/shared/supervisor-services.ts';
import { useAuthStore } from './auth.ts';

export type AuditEntry = MethodOutput<'audit.list'>['entries'][number];
export type AuditVerification = MethodOutput<'audit.verify'>;

export interface AuditFilterFields {
  actor: string;
  action: string;
  ticketId: string;
}

export const AUDIT_PAGE_SIZE = 50;
/** Entries shown above one the list is asked to show, so it is seen in its context. */
const CONTEXT_ROWS = 3;

const noFilters = (): AuditFilterFields => ({ actor: '', action: '', ticketId: '' });

/**
 * The audit log as the supervisor pages through it, newest first, by keyset on the entry number
 * (`seq`) in both directions, and the last verification of its hash chain. The breaks found are
 * kept so the list can mark them on every page.
 */
export const useAuditStore = defineStore('audit', () => {
  const services = supervisorServices();
  const auth = useAuthStore();

  const filters = ref<AuditFilterFields>(noFilters());
  const entries = shallowRef<AuditEntry[]>([]);
  /** Entries older than the page exist (matching the filters). */
  const hasOlder = ref(false);
  /** The page is not the newest one. */
  const hasNewer = ref(false);
  const loading = ref(false);
  const loaded = ref(false);
  const error = ref<ContractError | null>(null);
  /** The entry the list was asked to show (a break), marked and focused. */
  const focusedSeq = ref<number | null>(null);

  const verification = shallowRef<AuditVerification | null>(null);
  const verifyError = ref<ContractError | null>(null);
  const verifying = ref(false);

  const brokenSeqs = computed(() => new Set(verification.value?.breaks.map((b) => b.seq) ?? []));

  const filterInput = () => {
    const f = filters.value;
    const input: Pick<MethodInput<'audit.list'>, 'actor' | 'action' | 'ticketId'> = {};
    if (f.actor.trim()) input.actor = f.actor.trim();
    if (f.action) input.action = f.action;
    if (f.ticketId.trim()) input.ticketId = f.ticketId.trim();
    return input;
  };

  let generation = 0;
  async function fetchPage(window: Partial<MethodInput<'audit.list'>>): Promise<boolean> {
    const mine = ++generation;
    loading.value = true;
    const result = await services.call('audit.list', {
      ...filterInput(),
      afterSeq: 0,
      order: 'desc',
      limit: AUDIT_PAGE_SIZE,
      ...window,
    });
    if (mine !== generation) return false;
    loading.value = false;
    if (!result.ok) {
      error.value = result.error;
      return false;
    }
    error.value = null;
    loaded.value = true;
    const ascending = window.order === 'asc';
    // A page asked oldest-first (going back towards the newest) is shown newest-first like the others.
    entries.value = ascending ? [...result.value.entries].reverse() : result.value.entries;
    if (ascending) {
      hasNewer.value = result.value.hasMore;
      hasOlder.value = true;
    } else {
      hasOlder.value = result.value.hasMore;
      hasNewer.value = window.beforeSeq !== undefined;
    }
    return true;
  }

  /** The newest page for the current filters. */
  function loadNewest(): Promise<boolean> {
    focusedSeq.value = null;
    return fetchPage({});
  }

  async function older(): Promise<void> {
    const last = entries.value.at(-1);
    if (last) await fetchPage({ beforeSeq: last.seq });
  }

  async function newer(): Promise<void> {
    const first = entries.value[0];
    if (!first) return void (await loadNewest());
    await fetchPage({ afterSeq: first.seq, order: 'asc' });
    // Nothing newer after all (the filters thinned the log): the newest page is the one to show.
    if (entries.value.length === 0) await loadNewest();
  }

  function applyFilters(next: AuditFilterFields): Promise<boolean> {
    filters.value = { ...next };
    return loadNewest();
  }

  /** Shows entry `seq` with a few newer ones above it, filters cleared: a break must be seen whoever wrote it. */
  async function showEntry(seq: number): Promise<boolean> {
    filters.value = noFilters();
    const shown = await fetchPage({ beforeSeq: seq + CONTEXT_ROWS + 1 });
    if (shown) focusedSeq.value = seq;
    return shown;
  }

  async function verify(): Promise<void> {
    verifying.value = true;
    const result = await services.call('audit.verify', {});
    verifying.value = false;
    if (!result.ok) {
      verifyError.value = result.error;
      return;
    }
    verifyError.value = null;
    verification.value = result.value;
  }

  function reset(): void {
    generation += 1;
    filters.value = noFilters();
    entries.value = [];
    hasOlder.value = false;
    hasNewer.value = false;
    loading.value = false;
    loaded.value = false;
    error.value = null;
    focusedSeq.value = null;
    verification.value = null;
    verifyError.value = null;
    verifying.value = false;
  }

  // The next person to sign in sees nothing of the last one's reading.
  watch(
    () => auth.session?.operator.id,
    (now, before) => {
      if (now !== before) reset();
    },
  );

  return {
    filters,
    entries,
    hasOlder,
    hasNewer,
    loading,
    loaded,
    error,
    focusedSeq,
    verification,
    verifyError,
    verifying,
    brokenSeqs,
    loadNewest,
    older,
    newer,
    applyFilters,
    showEntry,
    verify,
  };
});

import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { z } from 'zod';
import type { TicketState } from '../../../common/api/schemas.ts';
import { TicketQuerySchema, type MethodOutput, type QueueFlag } from '../../../common/contract/methods.ts';
import type { ContractError, Result } from '../../../common/contract/result.ts';
import type { Platform } from '../platform/index.ts';
import { useSyncStore } from './sync.ts';

export type TicketRow = MethodOutput<'tickets.query'>['rows'][number];

/** The filters an operator sets and saves: the query minus its window. */
export const QueueFiltersSchema = TicketQuerySchema.pick({
  text: true,
  states: true,
  nationality: true,
  scope: true,
  flags: true,
  sort: true,
  direction: true,
});
export type QueueFilters = z.output<typeof QueueFiltersSchema>;

const SavedViewSchema = z.strictObject({
  id: z.string(),
  name: z.string().trim().min(1).max(60),
  filters: QueueFiltersSchema,
});
export type SavedView = z.output<typeof SavedViewSchema>;

export const PAGE_SIZE = 100;
/** Pages kept for scrolling back: 4,000 rows, a few hundred kilobytes. */
const MAX_PAGES = 40;
/** Sync reports changes in bursts (a feed page at a time): one refresh per burst. */
const REFRESH_DELAY_MS = 250;

const defaultFilters = (): QueueFilters => QueueFiltersSchema.parse({});

const notStarted: Result<never> = {
  ok: false,
  error: { code: 'UNAVAILABLE', message: 'The console is still starting' },
};

/**
 * The queue as a window over the cache: pages of rows fetched for the rows on screen (and a
 * margin), kept for scrolling back, refreshed where visible when sync changes tickets. Counts per
 * state are asked once per query and per change, not with every window.
 */
export const useQueueStore = defineStore('queue', () => {
  const sync = useSyncStore();
  let platform: Platform | undefined;

  const filters = ref<QueueFilters>(defaultFilters());
  const total = ref(0);
  const countsByState = ref<Partial<Record<TicketState, number>>>({});
  const nationalities = ref<string[]>([]);
  /** The current filters have had their first answer. */
  const loaded = ref(false);
  const error = ref<ContractError>();
  const selected = ref(0);
  const operatorId = ref<string | null>(null);
  const savedViews = ref<SavedView[]>([]);

  // Rows live outside Vue's reactivity (thousands of objects); `version` says when they changed.
  const pages = new Map<number, TicketRow[]>();
  const version = ref(0);
  const inFlight = new Set<number>();
  let generation = 0;
  let visible = { start: 0, end: 0 };
  let refreshTimer: ReturnType<typeof setTimeout> | undefined;
  let fetchTimer: ReturnType<typeof setTimeout> | undefined;

  const countsTotal = computed(() => Object.values(countsByState.value).reduce((sum, n) => sum + n, 0));
  const filtered = computed(() => {
    const f = filters.value;
    return f.text.trim() !== '' || f.states.length > 0 || !!f.nationality || f.scope !== 'all' || f.flags.length > 0;
  });

  function rowAt(index: number): TicketRow | undefined {
    void version.value;
    return pages.get(Math.floor(index / PAGE_SIZE))?.[index % PAGE_SIZE];
  }
  const selectedRow = computed(() => rowAt(selected.value));

  async function fetchPage(page: number): Promise<void> {
    if (!platform) return;
    const asked = generation;
    inFlight.add(page);
    const result = await platform.call('tickets.query', {
      ...filters.value,
      offset: page * PAGE_SIZE,
      limit: PAGE_SIZE,
    });
    if (asked !== generation) return;
    inFlight.delete(page);
    if (!result.ok) {
      error.value = result.error;
      return;
    }
    error.value = undefined;
    pages.set(page, result.value.rows);
    total.value = result.value.total;
    if (selected.value >= total.value) selected.value = Math.max(0, total.value - 1);
    loaded.value = true;
    evictFarPages();
    version.value += 1;
  }

  /**
   * Counts per state and the countries, asked apart from the rows and after them: over 100,000
   * tickets they take several times as long, and the rows should not wait for them.
   */
  async function fetchCounts(): Promise<void> {
    if (!platform) return;
    const asked = generation;
    const result = await platform.call('tickets.query', { ...filters.value, limit: 1, withCounts: true });
    if (asked !== generation || !result.ok) return;
    countsByState.value = result.value.countsByState;
    nationalities.value = result.value.nationalities;
  }

  /** Forgets the pages furthest from the screen once more than MAX_PAGES are held. */
  function evictFarPages(): void {
    if (pages.size <= MAX_PAGES) return;
    const middle = Math.floor((visible.start + visible.end) / 2 / PAGE_SIZE);
    const far = [...pages.keys()].sort((a, b) => Math.abs(b - middle) - Math.abs(a - middle));
    far.slice(0, pages.size - MAX_PAGES).forEach((page) => pages.delete(page));
  }

  const pagesOf = (start: number, end: number) => {
    const list: number[] = [];
    for (let page = Math.floor(start / PAGE_SIZE); page <= Math.floor(Math.max(start, end) / PAGE_SIZE); page += 1)
      list.push(page);
    return list;
  };

  function fetchShown(): void {
    fetchTimer = undefined;
    for (const page of pagesOf(visible.start, visible.end)) {
      if (!pages.has(page) && !inFlight.has(page)) void fetchPage(page);
    }
  }

  /**
   * The list shows rows `start`–`end` (margin included): fetches the pages among them not yet held,
   * in a task of their own. The list says so while the page draws a frame, which should not wait
   * for the socket, and a fast scroll's positions in between are never asked for.
   */
  function showRange(start: number, end: number): void {
    visible = { start, end };
    fetchTimer ??= setTimeout(fetchShown, 0);
  }

  /** New filters: everything held so far describes another query. */
  function reload(): Promise<void> {
    generation += 1;
    pages.clear();
    inFlight.clear();
    loaded.value = false;
    selected.value = 0;
    version.value += 1;
    const rows = fetchPage(0);
    void fetchCounts();
    return rows;
  }

  /** Tickets changed: the rows on screen and the counts are asked again; the rest is dropped. */
  async function refreshVisible(): Promise<void> {
    const shown = pagesOf(visible.start, visible.end);
    for (const page of [...pages.keys()]) if (!shown.includes(page)) pages.delete(page);
    await Promise.all([...shown.map((page) => fetchPage(page)), fetchCounts()]);
  }

  function scheduleRefresh(): void {
    clearTimeout(refreshTimer);
    refreshTimer = setTimeout(() => void refreshVisible(), REFRESH_DELAY_MS);
  }

  function setFilters(patch: Partial<QueueFilters>): void {
    filters.value = { ...filters.value, ...patch };
    void reload();
  }

  const toggle = <T>(list: readonly T[], item: T) =>
    list.includes(item) ? list.filter((x) => x !== item) : [...list, item];
  const toggleState = (state: TicketState) => setFilters({ states: toggle(filters.value.states, state) });
  const toggleFlag = (flag: QueueFlag) => setFilters({ flags: toggle(filters.value.flags, flag) });
  const resetFilters = () => {
    filters.value = { ...defaultFilters(), sort: filters.value.sort, direction: filters.value.direction };
    void reload();
  };

  function select(index: number): void {
    selected.value = Math.min(Math.max(0, index), Math.max(0, total.value - 1));
  }

  async function claim(ticketId: string) {
    const result = platform ? await platform.call('tickets.claim', { ticketId }) : notStarted;
    scheduleRefresh();
    return result;
  }

  async function next() {
    const result = platform ? await platform.call('tickets.next', {}) : notStarted;
    scheduleRefresh();
    return result;
  }

  // Saved views: per operator, on this workstation (they hold no applicant data).
  const viewsKey = () => `accredita.queue.views.${operatorId.value ?? 'anonymous'}`;

  function loadViews(): void {
    try {
      const parsed = z.array(SavedViewSchema).safeParse(JSON.parse(localStorage.getItem(viewsKey()) ?? '[]'));
      savedViews.value = parsed.success ? parsed.data : [];
    } catch {
      savedViews.value = [];
    }
  }

  function storeViews(views: SavedView[]): void {
    savedViews.value = views;
    localStorage.setItem(viewsKey(), JSON.stringify(views));
  }

  function saveView(name: string): SavedView {
    const view = SavedViewSchema.parse({ id: crypto.randomUUID(), name, filters: filters.value });
    storeViews([...savedViews.value.filter((v) => v.name !== view.name), view]);
    return view;
  }

  function applyView(id: string): SavedView | undefined {
    const view = savedViews.value.find((v) => v.id === id);
    if (view) setFilters(QueueFiltersSchema.parse(view.filters));
    return view;
  }

  function deleteView(id: string): void {
    storeViews(savedViews.value.filter((v) => v.id !== id));
  }

  async function loadOperator(): Promise<void> {
    const result = await platform?.call('session.current', {});
    if (result?.ok) operatorId.value = result.value.operator?.id ?? null;
    loadViews();
  }

  /** Started with the app, not the page: the first rows are on their way while the queue's page loads. */
  function start(using: Platform): () => void {
    platform = using;
    let wasOnline = false;
    const stops = [
      sync.onTicketsChanged(scheduleRefresh),
      using.onConnection((state) => {
        if (state !== 'online') return;
        void loadOperator();
        // A first load that failed is tried again; after a reconnection, what changed meanwhile was not announced.
        if (!loaded.value) void reload();
        else if (wasOnline) scheduleRefresh();
        wasOnline = true;
      }),
    ];
    return () => stops.forEach((stop) => stop());
  }

  return {
    filters,
    total,
    countsByState,
    countsTotal,
    nationalities,
    loaded,
    error,
    filtered,
    selected,
    selectedRow,
    operatorId,
    savedViews,
    version,
    rowAt,
    showRange,
    reload,
    setFilters,
    toggleState,
    toggleFlag,
    resetFilters,
    select,
    claim,
    next,
    saveView,
    applyView,
    deleteView,
    start,
  };
});

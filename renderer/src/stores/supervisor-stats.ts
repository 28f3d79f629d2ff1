import { defineStore } from 'pinia';
import { computed, ref, shallowRef, watch } from 'vue';
import type { Statistics } from '../../../common/api/schemas.ts';
import type { ExportStatus } from '../../../common/contract/supervisor-methods.ts';
import type { ContractError } from '../../../common/contract/result.ts';
import type { Locale } from '../../../common/i18n/locales.ts';
import {
  bucketCount,
  defaultChoice,
  MAX_BUCKETS,
  resolvePeriod,
  type Bucket,
  type Period,
  type PeriodChoice,
} from '../features/supervisor/stats/period.ts';
import { supervisorServices } from '../features/supervisor/shared/supervisor-services.ts';
import { useAuthStore } from './auth.ts';

export interface KnownOperator {
  id: string;
  name: string;
}

/** Asked while the report runs, in case an event was missed (a reconnection, another window started it). */
const REPORT_POLL_MS = 1_000;

/**
 * The statistics a supervisor is looking at: the period and filters chosen, the figures the
 * central API computed for them, and the PDF report of that period while it is being written.
 * Nothing here is kept offline; a sign-out empties it.
 */
export const useSupervisorStatsStore = defineStore('supervisorStats', () => {
  const services = supervisorServices();
  const auth = useAuthStore();

  const choice = ref<PeriodChoice>(defaultChoice(new Date()));
  const bucket = ref<Bucket>('day');
  const operatorId = ref<string | null>(null);
  const stats = shallowRef<Statistics | null>(null);
  const error = ref<ContractError | null>(null);
  const loading = ref(false);
  /** Everyone seen deciding in a period asked without an operator filter: the filter's choices. */
  const operators = ref<KnownOperator[]>([]);

  const report = ref<ExportStatus | null>(null);
  const reportError = ref<ContractError | null>(null);
  let stopReport: (() => void) | undefined;

  const period = computed<Period | undefined>(() => resolvePeriod(choice.value, new Date()));
  /** Why the figures cannot be asked for as chosen, before asking. */
  const invalid = computed<'period' | 'tooManyBuckets' | null>(() => {
    if (!period.value) return 'period';
    return bucketCount(period.value, bucket.value) > MAX_BUCKETS ? 'tooManyBuckets' : null;
  });
  const query = computed(() =>
    period.value
      ? { ...period.value, bucket: bucket.value, ...(operatorId.value ? { operatorId: operatorId.value } : {}) }
      : undefined,
  );

  let generation = 0;
  async function load(): Promise<void> {
    const asked = query.value;
    if (!asked || invalid.value) return;
    const mine = ++generation;
    loading.value = true;
    const result = await services.call('stats.get', asked);
    if (mine !== generation) return;
    loading.value = false;
    if (!result.ok) {
      error.value = result.error;
      return;
    }
    error.value = null;
    stats.value = result.value;
    if (!asked.operatorId) rememberOperators(result.value);
  }

  function rememberOperators(figures: Statistics): void {
    const known = new Map(operators.value.map((o) => [o.id, o.name]));
    for (const o of figures.operators) known.set(o.operatorId, o.operatorName);
    operators.value = [...known].map(([id, name]) => ({ id, name })).sort((a, b) => a.name.localeCompare(b.name));
  }

  function followReport(exportId: string): void {
    stopReport?.();
    const apply = (status: ExportStatus) => {
      if (status.exportId !== exportId) return;
      report.value = status;
      if (status.state !== 'running') stopReport?.();
    };
    const unsubscribe = services.subscribe('exports.events', apply);
    const timer = setInterval(async () => {
      const result = await services.call('exports.status', { exportId });
      if (result.ok) apply(result.value);
    }, REPORT_POLL_MS);
    stopReport = () => {
      unsubscribe();
      clearInterval(timer);
      stopReport = undefined;
    };
  }

  /** Writes the PDF report of the period on screen; progress and the end arrive in `report`. */
  async function startReport(locale: Locale): Promise<void> {
    const asked = query.value;
    if (!asked || invalid.value || report.value?.state === 'running') return;
    reportError.value = null;
    const result = await services.call('exports.start', { kind: 'report-pdf', period: asked, locale });
    if (!result.ok) {
      reportError.value = result.error;
      return;
    }
    report.value = result.value;
    if (result.value.state === 'running') followReport(result.value.exportId);
  }

  function reset(): void {
    stopReport?.();
    generation += 1;
    choice.value = defaultChoice(new Date());
    bucket.value = 'day';
    operatorId.value = null;
    stats.value = null;
    error.value = null;
    loading.value = false;
    operators.value = [];
    report.value = null;
    reportError.value = null;
  }

  // The next person to sign in sees nothing of the last one's figures.
  watch(
    () => auth.session?.operator.id,
    (now, before) => {
      if (now !== before) reset();
    },
  );

  return {
    choice,
    bucket,
    operatorId,
    stats,
    error,
    loading,
    operators,
    period,
    invalid,
    report,
    reportError,
    load,
    startReport,
  };
});

import type { LocationQuery, LocationQueryRaw } from 'vue-router';
import {
  COUNTERSIGN_FLAGS,
  COUNTERSIGN_STATUSES,
  DECISION_ACTIONS,
  TICKET_STATES,
  type CountersignFlag,
} from '../../../../../common/api/schemas.ts';
import type { HistoryFilters } from '../../../../../common/contract/supervisor-methods.ts';

/**
 * The history's filters as the page shows them, and as the address bar keeps them: a supervisor
 * can reload the view or hand its address to a colleague. Days are calendar days in the office's
 * time zone (the browser's); the contract wants instants, `to` exclusive.
 */
export interface HistoryView {
  operatorId?: string;
  action?: HistoryFilters['action'];
  state?: HistoryFilters['state'];
  country?: string;
  flags: CountersignFlag[];
  countersign?: HistoryFilters['countersign'];
  text: string;
  /** `YYYY-MM-DD`, first day included. */
  fromDay?: string;
  /** `YYYY-MM-DD`, last day included. */
  toDay?: string;
}

export const emptyView = (): HistoryView => ({ flags: [], text: '' });

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const ID = /^[A-Za-z0-9_-]{1,64}$/;
const COUNTRY = /^[A-Z]{2}$/;
const COUNTERSIGN_CHOICES = [...COUNTERSIGN_STATUSES, 'NONE'] as const;

const one = (value: LocationQuery[string] | undefined) => (Array.isArray(value) ? value[0] : value) ?? undefined;
const pick = <T extends string>(choices: readonly T[], value: string | undefined) =>
  choices.includes(value as T) ? (value as T) : undefined;
const matching = (pattern: RegExp, value: string | undefined) => (value && pattern.test(value) ? value : undefined);

/** Whatever is in the address: unknown or malformed values are dropped, never sent on. */
export function viewFromQuery(query: LocationQuery): HistoryView {
  const flags = (one(query.flags) ?? '')
    .split(',')
    .filter((flag): flag is CountersignFlag => (COUNTERSIGN_FLAGS as readonly string[]).includes(flag));
  return {
    operatorId: matching(ID, one(query.operator)),
    action: pick(DECISION_ACTIONS, one(query.action)),
    state: pick(TICKET_STATES, one(query.state)),
    country: matching(COUNTRY, one(query.country)),
    flags: [...new Set(flags)],
    countersign: pick(COUNTERSIGN_CHOICES, one(query.countersign)),
    text: (one(query.q) ?? '').slice(0, 200),
    fromDay: matching(DAY, one(query.from)),
    toDay: matching(DAY, one(query.to)),
  };
}

/** The address for a view: only what is set, so the plain history is plain `/storico`. */
export function queryFromView(view: HistoryView): LocationQueryRaw {
  const entries = {
    operator: view.operatorId,
    action: view.action,
    state: view.state,
    country: view.country,
    flags: view.flags.length > 0 ? view.flags.join(',') : undefined,
    countersign: view.countersign,
    q: view.text.trim() || undefined,
    from: view.fromDay,
    to: view.toDay,
  };
  return Object.fromEntries(Object.entries(entries).filter(([, value]) => value !== undefined));
}

/** Local midnight of a calendar day, as an instant. */
const startOfDay = (day: string, plusDays = 0) => {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  return new Date(year, month - 1, date + plusDays).toISOString();
};

/** The contract's filters for a view. */
export function filtersOf(view: HistoryView): HistoryFilters {
  return {
    operatorId: view.operatorId,
    action: view.action,
    state: view.state,
    country: view.country,
    flags: view.flags,
    countersign: view.countersign,
    text: view.text.trim(),
    from: view.fromDay ? startOfDay(view.fromDay) : undefined,
    to: view.toDay ? startOfDay(view.toDay, 1) : undefined,
  };
}

export const isFiltered = (view: HistoryView) => Object.keys(queryFromView(view)).length > 0;

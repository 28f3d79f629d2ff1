import {
  COUNTERSIGN_STATUSES,
  DECISION_ACTIONS,
  type DecisionAction,
  type Statistics,
} from '../../common/api/schemas.ts';
import { ApiProblem } from '../http/problem.ts';
import type { Db } from './database.ts';
import { prepared } from './statements.ts';

export type Bucket = 'day' | 'week' | 'month';

export interface StatisticsQuery {
  from: string;
  to: string;
  operatorId?: string | undefined;
  bucket: Bucket;
}

/** A chart with more bars than this says nothing: ask for a longer bucket instead. */
export const MAX_BUCKETS = 400;

/**
 * The period is what narrows the scan: left to itself SQLite would group along an operator or
 * country index and read every decision ever made.
 */
const PERIOD = 'decisions INDEXED BY decisions_by_time';

/** Each bucket labelled by its first day, in UTC; weeks start on Monday (ISO 8601). */
const BUCKET_SQL: Record<Bucket, string> = {
  day: 'date(applied_at)',
  week: "date(applied_at, 'weekday 0', '-6 days')",
  month: "strftime('%Y-%m-01', applied_at)",
};

function bucketStarts(from: Date, to: Date, bucket: Bucket): string[] {
  const day = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), from.getUTCDate()));
  if (bucket === 'week') day.setUTCDate(day.getUTCDate() - ((day.getUTCDay() + 6) % 7));
  if (bucket === 'month') day.setUTCDate(1);
  const starts: string[] = [];
  while (day < to) {
    if (starts.length === MAX_BUCKETS) {
      throw new ApiProblem(400, 'TOO_MANY_BUCKETS', `More than ${MAX_BUCKETS} ${bucket}s: choose a longer bucket`);
    }
    starts.push(day.toISOString().slice(0, 10));
    if (bucket === 'day') day.setUTCDate(day.getUTCDate() + 1);
    else if (bucket === 'week') day.setUTCDate(day.getUTCDate() + 7);
    else day.setUTCMonth(day.getUTCMonth() + 1);
  }
  return starts;
}

const noActions = (): Record<DecisionAction, number> =>
  Object.fromEntries(DECISION_ACTIONS.map((action) => [action, 0])) as Record<DecisionAction, number>;

/** approvals ÷ (approvals + rejections + redirects): how often a request that was closed was granted. */
function approvalRate(counts: Record<DecisionAction, number>): number | null {
  const closed = counts.APPROVE + counts.REJECT + counts.REDIRECT;
  return closed === 0 ? null : counts.APPROVE / closed;
}

const round = (seconds: number | null): number | null => (seconds === null ? null : Math.round(seconds * 10) / 10);

/**
 * Figures for a period (and optionally one operator): decisions by type, handling time (median and
 * 90th percentile, interpolated), approval rate by country, redirects by target, conflicts and
 * countersigns. A decision counts in the period it was recorded in.
 */
export function statistics(db: Db, query: StatisticsQuery): Statistics {
  const from = new Date(query.from);
  const to = new Date(query.to);
  if (!(from < to)) throw new ApiProblem(400, 'VALIDATION_FAILED', 'Invalid query: from must be before to');
  const buckets = bucketStarts(from, to, query.bucket);
  const params = { from: from.toISOString(), to: to.toISOString(), operatorId: query.operatorId ?? null };
  const inPeriod = `applied_at >= @from AND applied_at < @to AND (@operatorId IS NULL OR operator_id = @operatorId)`;
  const all = <T>(sql: string): T[] => prepared(db, sql).all(params) as T[];

  const byOperatorAction = all<{ operator_id: string; action: DecisionAction; n: number }>(
    `SELECT operator_id, action, COUNT(*) AS n FROM ${PERIOD} WHERE ${inPeriod} GROUP BY operator_id, action`,
  );
  const handlingByOperator = all<{ operator_id: string; name: string; median: number; p90: number }>(
    `SELECT d.operator_id, COALESCE(o.name, MAX(d.operator_name)) AS name, median(d.handling_seconds) AS median,
       percentile_cont(d.handling_seconds, 0.9) AS p90
     FROM decisions d INDEXED BY decisions_by_time LEFT JOIN operators o ON o.id = d.operator_id WHERE ${inPeriod} GROUP BY d.operator_id`,
  );
  const overall = prepared(
    db,
    `SELECT COUNT(*) AS n, median(handling_seconds) AS median, percentile_cont(handling_seconds, 0.9) AS p90
       FROM ${PERIOD} WHERE ${inPeriod}`,
  ).get(params) as { n: number; median: number | null; p90: number | null };
  const conflictCodes = all<{ code: string; operator_id: string; n: number }>(
    `SELECT code, operator_id, COUNT(*) AS n FROM decision_conflicts
      WHERE at >= @from AND at < @to AND (@operatorId IS NULL OR operator_id = @operatorId) GROUP BY code, operator_id`,
  );

  const totalsByAction = noActions();
  const operatorActions = new Map<string, Record<DecisionAction, number>>();
  for (const { operator_id, action, n } of byOperatorAction) {
    totalsByAction[action] += n;
    const counts = operatorActions.get(operator_id) ?? noActions();
    counts[action] += n;
    operatorActions.set(operator_id, counts);
  }
  const conflictsOf = (operatorId: string) =>
    conflictCodes.filter((c) => c.operator_id === operatorId).reduce((sum, c) => sum + c.n, 0);
  const conflictsByCode = new Map<string, number>();
  for (const { code, n } of conflictCodes) conflictsByCode.set(code, (conflictsByCode.get(code) ?? 0) + n);

  const countersign = Object.fromEntries(COUNTERSIGN_STATUSES.map((status) => [status, 0])) as Record<
    (typeof COUNTERSIGN_STATUSES)[number],
    number
  >;
  for (const { countersign: status, n } of all<{ countersign: keyof typeof countersign; n: number }>(
    `SELECT countersign, COUNT(*) AS n FROM ${PERIOD} WHERE ${inPeriod} AND countersign IS NOT NULL GROUP BY countersign`,
  )) {
    countersign[status] = n;
  }

  const series = new Map(buckets.map((bucket) => [bucket, noActions()]));
  for (const { bucket, action, n } of all<{ bucket: string; action: DecisionAction; n: number }>(
    `SELECT ${BUCKET_SQL[query.bucket]} AS bucket, action, COUNT(*) AS n FROM ${PERIOD} WHERE ${inPeriod}
      GROUP BY bucket, action`,
  )) {
    const counts = series.get(bucket);
    if (counts) counts[action] += n;
  }

  return {
    from: params.from,
    to: params.to,
    operatorId: query.operatorId ?? null,
    bucket: query.bucket,
    totals: {
      decisions: overall.n,
      byAction: totalsByAction,
      handling: { medianSeconds: round(overall.median), p90Seconds: round(overall.p90) },
      approvalRate: approvalRate(totalsByAction),
      conflicts: conflictCodes.reduce((sum, c) => sum + c.n, 0),
      countersign,
    },
    operators: handlingByOperator
      .map((row) => {
        const byAction = operatorActions.get(row.operator_id) ?? noActions();
        return {
          operatorId: row.operator_id,
          operatorName: row.name,
          decisions: DECISION_ACTIONS.reduce((sum, action) => sum + byAction[action], 0),
          byAction,
          handling: { medianSeconds: round(row.median), p90Seconds: round(row.p90) },
          approvalRate: approvalRate(byAction),
          conflicts: conflictsOf(row.operator_id),
        };
      })
      .sort((a, b) => b.decisions - a.decisions || a.operatorId.localeCompare(b.operatorId)),
    countries: all<{ country: string; decisions: number; approvals: number; rejections: number; redirects: number }>(
      `SELECT country, COUNT(*) AS decisions, SUM(action = 'APPROVE') AS approvals, SUM(action = 'REJECT') AS rejections,
         SUM(action = 'REDIRECT') AS redirects
       FROM ${PERIOD} WHERE ${inPeriod} GROUP BY country ORDER BY decisions DESC, country`,
    ).map((row) => {
      const closed = row.approvals + row.rejections + row.redirects;
      return { ...row, approvalRate: closed === 0 ? null : row.approvals / closed };
    }),
    redirects: all<{ target: 'SPID_CIE' | 'EIDAS' | 'CLICLAVORO'; count: number }>(
      `SELECT redirect_target AS target, COUNT(*) AS count FROM ${PERIOD}
        WHERE ${inPeriod} AND action = 'REDIRECT' AND redirect_target IS NOT NULL
        GROUP BY redirect_target ORDER BY count DESC, target`,
    ),
    conflicts: [...conflictsByCode]
      .map(([code, count]) => ({ code, count }))
      .sort((a, b) => b.count - a.count || a.code.localeCompare(b.code)),
    series: [...series].map(([bucket, byAction]) => ({ bucket, byAction })),
  };
}

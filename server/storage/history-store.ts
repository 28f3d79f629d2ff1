import type { Db } from './database.ts';
import { prepared } from './statements.ts';

export interface HistoryQuery {
  operatorId?: string | undefined;
  action?: string | undefined;
  country?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  offset: number;
  limit: number;
}

interface DecisionRow {
  id: string;
  ticket_id: string;
  action: string;
  resulting_state: string;
  reason_codes: string;
  operator_id: string;
  countersigned_by: string | null;
  country: string;
  decided_at: string;
  handling_seconds: number;
}

/** Supervisors' view of decisions: filtered, paged, with per-operator aggregates over the same filter. */
export function queryHistory(db: Db, query: HistoryQuery) {
  const where = `WHERE (@operatorId IS NULL OR operator_id = @operatorId)
    AND (@action IS NULL OR action = @action) AND (@country IS NULL OR country = @country)
    AND (@from IS NULL OR applied_at >= @from) AND (@to IS NULL OR applied_at < @to)`;
  const params = {
    operatorId: query.operatorId ?? null,
    action: query.action ?? null,
    country: query.country ?? null,
    from: query.from ?? null,
    to: query.to ?? null,
  };
  const rows = prepared(
    db,
    `SELECT * FROM decisions ${where} ORDER BY applied_at DESC, id DESC LIMIT @limit OFFSET @offset`,
  ).all({ ...params, limit: query.limit, offset: query.offset }) as DecisionRow[];
  const total = (prepared(db, `SELECT COUNT(*) AS n FROM decisions ${where}`).get(params) as { n: number }).n;
  const perOperator = prepared(
    db,
    `SELECT operator_id AS operatorId, COUNT(*) AS decisions, SUM(action = 'APPROVE') AS approvals
       FROM decisions ${where} GROUP BY operator_id ORDER BY operator_id`,
  ).all(params) as { operatorId: string; decisions: number; approvals: number }[];
  return {
    entries: rows.map((r) => ({
      decisionId: r.id,
      ticketId: r.ticket_id,
      action: r.action,
      state: r.resulting_state,
      reasonCodes: JSON.parse(r.reason_codes) as string[],
      operatorId: r.operator_id,
      countersignedBy: r.countersigned_by,
      country: r.country,
      decidedAt: r.decided_at,
      handlingSeconds: r.handling_seconds,
    })),
    total,
    perOperator,
  };
}

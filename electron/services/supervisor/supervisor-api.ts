import type { z } from 'zod';
import { operations, type OperationId, type ResponseBody } from '../../../common/api/operations.ts';
import { ContractFailure } from '../../../common/contract/result.ts';
import type { HistoryFilters } from '../../../common/contract/supervisor-methods.ts';
import type { ApiFailure, CentralApiClient } from '../api/central-api-client.ts';
import type { Session } from '../session/session.ts';

type Query = Record<string, string | number | boolean | undefined>;

export interface SupervisorApiDeps {
  /** Undefined when no central API is configured. */
  api: CentralApiClient | undefined;
  session: () => Session | undefined;
}

/** How the central API's refusal reads for the supervisor, with a stable code the renderer translates. */
export function contractFailureOf(failure: ApiFailure): ContractFailure {
  switch (failure.kind) {
    case 'network':
    case 'unavailable':
      return new ContractFailure(
        'UNAVAILABLE',
        `The central API cannot be reached (${failure.message}): supervisor views are not kept offline, try again when connected`,
      );
    case 'unauthorized':
      return new ContractFailure('UNAUTHENTICATED', `Sign in again: ${failure.message}`);
    case 'conflict':
      return new ContractFailure('CONFLICT', `${failure.problem.code}: ${failure.problem.detail}`);
    case 'rejected': {
      const { status, problem } = failure;
      const code =
        status === 403 ? 'FORBIDDEN' : status === 404 ? 'NOT_FOUND' : status < 500 ? 'BAD_REQUEST' : 'INTERNAL';
      return new ContractFailure(code, `${problem.code}: ${problem.detail}`);
    }
  }
}

function urlOf(path: string, params: Record<string, string>, query: Query): string {
  const filled = path.replace(/\{(\w+)\}/g, (_match, name: string) => encodeURIComponent(params[name] ?? ''));
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined) search.set(key, String(value));
  const text = search.toString();
  return `${filled.replace(/^\//, '')}${text ? `?${text}` : ''}`;
}

/** The history filters as the API's query string parameters. */
export function historyQuery(filters: HistoryFilters): Query {
  return {
    operatorId: filters.operatorId,
    action: filters.action,
    state: filters.state,
    country: filters.country,
    flags: filters.flags.length > 0 ? filters.flags.join(',') : undefined,
    countersign: filters.countersign,
    q: filters.text.trim() || undefined,
    from: filters.from,
    to: filters.to,
  };
}

/**
 * The supervisor operations of the central API, called by their operation id: path and answer
 * schema come from the contract's operation table, so the console cannot drift from the server.
 * Only a signed-in supervisor gets as far as the network; the server checks the role again.
 */
export function createSupervisorApi({ api, session }: SupervisorApiDeps) {
  return async function call<K extends OperationId>(
    operationId: K,
    request: { params?: Record<string, string>; query?: Query; body?: unknown; idempotencyKey?: string } = {},
  ): Promise<ResponseBody<K>> {
    const current = session();
    if (!current) throw new ContractFailure('UNAUTHENTICATED', 'Sign in with your CIE first');
    if (current.operator.role !== 'supervisor') {
      throw new ContractFailure('FORBIDDEN', 'The supervisor views are reserved for supervisors');
    }
    if (!api) throw new ContractFailure('UNAVAILABLE', 'No central API is configured: set one in Impostazioni');
    const operation = operations[operationId] as {
      method: 'GET' | 'POST';
      path: string;
      responses: Record<number, { schema?: z.ZodType }>;
    };
    const schema = (operation.responses[200] ?? operation.responses[201])?.schema;
    if (!schema) throw new Error(`${operationId} has no JSON answer`);
    const answer = await api.operation(
      {
        method: operation.method,
        url: urlOf(operation.path, request.params ?? {}, request.query ?? {}),
        ...(request.body === undefined ? {} : { data: request.body }),
        ...(request.idempotencyKey ? { headers: { 'Idempotency-Key': request.idempotencyKey } } : {}),
      },
      schema,
    );
    if (!answer.ok) throw contractFailureOf(answer.failure);
    return answer.value as ResponseBody<K>;
  };
}

export type SupervisorApi = ReturnType<typeof createSupervisorApi>;

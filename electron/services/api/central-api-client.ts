import http from 'node:http';
import type { AxiosInstance } from 'axios';
import type { z } from 'zod';
import {
  CliclavoroResultSchema,
  DecisionBatchResultSchema,
  DecisionResultSchema,
  FeedPageSchema,
  LeaseSchema,
  NonceSchema,
  SessionSchema,
  ProblemSchema,
  TicketSchema,
  type CliclavoroLookupSchema,
  type DecisionRequestSchema,
  type LoginRequestSchema,
} from '../../../common/api/schemas.ts';

export type Problem = z.output<typeof ProblemSchema>;

/** Why a call did not succeed, in the terms the sync engine acts on. */
export type ApiFailure =
  | { kind: 'network'; message: string }
  | { kind: 'unavailable'; status: number; retryAfterMs: number | undefined; message: string }
  | { kind: 'unauthorized'; message: string; code?: string }
  | { kind: 'conflict'; problem: Problem }
  | { kind: 'rejected'; status: number; problem: Problem };

export type ApiResult<T> = { ok: true; value: T } | { ok: false; failure: ApiFailure };

/** How one answer of the API, by status and body, reads as a result: shared by single and batched calls. */
export function classify<T>(
  status: number,
  body: unknown,
  parse: (body: unknown) => T,
  retryAfter?: number,
): ApiResult<T> {
  if (status >= 200 && status < 300) {
    try {
      return { ok: true, value: parse(body) };
    } catch (error) {
      return {
        ok: false,
        failure: { kind: 'network', message: `unreadable answer: ${(error as Error).message.slice(0, 200)}` },
      };
    }
  }
  const problem = (): Problem => {
    const parsed = ProblemSchema.safeParse(body);
    return parsed.success
      ? parsed.data
      : {
          type: 'about:blank',
          title: `HTTP ${status}`,
          status,
          code: `HTTP_${status}`,
          detail: String(body).slice(0, 200),
        };
  };
  if (status === 401)
    return { ok: false, failure: { kind: 'unauthorized', message: problem().detail, code: problem().code } };
  if (status === 409) return { ok: false, failure: { kind: 'conflict', problem: problem() } };
  if (status === 429 || status >= 500) {
    return { ok: false, failure: { kind: 'unavailable', status, retryAfterMs: retryAfter, message: `HTTP ${status}` } };
  }
  return { ok: false, failure: { kind: 'rejected', status, problem: problem() } };
}

export interface CentralApiOptions {
  baseUrl: string;
  token: () => string | undefined;
  timeoutMs?: number;
}

function retryAfterMs(header: unknown): number | undefined {
  if (typeof header !== 'string') return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

/**
 * The console's client of the central API. Answers are parsed with the contract's schemas, so a
 * truncated or garbled body counts as a network failure (retried), never as data.
 */
export function createCentralApiClient({ baseUrl, token, timeoutMs = 15_000 }: CentralApiOptions) {
  // axios and what it requires (MIME tables, redirects, proxies) are a fifth of the services'
  // start-up, and a queue opened from the cache needs none of it: the first request loads them.
  let client: Promise<AxiosInstance> | undefined;
  const connection = (): Promise<AxiosInstance> =>
    (client ??= import('axios').then(
      ({ default: axios }) =>
        axios.create({
          baseURL: baseUrl,
          timeout: timeoutMs,
          responseType: 'arraybuffer',
          validateStatus: () => true,
          maxRedirects: 0,
          httpAgent: new http.Agent({ keepAlive: true, maxSockets: 8 }),
          proxy: false,
        }),
      (error: unknown) => {
        client = undefined;
        throw error;
      },
    ));

  async function call<T>(
    request: {
      method: 'GET' | 'POST' | 'PUT' | 'DELETE';
      url: string;
      data?: unknown;
      headers?: Record<string, string>;
      /** The login endpoints: sent without a bearer token. */
      anonymous?: boolean;
      /** Sent with this session's token, whatever session the console holds by the time it goes. */
      as?: { token: string | undefined };
    },
    parse: (body: Buffer) => T,
  ): Promise<ApiResult<T>> {
    const bearer = request.anonymous ? undefined : request.as ? request.as.token : token();
    if (!bearer && !request.anonymous)
      return { ok: false, failure: { kind: 'unauthorized', message: 'not logged in' } };
    let response;
    // A GET is safe to repeat: one immediate retry absorbs a keep-alive socket the network already closed.
    for (let attempt = 0; ; attempt += 1) {
      try {
        const { anonymous: _anonymous, as: _as, ...sent } = request;
        response = await (
          await connection()
        ).request<ArrayBuffer>({
          ...sent,
          headers: { ...(bearer ? { Authorization: `Bearer ${bearer}` } : {}), ...request.headers },
        });
        break;
      } catch (error) {
        if (request.method !== 'GET' || attempt > 0) {
          return { ok: false, failure: { kind: 'network', message: (error as Error).message } };
        }
      }
    }
    const body = Buffer.from(response.data);
    const status = response.status;
    if (status >= 200 && status < 300) return classify(status, body, (raw) => parse(raw as Buffer));
    let problem: unknown = body.toString('utf8');
    try {
      problem = JSON.parse(problem as string);
    } catch {
      // Not JSON: the problem is described from the status and the text.
    }
    return classify<T>(status, problem, () => undefined as T, retryAfterMs(response.headers['retry-after']));
  }

  const json =
    <S extends z.ZodType>(schema: S) =>
    (body: Buffer): z.output<S> =>
      schema.parse(JSON.parse(body.toString('utf8')));
  const ticketPath = (id: string) => `tickets/${encodeURIComponent(id)}`;

  return {
    nonce: () => call({ method: 'POST', url: 'auth/nonce', anonymous: true }, json(NonceSchema)),
    login: (proof: z.input<typeof LoginRequestSchema>) =>
      call(
        {
          method: 'POST',
          url: 'auth/login',
          data: proof,
          headers: { 'Content-Type': 'application/json' },
          anonymous: true,
        },
        json(SessionSchema),
      ),
    /** The caller's own session: answers 401 once the token is expired or revoked. */
    session: () => call({ method: 'GET', url: 'auth/session' }, () => undefined),
    feed: (cursor: string, limit: number) =>
      call(
        { method: 'GET', url: `feed?limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}` },
        json(FeedPageSchema),
      ),
    ticket: (id: string) => call({ method: 'GET', url: ticketPath(id) }, json(TicketSchema)),
    cliclavoro: (query: z.input<typeof CliclavoroLookupSchema>) =>
      call(
        { method: 'POST', url: 'cliclavoro/lookup', data: query, headers: { 'Content-Type': 'application/json' } },
        json(CliclavoroResultSchema),
      ),
    claim: (id: string) => call({ method: 'PUT', url: `${ticketPath(id)}/lease` }, json(LeaseSchema)),
    release: (id: string) => call({ method: 'DELETE', url: `${ticketPath(id)}/lease` }, () => undefined),
    /** Sent with `as.token`, like `decideBatch`. */
    decide: (
      ticketId: string,
      decisionId: string,
      body: z.input<typeof DecisionRequestSchema>,
      as: { token: string | undefined },
    ) =>
      call(
        {
          method: 'POST',
          url: `${ticketPath(ticketId)}/decisions`,
          data: body,
          headers: { 'Content-Type': 'application/json', 'Idempotency-Key': decisionId },
          as,
        },
        json(DecisionResultSchema),
      ),
    /** Sent with `as.token`: the decisions' maker's session, which the server records as their author. */
    decideBatch: (
      decisions: { ticketId: string; decisionId: string; decision: z.input<typeof DecisionRequestSchema> }[],
      as: { token: string | undefined },
    ) =>
      call(
        {
          method: 'POST',
          url: 'decisions/batch',
          data: { decisions },
          headers: { 'Content-Type': 'application/json' },
          as,
        },
        json(DecisionBatchResultSchema),
      ),
    attachment: (ticketId: string, sha256: string) =>
      call({ method: 'GET', url: `${ticketPath(ticketId)}/attachments/${sha256}` }, (body) => body),
    /** Any other operation, its JSON answer parsed with the operation's schema (the supervisor's views). */
    operation: <S extends z.ZodType>(
      request: { method: 'GET' | 'POST'; url: string; data?: unknown; headers?: Record<string, string> },
      schema: S,
    ) =>
      call(
        request.data === undefined
          ? request
          : { ...request, headers: { 'Content-Type': 'application/json', ...request.headers } },
        json(schema),
      ),
  };
}

export type CentralApiClient = ReturnType<typeof createCentralApiClient>;

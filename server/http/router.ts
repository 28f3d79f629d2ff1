import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { z } from 'zod';
import { operations, type Access, type Operation, type OperationId } from '../../common/api/operations.ts';
import type { Operator } from '../storage/people-store.ts';
import { ApiProblem } from './problem.ts';

export interface RequestContext {
  params: Record<string, string>;
  query: unknown;
  body: unknown;
  headers: IncomingMessage['headers'];
  operator: Operator | undefined;
  token: string | undefined;
}

/** What a handler answers: JSON by default, raw bytes when `raw` is set. */
export interface Reply {
  status: number;
  body?: unknown;
  raw?: Buffer | string;
  contentType?: string;
  headers?: Record<string, string>;
}

export type Handler = (context: RequestContext) => Reply | Promise<Reply>;

export interface RouterOptions {
  handlers: Record<OperationId, Handler>;
  authenticate: (token: string) => Operator;
  systemKey: string;
  validateResponses: boolean;
  onError: (error: unknown, operationId: string) => void;
}

const SMALL_BODY_LIMIT = 64 * 1024;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface Route {
  id: OperationId;
  op: Operation;
  pattern: RegExp;
  names: string[];
}

const routes: Route[] = (Object.entries(operations) as [OperationId, Operation][]).map(([id, op]) => {
  const names: string[] = [];
  const source = op.path.replace(/[.]/g, '\\.').replace(/\{(\w+)\}/g, (_m, name: string) => {
    names.push(name);
    return '([^/]+)';
  });
  return { id, op, names, pattern: new RegExp(`^${source}$`) };
});

const issuesOf = (error: z.ZodError) =>
  error.issues
    .slice(0, 20)
    .map((issue) => ({ path: issue.path.map(String).join('.') || '(root)', message: issue.message }));

function readBody(request: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(request.headers['content-length'] ?? 0);
  if (declared > limit) return Promise.reject(new ApiProblem(413, 'BODY_TOO_LARGE', `The body exceeds ${limit} bytes`));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(new ApiProblem(413, 'BODY_TOO_LARGE', `The body exceeds ${limit} bytes`));
        request.destroy();
      } else chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

function parseWith<T>(schema: z.ZodType<T> | undefined, value: unknown, where: string): T | undefined {
  if (!schema) return undefined;
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    throw new ApiProblem(400, 'VALIDATION_FAILED', `Invalid ${where}`, { issues: issuesOf(parsed.error) });
  }
  return parsed.data;
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function authorise(access: Access, token: string | undefined, options: RouterOptions): Operator | undefined {
  if (access === 'public') return undefined;
  if (!token) throw new ApiProblem(401, 'TOKEN_MISSING', 'Send Authorization: Bearer <token>');
  if (access === 'system') {
    if (!sameSecret(token, options.systemKey)) throw new ApiProblem(401, 'TOKEN_INVALID', 'Unknown intake key');
    return undefined;
  }
  const operator = options.authenticate(token);
  if (access === 'supervisor' && operator.role !== 'supervisor') {
    throw new ApiProblem(403, 'ROLE_REQUIRED', 'This operation is reserved for supervisors');
  }
  return operator;
}

function send(response: ServerResponse, reply: Reply): void {
  const isRaw = reply.raw !== undefined;
  const payload = isRaw ? reply.raw! : reply.body === undefined ? '' : JSON.stringify(reply.body);
  response.writeHead(reply.status, {
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    ...(payload.length > 0 || isRaw ? { 'Content-Type': reply.contentType ?? 'application/json' } : {}),
    'Content-Length': typeof payload === 'string' ? Buffer.byteLength(payload) : payload.length,
    ...reply.headers,
  });
  response.end(payload);
}

const problemReply = (problem: ApiProblem): Reply => ({
  status: problem.status,
  raw: JSON.stringify(problem),
  contentType: 'application/problem+json',
  headers: problem.status === 401 ? { 'WWW-Authenticate': 'Bearer' } : {},
});

/**
 * Routes a request to its operation: parameters, query, headers and body are validated with the
 * operation's schemas before the handler runs; every failure is a problem+json with a stable code.
 */
export function createRouter(options: RouterOptions) {
  return async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    let operationId = 'unknown';
    try {
      // `//host/...` would parse as another host, which may not be a valid one (found by test/fuzz/api-fuzzer.ts).
      const url = URL.parse((request.url ?? '/').replace(/^\/+/, '/'), 'http://api');
      if (!url) throw new ApiProblem(404, 'NOT_FOUND', 'The request target is not a path');
      const matches = routes
        .map((route) => ({ route, match: route.pattern.exec(url.pathname) }))
        .filter((m) => m.match);
      if (matches.length === 0) throw new ApiProblem(404, 'NOT_FOUND', `No resource at ${url.pathname.slice(0, 200)}`);
      const found = matches.find((m) => m.route.op.method === request.method);
      if (!found) {
        const allowed = matches.map((m) => m.route.op.method).join(', ');
        throw new ApiProblem(405, 'METHOD_NOT_ALLOWED', `Use ${allowed}`, { allowed });
      }
      const { route, match } = found as { route: Route; match: RegExpExecArray };
      operationId = route.id;
      const op = route.op;

      const auth = request.headers.authorization;
      const token = auth?.startsWith('Bearer ') ? auth.slice(7).trim() : undefined;
      const operator = authorise(op.access, token, options);

      const rawParams: Record<string, string> = {};
      route.names.forEach((name, i) => {
        try {
          rawParams[name] = decodeURIComponent(match[i + 1] ?? '');
        } catch {
          throw new ApiProblem(400, 'VALIDATION_FAILED', `Invalid path parameter ${name}`);
        }
      });
      const params = (parseWith(op.params, rawParams, 'path parameters') ?? {}) as Record<string, string>;
      const rawQuery = Object.fromEntries(url.searchParams);
      const query = op.query ? parseWith(op.query, rawQuery, 'query') : undefined;
      if (!op.query && url.searchParams.size > 0) {
        throw new ApiProblem(400, 'VALIDATION_FAILED', 'This operation takes no query parameters');
      }
      if (op.idempotent && !UUID.test(String(request.headers['idempotency-key'] ?? ''))) {
        throw new ApiProblem(400, 'IDEMPOTENCY_KEY_REQUIRED', 'Send Idempotency-Key: <decision id (UUID)>');
      }

      let body: unknown;
      if (op.body) {
        const type = (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
        if (type !== 'application/json') throw new ApiProblem(415, 'UNSUPPORTED_MEDIA_TYPE', 'Send application/json');
        const raw = await readBody(request, op.bodyLimit ?? SMALL_BODY_LIMIT);
        let json: unknown;
        try {
          json = JSON.parse(raw.toString('utf8'));
        } catch {
          throw new ApiProblem(400, 'MALFORMED_JSON', 'The body is not valid JSON');
        }
        body = parseWith(op.body, json, 'body');
      } else {
        await readBody(request, SMALL_BODY_LIMIT);
      }

      const reply = await options.handlers[route.id]({
        params,
        query,
        body,
        headers: request.headers,
        operator,
        token,
      });
      if (options.validateResponses && reply.body !== undefined) {
        const schema = op.responses[reply.status]?.schema;
        const checked = schema?.safeParse(reply.body);
        if (checked && !checked.success) {
          options.onError(
            new Error(`response breaks the contract: ${JSON.stringify(issuesOf(checked.error))}`),
            operationId,
          );
          throw new ApiProblem(500, 'INTERNAL', 'The server produced an invalid response');
        }
      }
      send(response, reply);
    } catch (error) {
      if (!(error instanceof ApiProblem)) options.onError(error, operationId);
      const problem = error instanceof ApiProblem ? error : new ApiProblem(500, 'INTERNAL', 'Unexpected server error');
      if (!response.headersSent) send(response, problemReply(problem));
      else response.destroy();
    }
  };
}

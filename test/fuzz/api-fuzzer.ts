/**
 * Requests against the reference central API (server/api-server.ts) over real HTTP on loopback:
 * every documented operation with schema-generated then mutated bodies, wrong or missing
 * credentials, hostile headers, path parameters and query strings, wrong methods and made-up
 * paths.
 *
 * Invariants: no 5xx and no server-side error report; every 4xx is application/problem+json with
 * a code and its own status; a refused request changes no row count of the central database;
 * every request is answered within the deadline.
 *
 * Requests are well framed HTTP with header values a client library can send: malformed HTTP and
 * oversized headers are answered by Node's parser before any Accredita code runs.
 */
import { Agent, request } from 'node:http';
import path from 'node:path';
import fc from 'fast-check';
import { openApiDocument } from '../../common/api/openapi.ts';
import { startApiServer, type ApiServer } from '../../server/api-server.ts';
import { certificatePolicies } from '../../server/auth/certificate-policies.ts';
import { CIE_AUTH_POLICY } from '../../server/auth/cie-proof.ts';
import { intake, OPERATORS, SYSTEM_KEY } from '../support/api-fixture.ts';
import { tempDir } from '../support/temp-dir.ts';
import { cardSign, createTestPki } from '../support/test-pki.ts';
import { Hang, runCampaign, type CampaignResult } from './harness.ts';
import { schemaValue } from './schema-arbitrary.ts';
import { hostileValue, mutated, summarise } from './value-mutations.ts';

const CONTEXT = 'accredita-login:fuzz';
const REQUEST_TIMEOUT_MS = 5_000;

interface Operation {
  id: string;
  method: string;
  template: string;
  pathParams: string[];
  queryParams: string[];
  body: unknown;
}

export interface ApiTarget {
  server: ApiServer;
  operations: Operation[];
  tokens: Record<'operator' | 'supervisor' | 'system', string>;
  ticketIds: string[];
  attachmentHashes: string[];
  /** Errors the server reported through onError: each one is a crash. */
  serverErrors: string[];
  snapshot(): Promise<string>;
  close(): Promise<void>;
}

interface ApiCase {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: Buffer | undefined;
  label: string;
}

async function fetchJson(base: string, method: string, url: string, token?: string, body?: unknown) {
  const response = await fetch(new URL(url, base), {
    method,
    headers: {
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

export async function startApiTarget(): Promise<ApiTarget> {
  const dir = tempDir('fuzz-api');
  const pki = await createTestPki();
  const serverErrors: string[] = [];
  const server = await startApiServer({
    dbFile: path.join(dir.dir, 'central.db'),
    port: 0,
    systemKey: SYSTEM_KEY,
    version: 'fuzz',
    validateResponses: true,
    trust: { roots: [pki.root], requiredPolicies: [CIE_AUTH_POLICY], policiesOf: certificatePolicies },
    onError: (error, id) => serverErrors.push(`${id}: ${(error as Error).stack ?? String(error)}`),
  });
  OPERATORS.forEach((o) => server.people.enroll(o));
  const login = async (operatorId: string) => {
    const card = await pki.issue(OPERATORS.find((o) => o.id === operatorId)!.codiceFiscale);
    const { json: nonce } = await fetchJson(server.url, 'POST', 'auth/nonce');
    const signature = await cardSign(card, nonce.nonce as string, CONTEXT);
    const { json } = await fetchJson(server.url, 'POST', 'auth/login', undefined, {
      nonce: nonce.nonce,
      certificate: card.certificate.toString('base64'),
      signature: signature.toString('base64'),
      context: CONTEXT,
    });
    return json.token as string;
  };
  const tokens = { operator: await login('op-anna'), supervisor: await login('sup-marta'), system: SYSTEM_KEY };
  const ticketIds: string[] = [];
  const attachmentHashes: string[] = [];
  for (let i = 0; i < 3; i++) {
    const { json } = await fetchJson(server.url, 'POST', 'tickets', SYSTEM_KEY, intake());
    ticketIds.push(json.id as string);
    for (const attachment of (json.attachments as { sha256: string }[] | undefined) ?? [])
      attachmentHashes.push(attachment.sha256);
  }

  const document = openApiDocument('fuzz') as {
    paths: Record<
      string,
      Record<
        string,
        {
          operationId: string;
          parameters?: { in: string; name: string }[];
          requestBody?: { content: Record<string, { schema: unknown }> };
        }
      >
    >;
  };
  const operations: Operation[] = Object.entries(document.paths).flatMap(([template, item]) =>
    Object.entries(item).map(([method, op]) => ({
      id: op.operationId,
      method: method.toUpperCase(),
      template,
      pathParams: (op.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name),
      queryParams: (op.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name),
      body: op.requestBody?.content['application/json']?.schema,
    })),
  );
  const tables = (
    server.db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`).all() as {
      name: string;
    }[]
  ).map((row) => row.name);
  return {
    server,
    operations,
    tokens,
    ticketIds,
    attachmentHashes,
    serverErrors,
    async snapshot() {
      // Approvals send their e-mails from the server's own outbox, after the answer.
      await server.drainCredentials();
      return JSON.stringify(
        tables.map((table) => (server.db.prepare(`SELECT COUNT(*) AS n FROM "${table}"`).get() as { n: number }).n),
      );
    },
    async close() {
      await server.close();
      dir.remove();
    },
  };
}

const HOSTILE_SEGMENTS = [
  '',
  '..',
  '%2e%2e',
  '%2F',
  '%zz',
  '%',
  '%00',
  '%E0%A4%A',
  '.',
  '~',
  '%252e',
  'A'.repeat(3000),
];
const printable = fc.stringMatching(/^[\x20-\x7e]{0,120}$/);
const headerName = fc
  .stringMatching(/^[A-Za-z][A-Za-z0-9-]{0,24}$/)
  .filter(
    (name) =>
      !['host', 'content-length', 'transfer-encoding', 'connection', 'expect', 'upgrade'].includes(name.toLowerCase()),
  );

/** A body's JSON; a value nested too deep for JSON.stringify becomes the same depth of brackets, as a hostile client would send it. */
function jsonText(value: unknown): string {
  try {
    return JSON.stringify(value) ?? 'null';
  } catch {
    return `${'['.repeat(5_000)}${']'.repeat(5_000)}`;
  }
}

function caseArbitrary(target: ApiTarget): fc.Arbitrary<ApiCase> {
  const segment = fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...target.ticketIds, ...target.attachmentHashes) },
    { weight: 2, arbitrary: fc.string({ maxLength: 40 }).map(encodeURIComponent) },
    { weight: 1, arbitrary: fc.uuid() },
    { weight: 2, arbitrary: fc.constantFrom(...HOSTILE_SEGMENTS) },
  );
  const credentials = fc.constantFrom<[string, string | undefined]>(
    ['none', undefined],
    ['operator', `Bearer ${target.tokens.operator}`],
    ['operator', `Bearer ${target.tokens.operator}`],
    ['supervisor', `Bearer ${target.tokens.supervisor}`],
    ['system', `Bearer ${target.tokens.system}`],
    ['garbage', 'Bearer 0000'],
    ['scheme', `Basic ${target.tokens.operator}`],
    ['empty', 'Bearer '],
  );
  const contentType = fc.constantFrom(
    'application/json',
    'application/json',
    'application/json',
    'application/json; charset=utf-8',
    'APPLICATION/JSON',
    'text/plain',
    'application/x-www-form-urlencoded',
    'multipart/form-data; boundary=x',
    '',
  );
  const headers = fc.record({
    authorization: credentials,
    contentType,
    idempotencyKey: fc.oneof(fc.uuid(), fc.constant(undefined), printable),
    range: fc.option(
      fc.oneof(fc.constantFrom('bytes=0-10', 'bytes=-5', 'bytes=5-', 'bytes=10-0', 'bytes=0-0,2-3'), printable),
      { nil: undefined },
    ),
    extra: fc.dictionary(headerName, printable, { maxKeys: 3 }),
  });
  const jsonBody = (schema: unknown) =>
    fc
      .oneof(
        { weight: 2, arbitrary: schemaValue(schema) },
        { weight: 5, arbitrary: schemaValue(schema).chain((valid) => mutated(valid)) },
        { weight: 1, arbitrary: hostileValue },
      )
      .map((value) => Buffer.from(jsonText(value)));
  const rawBody = fc.oneof(
    fc.string({ maxLength: 200 }).map((text) => Buffer.from(text)),
    fc.uint8Array({ maxLength: 2048 }).map((bytes) => Buffer.from(bytes)),
    fc.constant(Buffer.from('{"a":')),
    fc.integer({ min: 65 * 1024, max: 1024 * 1024 }).map((n) => Buffer.from(`"${'A'.repeat(n)}"`)),
  );

  const documented = fc
    .constantFrom(...target.operations)
    .chain((op) =>
      fc.record({
        op: fc.constant(op),
        method: fc.oneof(
          { weight: 9, arbitrary: fc.constant(op.method) },
          { weight: 1, arbitrary: fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD') },
        ),
        params: fc.array(segment, { minLength: op.pathParams.length, maxLength: op.pathParams.length }),
        query: fc.option(
          fc.dictionary(
            fc.oneof(fc.constantFrom(...op.queryParams, 'x'), fc.string({ maxLength: 10 })),
            fc.oneof(printable, fc.string({ maxLength: 30 })),
            { maxKeys: 4 },
          ),
          { nil: undefined },
        ),
        headers,
        body: op.body
          ? fc.oneof(
              { weight: 6, arbitrary: jsonBody(op.body) },
              { weight: 1, arbitrary: rawBody },
              { weight: 1, arbitrary: fc.constant(undefined) },
            )
          : fc.oneof({ weight: 6, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: rawBody }),
      }),
    )
    .map(({ op, method, params, query, headers: h, body }) => {
      let i = 0;
      const pathname = op.template.replace(/\{\w+\}/g, () => params[i++]!);
      const search = query ? new URLSearchParams(query).toString() : '';
      return toCase(method, `${pathname}${search ? `?${search}` : ''}`, h, body, op.id);
    });

  const madeUp = fc
    .record({
      method: fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH'),
      segments: fc.array(segment, { maxLength: 5 }),
      headers,
      body: fc.option(rawBody, { nil: undefined }),
    })
    .map(({ method, segments, headers: h, body }) => toCase(method, `/${segments.join('/')}`, h, body, 'made-up path'));

  return fc.oneof({ weight: 9, arbitrary: documented }, { weight: 1, arbitrary: madeUp });
}

function toCase(
  method: string,
  pathAndQuery: string,
  h: {
    authorization: [string, string | undefined];
    contentType: string;
    idempotencyKey: string | undefined;
    range: string | undefined;
    extra: Record<string, string>;
  },
  body: Buffer | undefined,
  label: string,
): ApiCase {
  const headers: Record<string, string> = { ...h.extra };
  if (h.authorization[1] !== undefined) headers.Authorization = h.authorization[1];
  if (body !== undefined && h.contentType) headers['Content-Type'] = h.contentType;
  if (h.idempotencyKey !== undefined) headers['Idempotency-Key'] = h.idempotencyKey;
  if (h.range !== undefined) headers.Range = h.range;
  if (body !== undefined) headers['Content-Length'] = String(body.length);
  return { method, path: pathAndQuery, headers, body, label: `${label} as ${h.authorization[0]}` };
}

function send(base: URL, agent: Agent, c: ApiCase): Promise<{ status: number; contentType: string; body: string }> {
  return new Promise((resolve, reject) => {
    const outgoing = request(
      { host: base.hostname, port: base.port, method: c.method, path: c.path, headers: c.headers, agent },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            contentType: String(response.headers['content-type'] ?? ''),
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        response.on('error', reject);
      },
    );
    outgoing.setTimeout(REQUEST_TIMEOUT_MS, () => outgoing.destroy(new Hang(`no answer in ${REQUEST_TIMEOUT_MS} ms`)));
    outgoing.on('error', reject);
    outgoing.end(c.body);
  });
}

export async function fuzzCentralApi(
  target: ApiTarget,
  options: { cases: number; seed: number },
): Promise<CampaignResult> {
  const base = new URL(target.server.url);
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  try {
    return await runCampaign<ApiCase>({
      boundary: 'api',
      cases: options.cases,
      seed: options.seed,
      deadlineMs: REQUEST_TIMEOUT_MS + 2_000,
      arbitrary: caseArbitrary(target),
      describe: (c) =>
        `${c.label}: ${c.method} ${summarise(c.path, 120)} ${summarise(c.headers, 200)} body ${summarise(c.body?.toString('utf8') ?? '', 120)}`,
      async run(c) {
        const before = await target.snapshot();
        const reported = target.serverErrors.length;
        const answer = await send(base, agent, c);
        if (target.serverErrors.length > reported) throw new Error(`server error: ${target.serverErrors.at(-1)}`);
        if (answer.status >= 500) throw new Error(`${answer.status}: ${answer.body.slice(0, 300)}`);
        if (answer.status < 400) return `${answer.status}`;
        if (!answer.contentType.startsWith('application/problem+json')) {
          throw new Error(
            `${answer.status} as ${answer.contentType || 'no content type'}: ${answer.body.slice(0, 200)}`,
          );
        }
        if (c.method !== 'HEAD') {
          const problem = JSON.parse(answer.body) as { code?: unknown; status?: unknown };
          if (typeof problem.code !== 'string' || problem.status !== answer.status) {
            throw new Error(`not a problem with a code: ${answer.body.slice(0, 200)}`);
          }
        }
        const after = await target.snapshot();
        if (after !== before)
          throw new Error(`a refused request (${answer.status}) changed the database: ${before} → ${after}`);
        return `${answer.status}`;
      },
    });
  } finally {
    agent.destroy();
  }
}

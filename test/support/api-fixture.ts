import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { startApiServer, type ApiServer } from '../../server/api-server.ts';
import { CIE_AUTH_POLICY } from '../../server/auth/cie-proof.ts';
import { certificatePolicies } from '../../server/auth/certificate-policies.ts';
import type { Operator } from '../../server/storage/people-store.ts';
import { cardSign, createTestPki, type TestCard } from './test-pki.ts';
import { tempDir } from './temp-dir.ts';

export const SYSTEM_KEY = 'test-intake-key-0123456789abcdef';
export const CONTEXT = 'accredita-login:test';

export const OPERATORS: Operator[] = [
  { id: 'op-anna', codiceFiscale: 'RSSNNA80A41H501L', name: 'Anna Rossi', role: 'operator', inTraining: false },
  { id: 'op-luca', codiceFiscale: 'BNCLCU85B12F205D', name: 'Luca Bianchi', role: 'operator', inTraining: false },
  { id: 'op-nuovo', codiceFiscale: 'VRDGPP90C15L219G', name: 'Giuseppe Verdi', role: 'operator', inTraining: true },
  { id: 'sup-marta', codiceFiscale: 'FRRMRT75D50H501C', name: 'Marta Ferrari', role: 'supervisor', inTraining: false },
  { id: 'sup-paolo', codiceFiscale: 'CLMPLA70E20F839A', name: 'Paolo Colombo', role: 'supervisor', inTraining: false },
];

export interface Exchange {
  operationId: string;
  status: number;
}

/** A reference API on a free port with a real test PKI, enrolled operators and a recording client. */
export async function startApiFixture(options: { now?: () => Date; leaseSeconds?: number } = {}) {
  const dir = tempDir('api');
  const pki = await createTestPki();
  const server: ApiServer = await startApiServer({
    dbFile: path.join(dir.dir, 'central.db'),
    port: 0,
    systemKey: SYSTEM_KEY,
    version: 'test',
    validateResponses: true,
    trust: { roots: [pki.root], requiredPolicies: [CIE_AUTH_POLICY], policiesOf: certificatePolicies },
    onError: (error, id) => {
      throw new Error(`server error in ${id}: ${String(error)}`);
    },
    ...options,
  });
  OPERATORS.forEach((o) => server.people.enroll(o));
  const cards = new Map<string, TestCard>();
  for (const o of OPERATORS) cards.set(o.id, await pki.issue(o.codiceFiscale));

  async function request(
    method: string,
    url: string,
    init: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
  ) {
    const response = await fetch(new URL(url.replace(/^\//, ''), server.url), {
      method,
      headers: {
        ...(init.token ? { Authorization: `Bearer ${init.token}` } : {}),
        ...(init.body !== undefined ? { 'Content-Type': 'application/json' } : {}),
        ...init.headers,
      },
      body: init.body === undefined ? undefined : typeof init.body === 'string' ? init.body : JSON.stringify(init.body),
    });
    const text = await response.text();
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    return { status: response.status, headers: response.headers, text, json: (json ?? {}) as Record<string, unknown> };
  }

  async function loginAs(operatorId: string): Promise<string> {
    const card = cards.get(operatorId);
    if (!card) throw new Error(`no card for ${operatorId}`);
    const { json: nonce } = await request('POST', '/auth/nonce');
    const signature = await cardSign(card, (nonce as { nonce: string }).nonce, CONTEXT);
    const { status, json } = await request('POST', '/auth/login', {
      body: {
        nonce: (nonce as { nonce: string }).nonce,
        certificate: card.certificate.toString('base64'),
        signature: signature.toString('base64'),
        context: CONTEXT,
      },
    });
    if (status !== 200) throw new Error(`login ${operatorId} failed: ${JSON.stringify(json)}`);
    return (json as { token: string }).token;
  }

  return {
    server,
    pki,
    cards,
    request,
    loginAs,
    async close() {
      await server.close();
      dir.remove();
    },
  };
}

export const PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');
export const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

export function intake(overrides: Record<string, unknown> = {}) {
  return {
    categoria: 'Gestione Accessi',
    sottocategoria: 'Accreditamento Utente Estero',
    applicant: {
      nome: 'Jürgen',
      cognome: 'Müller',
      email: 'juergen.mueller@example.de',
      telefono: '+4915123456789',
      nationality: 'DE',
      residenceCountry: 'DE',
      birthDate: '1980-05-17',
      language: 'de',
    },
    consenso: { given: true, at: '2026-11-20T09:00:00Z' },
    attachments: [
      { filename: 'id.png', contentType: 'image/png', kind: 'ID_COPY', dataBase64: PNG.toString('base64') },
    ],
    ...overrides,
  };
}

export function formEmail(pdf = PDF) {
  return {
    from: 'juergen.mueller@example.de',
    subject: 'Re: modulo',
    receivedAt: '2026-11-21T10:00:00Z',
    attachments: [
      { filename: 'modulo.pdf', contentType: 'application/pdf', kind: 'FORM', dataBase64: pdf.toString('base64') },
    ],
  };
}

type MediaTypes = Record<string, { schema?: object }>;
interface OpenApiOperation {
  operationId: string;
  requestBody?: { content?: MediaTypes };
  responses?: Record<string, { content?: MediaTypes }>;
}

/** Compiles the served OpenAPI document's schemas to check requests and responses independently of zod. */
export function contractValidator(document: Record<string, unknown>) {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats.default(ajv);
  const paths = document.paths as Record<string, Record<string, OpenApiOperation>>;
  const find = (method: string, pathname: string) => {
    for (const [template, item] of Object.entries(paths)) {
      const pattern = new RegExp(`^${template.replace(/\{\w+\}/g, '[^/]+')}$`);
      const operation = item[method.toLowerCase()];
      if (pattern.test(pathname) && operation) return operation;
    }
    return undefined;
  };
  return {
    operationIds: (): string[] =>
      Object.values(paths).flatMap((item) => Object.values(item).map((op) => String(op.operationId))),
    operationId: (method: string, pathname: string) =>
      (find(method, pathname) as { operationId?: string } | undefined)?.operationId,
    check(
      method: string,
      pathname: string,
      requestBody: unknown,
      status: number,
      contentType: string | null,
      body: unknown,
    ): string[] {
      const operation = find(method, pathname);
      if (!operation) return [`${method} ${pathname} is not in the document`];
      const problems: string[] = [];
      const requestSchema = operation.requestBody?.content?.['application/json']?.schema;
      if (requestSchema && requestBody !== undefined && !ajv.validate(requestSchema, requestBody)) {
        problems.push(`request: ${ajv.errorsText()}`);
      }
      const response = operation.responses?.[String(status)];
      if (!response) return [...problems, `status ${status} is not documented for ${operation.operationId}`];
      const media = contentType?.split(';')[0] ?? '';
      const schema = response.content?.[media]?.schema;
      if (response.content && !response.content[media])
        problems.push(`content type ${media} is not documented for ${status}`);
      if (schema && !ajv.validate(schema, body)) problems.push(`response ${status}: ${ajv.errorsText()}`);
      return problems;
    },
  };
}

export const loadJson = (file: string): unknown => JSON.parse(readFileSync(file, 'utf8'));

import { z } from 'zod';
import { operations, type Operation } from './operations.ts';

const schema = (type: z.ZodType, io: 'input' | 'output') => {
  const { $schema, ...rest } = z.toJSONSchema(type, { target: 'draft-2020-12', io, unrepresentable: 'any' });
  return rest;
};

function parameters(op: Operation) {
  const list: object[] = [];
  for (const [where, shape] of [
    ['path', op.params],
    ['query', op.query],
  ] as const) {
    for (const [name, field] of Object.entries(shape?.shape ?? {})) {
      list.push({
        name,
        in: where,
        required: where === 'path' || !field.safeParse(undefined).success,
        schema: schema(field, 'input'),
      });
    }
  }
  if (op.idempotent) {
    list.push({
      name: 'Idempotency-Key',
      in: 'header',
      required: true,
      description: "The client's decision id (UUID v7): a retry with the same key and body gets the first answer again",
      schema: { type: 'string', format: 'uuid' },
    });
  }
  return list;
}

/** The OpenAPI 3.1 document of the central API, built from the operation table. */
export function openApiDocument(version: string, serverUrl?: string): object {
  const paths: Record<string, Record<string, object>> = {};
  for (const [operationId, op] of Object.entries(operations) as [string, Operation][]) {
    const responses = Object.fromEntries(
      Object.entries(op.responses).map(([status, response]) => [
        status,
        {
          description: response.description,
          ...(response.schema
            ? {
                content: {
                  [response.contentType ?? 'application/json']: { schema: schema(response.schema, 'output') },
                },
              }
            : response.binaryTypes
              ? {
                  content: Object.fromEntries(
                    response.binaryTypes.map((type) => [type, { schema: { type: 'string', contentMediaType: type } }]),
                  ),
                }
              : response.contentType
                ? { content: { [response.contentType]: {} } }
                : {}),
        },
      ]),
    );
    (paths[op.path] ??= {})[op.method.toLowerCase()] = {
      operationId,
      summary: op.summary,
      security: op.access === 'public' ? [] : [{ bearer: [] }],
      'x-access': op.access,
      parameters: parameters(op),
      ...(op.body
        ? { requestBody: { required: true, content: { 'application/json': { schema: schema(op.body, 'input') } } } }
        : {}),
      responses,
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Accredita central API',
      version,
      description:
        'Reference contract for the back end of URP Online and Servizi Lavoro: Accreditamento Utente Estero tickets, decisions, credentials, audit. Errors are application/problem+json (RFC 9457) with a stable `code`.',
    },
    ...(serverUrl ? { servers: [{ url: serverUrl }] } : {}),
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    paths,
  };
}

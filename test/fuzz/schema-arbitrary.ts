/**
 * fast-check values that follow a JSON Schema (the subset the central API's OpenAPI document
 * uses: types, const, enum, anyOf, patterns, formats, bounds, objects with required keys, maps by
 * propertyNames), so the API fuzzer starts from requests that get past the first checks.
 */
import fc from 'fast-check';

type Schema = Record<string, unknown>;

const ISO_RANGE = { min: new Date('2000-01-01T00:00:00Z'), max: new Date('2035-12-31T00:00:00Z'), noInvalidDate: true };

function stringOf(schema: Schema): fc.Arbitrary<string> {
  const maxLength = typeof schema.maxLength === 'number' ? schema.maxLength : 40;
  const minLength = typeof schema.minLength === 'number' ? schema.minLength : 0;
  if (schema.format === 'date-time') return fc.date(ISO_RANGE).map((d) => d.toISOString());
  if (schema.format === 'date') return fc.date(ISO_RANGE).map((d) => d.toISOString().slice(0, 10));
  if (schema.format === 'uuid') return fc.uuid();
  if (schema.format === 'email') return fc.constantFrom('anna.rossi@example.it', 'j.muller@example.de');
  if (schema.format === 'base64' || schema.contentEncoding === 'base64') {
    return fc.uint8Array({ maxLength: 96 }).map((bytes) => Buffer.from(bytes).toString('base64'));
  }
  if (typeof schema.pattern === 'string') {
    return fc.stringMatching(new RegExp(schema.pattern)).map((s) => s.slice(0, Math.max(maxLength, minLength)));
  }
  return fc.string({ minLength, maxLength: Math.min(maxLength, Math.max(minLength, 40)) });
}

function numberOf(schema: Schema, integer: boolean): fc.Arbitrary<number> {
  const lowest =
    typeof schema.minimum === 'number'
      ? schema.minimum
      : typeof schema.exclusiveMinimum === 'number'
        ? schema.exclusiveMinimum + (integer ? 1 : Number.EPSILON)
        : -1_000_000;
  const highest =
    typeof schema.maximum === 'number' ? Math.min(schema.maximum, lowest + 10_000_000) : lowest + 1_000_000;
  return integer
    ? fc.integer({ min: Math.ceil(lowest), max: Math.floor(highest) })
    : fc.double({ min: lowest, max: highest, noNaN: true });
}

export function schemaValue(schema: unknown, depth = 0): fc.Arbitrary<unknown> {
  if (!schema || typeof schema !== 'object' || depth > 8) return fc.constant(null);
  const s = schema as Schema;
  if ('const' in s) return fc.constant(s.const);
  if (Array.isArray(s.enum)) return fc.constantFrom(...(s.enum as unknown[]));
  const alternatives = (s.anyOf ?? s.oneOf) as unknown[] | undefined;
  if (Array.isArray(alternatives)) return fc.oneof(...alternatives.map((a) => schemaValue(a, depth + 1)));
  if (Array.isArray(s.type)) return fc.oneof(...s.type.map((type) => schemaValue({ ...s, type }, depth + 1)));
  switch (s.type) {
    case 'string':
      return stringOf(s);
    case 'integer':
      return numberOf(s, true);
    case 'number':
      return numberOf(s, false);
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array':
      return fc.array(schemaValue(s.items, depth + 1), {
        minLength: typeof s.minItems === 'number' ? s.minItems : 0,
        maxLength: Math.min(typeof s.maxItems === 'number' ? s.maxItems : 3, 3),
      });
    case 'object': {
      const properties = (s.properties ?? {}) as Record<string, unknown>;
      if (
        Object.keys(properties).length === 0 &&
        s.additionalProperties &&
        typeof s.additionalProperties === 'object'
      ) {
        const keys = s.propertyNames ? schemaValue(s.propertyNames, depth + 1) : fc.string({ maxLength: 12 });
        return fc.dictionary(keys.map(String), schemaValue(s.additionalProperties, depth + 1), { maxKeys: 3 });
      }
      const required = Array.isArray(s.required) ? (s.required as string[]) : [];
      const fields = Object.fromEntries(
        Object.entries(properties).map(([key, value]) => [key, schemaValue(value, depth + 1)]),
      );
      return fc.record(fields, { requiredKeys: required.filter((key) => key in fields) });
    }
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

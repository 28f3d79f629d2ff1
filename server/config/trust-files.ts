import { readFileSync } from 'node:fs';
import { X509Certificate } from 'node:crypto';
import { z } from 'zod';
import { isCodiceFiscaleShape } from '../../common/domain/codice-fiscale.ts';
import type { Operator } from '../storage/people-store.ts';

/** Every certificate in a PEM bundle; a file with none is a configuration error, not an empty trust list. */
export function readCertificates(file: string): X509Certificate[] {
  const pem = readFileSync(file, 'utf8');
  const blocks = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  if (blocks.length === 0) throw new Error(`${file}: no PEM certificate found`);
  return blocks.map((block) => new X509Certificate(block));
}

const OperatorsFileSchema = z.array(
  z.strictObject({
    id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
    codiceFiscale: z.string().refine(isCodiceFiscaleShape, 'not a valid codice fiscale'),
    name: z.string().min(1).max(200),
    role: z.enum(['operator', 'supervisor']),
    inTraining: z.boolean().default(false),
  }),
);

/** Operator enrollment from a JSON file: [{ id, codiceFiscale, name, role, inTraining? }]. */
export function readOperators(file: string): Operator[] {
  const parsed = OperatorsFileSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${file}: ${issue?.path.join('.') ?? ''} ${issue?.message ?? 'invalid'}`);
  }
  return parsed.data;
}

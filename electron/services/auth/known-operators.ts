import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { RoleSchema } from '../../../common/api/schemas.ts';
import { writeAtomically } from '../runtime/atomic-file.ts';

/**
 * The operators who signed in online on this workstation, with the card each used: what an
 * offline login and an unlock are checked against. Sealed with AES-256-GCM under a key derived
 * from the profile's master key, so the file is useless without the OS keystore.
 */

export const KnownOperatorSchema = z.strictObject({
  codiceFiscale: z.string(),
  operator: z.strictObject({ id: z.string(), name: z.string(), role: RoleSchema }),
  nis: z.string(),
  ef1005Hash: z.string(),
  /** EF 1003, DER, base64: the certificate the server accepted. */
  certificate: z.string(),
  lastOnlineLogin: z.iso.datetime({ offset: true }),
});
export type KnownOperator = z.output<typeof KnownOperatorSchema>;

const FileSchema = z.strictObject({ version: z.literal(1), operators: z.array(KnownOperatorSchema) });

export interface KnownOperatorStore {
  find(codiceFiscale: string): KnownOperator | undefined;
  remember(entry: KnownOperator): void;
}

const IV_BYTES = 12;
const TAG_BYTES = 16;

export function openKnownOperators(file: string, masterKey: Buffer): KnownOperatorStore {
  const key = Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), 'accredita/known-operators/v1', 32));

  const load = (): KnownOperator[] => {
    let sealed: Buffer;
    try {
      sealed = readFileSync(file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, IV_BYTES));
      decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
      const plain = Buffer.concat([
        decipher.update(sealed.subarray(IV_BYTES, sealed.length - TAG_BYTES)),
        decipher.final(),
      ]);
      return FileSchema.parse(JSON.parse(plain.toString('utf8'))).operators;
    } catch {
      // Unreadable (other key, damaged): offline login is refused until the next online login rewrites it.
      return [];
    }
  };

  let operators = load();
  return {
    find: (codiceFiscale) => operators.find((entry) => entry.codiceFiscale === codiceFiscale),
    remember(entry) {
      const next = [...operators.filter((known) => known.codiceFiscale !== entry.codiceFiscale), entry];
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([
        cipher.update(JSON.stringify({ version: 1, operators: next } satisfies z.input<typeof FileSchema>)),
        cipher.final(),
      ]);
      writeAtomically(file, Buffer.concat([iv, body, cipher.getAuthTag()]));
      operators = next;
    },
  };
}

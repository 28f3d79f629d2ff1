import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { writeAtomically } from '../runtime/atomic-file.ts';

const AnchorsSchema = z.record(
  z.string(),
  z.strictObject({ seq: z.int().positive(), hash: z.string(), verifiedAt: z.iso.datetime({ offset: true }) }),
);
export type AuditAnchor = z.output<typeof AnchorsSchema>[string];

/**
 * The head of the audit chain as this console last verified it, per central API. A hash chain
 * cannot show its own tail being cut off or rewritten from some row on; a head noted outside the
 * server's database can. Kept in the profile (`supervisor/audit-anchors.json`).
 */
export function openAuditAnchors(profileDir: string) {
  const dir = path.join(profileDir, 'supervisor');
  const file = path.join(dir, 'audit-anchors.json');
  const read = (): Record<string, AuditAnchor> => {
    try {
      const parsed = AnchorsSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
      return parsed.success ? parsed.data : {};
    } catch {
      return {};
    }
  };
  return {
    get: (apiUrl: string): AuditAnchor | undefined => read()[apiUrl],
    set(apiUrl: string, anchor: AuditAnchor): void {
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      writeAtomically(file, `${JSON.stringify({ ...read(), [apiUrl]: anchor }, null, 2)}\n`);
    },
  };
}

export type AuditAnchors = ReturnType<typeof openAuditAnchors>;

import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { writeAtomically } from '../runtime/atomic-file.ts';

/*
 * The ticket the operator has open, kept in the profile so that reopening the console after a
 * crash brings them back to it (issue 9, item 7). Only identifiers are written: the ticket id
 * and who had it open, never applicant data. Decisions need no such help: they are in the
 * cache's outbox from the moment they are submitted.
 */

const FileSchema = z.strictObject({
  version: z.literal(1),
  operatorId: z.string(),
  ticketId: z.string(),
  at: z.iso.datetime({ offset: true }),
});

export interface OpenTicketMemory {
  remember(operatorId: string, ticketId: string | null): void;
  /**
   * The ticket `operatorId` had open when the previous run stopped without a sign-out, given
   * once: a page reloaded later in the same run opens where its address says, not there again.
   * Another operator's ticket is not theirs to reopen.
   */
  recall(operatorId: string): string | null;
  forget(): void;
}

function read(file: string): z.output<typeof FileSchema> | undefined {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    // Absent or half-readable: there is simply nothing to reopen.
    return undefined;
  }
  const parsed = FileSchema.safeParse(raw);
  return parsed.success ? parsed.data : undefined;
}

export function openTicketMemory(profileDir: string, now: () => Date = () => new Date()): OpenTicketMemory {
  const file = path.join(profileDir, 'open-ticket.json');
  let leftOver = read(file);
  const forget = () => {
    leftOver = undefined;
    rmSync(file, { force: true });
  };
  return {
    remember(operatorId, ticketId) {
      if (ticketId === null) return forget();
      writeAtomically(
        file,
        JSON.stringify({ version: 1, operatorId, ticketId, at: now().toISOString() } satisfies z.input<
          typeof FileSchema
        >),
      );
    },
    recall(operatorId) {
      if (leftOver?.operatorId !== operatorId) return null;
      const { ticketId } = leftOver;
      leftOver = undefined;
      return ticketId;
    },
    forget,
  };
}

import type { Ticket } from '../../../../common/api/schemas.ts';

export type DocumentTab = 'form' | 'id' | 'other';
export type Attachment = Ticket['attachments'][number];

/** Newest first: a resubmission is what the operator looks at. */
export const ofKind = (attachments: readonly Attachment[], kind: Attachment['kind']): Attachment[] =>
  attachments.filter((a) => a.kind === kind).sort((a, b) => b.receivedAt.localeCompare(a.receivedAt));

/**
 * Which file of a kind to show: the one the operator chose, else the one the checks read, else
 * the newest; null when the ticket has none.
 */
export function pickAttachment(
  attachments: readonly Attachment[],
  kind: Attachment['kind'],
  chosen: string | null,
  checked: string | null | undefined,
): string | null {
  const files = ofKind(attachments, kind);
  if (chosen && files.some((a) => a.sha256 === chosen)) return chosen;
  if (checked && files.some((a) => a.sha256 === checked)) return checked;
  return files[0]?.sha256 ?? null;
}

import { z } from 'zod';
import { TicketStateSchema } from '../api/schemas.ts';

/** Another ticket in the cache that looks like the same person, and what gave it away. */
export const DUPLICATE_KEYS = ['email', 'documentNumber', 'nameAndBirthDate'] as const;
export const DuplicateMatchSchema = z.strictObject({
  ticketId: z.string(),
  state: TicketStateSchema,
  applicantName: z.string(),
  email: z.string(),
  createdAt: z.string(),
  matchedOn: z.array(z.enum(DUPLICATE_KEYS)),
});
export type DuplicateMatch = z.output<typeof DuplicateMatchSchema>;

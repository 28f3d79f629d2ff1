import { z } from 'zod';
import { EVENT_NAMES } from './names.ts';

/** Messages of the web host's WebSocket protocol; method names are checked by the dispatcher. */
export { WS_MAX_MESSAGE_BYTES, WS_PATH, WS_SECRET_PREFIX, WS_SUBPROTOCOL } from './ws-protocol.ts';

const EventNameSchema = z.enum(EVENT_NAMES);

export const ClientMessageSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('call'),
    id: z.int().nonnegative(),
    method: z.string().max(100),
    input: z.unknown().optional(),
  }),
  z.strictObject({ type: z.literal('subscribe'), event: EventNameSchema }),
  z.strictObject({ type: z.literal('unsubscribe'), event: EventNameSchema }),
]);
export type ClientMessage = z.output<typeof ClientMessageSchema>;

export const ServerMessageSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('result'), id: z.int().nonnegative(), result: z.unknown() }),
  z.strictObject({ type: z.literal('event'), event: EventNameSchema, payload: z.unknown() }),
  z.strictObject({
    type: z.literal('error'),
    error: z.strictObject({ code: z.string(), message: z.string() }),
  }),
]);
export type ServerMessage = z.output<typeof ServerMessageSchema>;

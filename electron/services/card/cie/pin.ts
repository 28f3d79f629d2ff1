import { z } from 'zod';
import { CardError } from '../transport.ts';
import { type Response, SW, unexpected } from './apdu.ts';
import type { CardChannel } from './plain-channel.ts';

/** PIN and PUK are eight digits, sent as eight ASCII bytes (docs/cie-protocol.md §3.6). */
export const CieSecretSchema = z.string().regex(/^\d{8}$/);

/** Reference data of VERIFY / RESET RETRY COUNTER: 0x81 the PIN, 0x82 the PUK. */
const PIN = 0x81;
const PUK = 0x82;

type Secret = 'PIN' | 'PUK';

/**
 * The secret as the eight ASCII bytes the card takes, in a buffer of its own: `Buffer.from` would
 * put short strings in Node's shared pool, where they could not be wiped. Callers zero it once
 * sent (`withSecret`). The JS string it comes from cannot be wiped: strings are immutable and the
 * garbage collector frees them when it likes (docs/security.md).
 */
const encodeSecret = (kind: Secret, value: string): Uint8Array => {
  // Checked before any APDU: a malformed value must not cost the holder a try.
  if (!CieSecretSchema.safeParse(value).success) throw new CardError('WRONG_PIN', `The ${kind} must be 8 digits`);
  const bytes = new Uint8Array(value.length);
  for (let i = 0; i < value.length; i += 1) bytes[i] = value.charCodeAt(i);
  return bytes;
};

/** Runs `use` with the secret's bytes and zero-fills them afterwards, whatever the card answered. */
async function withSecret<T>(kind: Secret, value: string, use: (bytes: Uint8Array) => Promise<T>): Promise<T> {
  const bytes = encodeSecret(kind, value);
  try {
    return await use(bytes);
  } finally {
    bytes.fill(0);
  }
}

/**
 * Turns a VERIFY answer into an outcome: `63Cx` wrong with x tries left (x = 0: now blocked),
 * `6983` blocked, `6300`/`6700` wrong with the count unknown. A wrong PUK reports WRONG_PIN /
 * PIN_BLOCKED too, with a message naming the PUK: the caller knows which one it asked for.
 */
function checkVerify(kind: Secret, response: Response): void {
  const { sw } = response;
  if (sw === SW.OK) return;
  if (sw >> 4 === 0x63c) {
    const tries = sw & 0x0f;
    if (tries === 0) throw new CardError('PIN_BLOCKED', `Wrong ${kind}: the ${kind} is now blocked`, 0);
    throw new CardError('WRONG_PIN', `Wrong ${kind}: ${tries} tries left`, tries);
  }
  if (sw === SW.BLOCKED) throw new CardError('PIN_BLOCKED', `The ${kind} is blocked`, 0);
  if (sw === SW.VERIFY_FAILED || sw === SW.WRONG_LENGTH) throw new CardError('WRONG_PIN', `Wrong ${kind}`);
  throw unexpected(`VERIFY ${kind}`, sw);
}

/** VERIFY `00 20 00 81 08 <PIN>` (under secure messaging). */
export async function verifyPin(channel: CardChannel, pin: string): Promise<void> {
  await withSecret('PIN', pin, async (data) =>
    checkVerify('PIN', await channel.send({ ins: 0x20, p1: 0x00, p2: PIN, data })),
  );
}

/**
 * Unblocks the PIN as the middleware does: VERIFY PUK, RESET RETRY COUNTER `00 2C 03 81`, then
 * the new PIN with `00 2C 02 81 08 <PIN>`.
 */
export async function unblockWithPuk(channel: CardChannel, puk: string, newPin: string): Promise<void> {
  // Both checked before the first APDU: a malformed new PIN must not cost a PUK try.
  encodeSecret('PIN', newPin).fill(0);
  await withSecret('PUK', puk, async (data) =>
    checkVerify('PUK', await channel.send({ ins: 0x20, p1: 0x00, p2: PUK, data })),
  );
  const reset = await channel.send({ ins: 0x2c, p1: 0x03, p2: PIN });
  if (reset.sw !== SW.OK) throw unexpected('RESET RETRY COUNTER', reset.sw);
  const change = await withSecret('PIN', newPin, (data) => channel.send({ ins: 0x2c, p1: 0x02, p2: PIN, data }));
  if (change.sw !== SW.OK) throw unexpected('Setting the new PIN', change.sw);
}

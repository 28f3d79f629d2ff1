import { CardError } from '../transport.ts';

/** Sends one APDU and returns the card's raw answer (at least SW1 SW2). */
export type RawSend = (apdu: Uint8Array) => Promise<Uint8Array>;

/** The most a card may hand out through GET RESPONSE for one command: an extended-length answer. */
const MAX_ASSEMBLED_BYTES = 65_536;

const sw1 = (response: Uint8Array): number => response[response.length - 2] ?? 0;
const sw2 = (response: Uint8Array): number => response[response.length - 1] ?? 0;

/**
 * The same short command with Le = `le`, or null when the command's shape is not a short APDU
 * this can rewrite (ISO 7816-3 cases 1–4).
 */
export function withLe(apdu: Uint8Array, le: number): Uint8Array | null {
  const leByte = le & 0xff;
  if (apdu.length === 4) return Uint8Array.of(...apdu, leByte);
  if (apdu.length === 5) return Uint8Array.of(...apdu.subarray(0, 4), leByte);
  const lc = apdu[4] ?? 0;
  if (lc === 0) return null;
  if (apdu.length === 5 + lc) return Uint8Array.of(...apdu, leByte);
  if (apdu.length === 6 + lc) return Uint8Array.of(...apdu.subarray(0, 5 + lc), leByte);
  return null;
}

/**
 * Sends a command and returns its whole answer, as T=0 cards and readers that pass `61xx`
 * through require: `6Cxx` (wrong Le) resends the command once with Le = xx; `61xx` fetches the
 * rest with GET RESPONSE `00 C0 00 00 xx` (`00` = 256 or more) until another status word comes,
 * and returns all the data with that final status word (docs/cie-protocol.md §5.1).
 */
export async function sendAssembled(send: RawSend, apdu: Uint8Array): Promise<Uint8Array> {
  let response = await send(apdu);
  if (sw1(response) === 0x6c) {
    const retry = withLe(apdu, sw2(response));
    if (retry) response = await send(retry);
  }
  const parts: Uint8Array[] = [];
  let total = 0;
  while (sw1(response) === 0x61) {
    const data = response.subarray(0, response.length - 2);
    parts.push(data);
    total += data.length;
    if (total > MAX_ASSEMBLED_BYTES || parts.length > 256) {
      throw new CardError('PROTOCOL', `The card kept answering 61xx past ${MAX_ASSEMBLED_BYTES} bytes or 256 answers`);
    }
    response = await send(Uint8Array.of(0x00, 0xc0, 0x00, 0x00, sw2(response)));
  }
  if (parts.length === 0) return response;
  parts.push(response);
  const whole = new Uint8Array(total + response.length);
  let offset = 0;
  for (const part of parts) {
    whole.set(part, offset);
    offset += part.length;
  }
  return whole;
}

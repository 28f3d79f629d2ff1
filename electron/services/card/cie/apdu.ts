import { CardError } from '../transport.ts';
import { concat } from './bytes.ts';

/** A command before transport framing: the channel decides chaining and secure messaging. */
export interface Command {
  cla?: number;
  ins: number;
  p1: number;
  p2: number;
  data?: Uint8Array;
  /** Expected response length, 1..256 (256 is sent as `00`); absent for no Le field. */
  le?: number;
}

export interface Response {
  data: Uint8Array;
  sw: number;
}

export const SW = {
  OK: 0x9000,
  END_OF_FILE: 0x6282,
  WRONG_OFFSET: 0x6b00,
  VERIFY_FAILED: 0x6300,
  WRONG_LENGTH: 0x6700,
  BLOCKED: 0x6983,
} as const;

export const swHex = (sw: number): string => sw.toString(16).toUpperCase().padStart(4, '0');

/** Short APDU encoding (ISO 7816-3 cases 1–4). Longer data goes through chaining, never extended length. */
export function encodeCommand(command: Command): Uint8Array {
  const data = command.data ?? new Uint8Array(0);
  if (data.length > 255) throw new RangeError('Short APDU data is at most 255 bytes: chain it');
  const header = Uint8Array.of(command.cla ?? 0x00, command.ins, command.p1, command.p2);
  const body = data.length > 0 ? concat(Uint8Array.of(data.length), data) : new Uint8Array(0);
  const le = command.le === undefined ? new Uint8Array(0) : Uint8Array.of(encodeLe(command.le));
  return concat(header, body, le);
}

export const encodeLe = (le: number): number => {
  if (!Number.isInteger(le) || le < 1 || le > 256) throw new RangeError(`Le ${le} out of 1..256`);
  return le & 0xff;
};

/** Splits a response APDU into data and status word. */
export function decodeResponse(bytes: Uint8Array): Response {
  if (bytes.length < 2) throw new CardError('PROTOCOL', `The card answered ${bytes.length} bytes, no status word`);
  const sw = ((bytes[bytes.length - 2] ?? 0) << 8) | (bytes[bytes.length - 1] ?? 0);
  return { data: bytes.subarray(0, bytes.length - 2), sw };
}

/** A status word the flow did not expect: the session is abandoned (docs/cie-protocol.md §5.1). */
export const unexpected = (what: string, sw: number): CardError =>
  new CardError('PROTOCOL', `${what}: the card answered ${swHex(sw)}`);

export function expectOk(what: string, response: Response): Uint8Array {
  if (response.sw !== SW.OK) throw unexpected(what, response.sw);
  return response.data;
}

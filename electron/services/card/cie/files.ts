import { CardError } from '../transport.ts';
import { type Response, SW, swHex, unexpected } from './apdu.ts';
import { concat } from './bytes.ts';
import type { CardChannel } from './plain-channel.ts';
import { derLength } from './tlv.ts';

/** READ BINARY with P1‖P2 as offset reaches 0x7FFF (bit 8 of P1 flags an SFI). */
const MAX_OFFSET = 0x7fff;

/** File identifiers of the CIE and IAS applications (docs/cie-protocol.md §1.3). */
export const FILE = {
  NIS: 0x1001,
  CERTIFICATE: 0x1003,
  DAPP_KEY: 0x1004,
  SERVICES_KEY: 0x1005,
  SOD: 0x1006,
} as const;

const fileName = (fid: number) => fid.toString(16).toUpperCase().padStart(4, '0');

/** SELECT EF by FID under the current DF, as the middleware does (`00 A4 02 04 02 <FID>`). */
export async function selectFile(channel: CardChannel, fid: number): Promise<void> {
  const response = await channel.send({ ins: 0xa4, p1: 0x02, p2: 0x04, data: Uint8Array.of(fid >> 8, fid & 0xff) });
  if (response.sw !== SW.OK) throw unexpected(`Selecting EF ${fileName(fid)}`, response.sw);
}

/**
 * Reads the current EF to its end (§5.3): `9000` appends and goes on, `6282` appends and stops,
 * `6B00` stops; the card decides how many bytes each answer holds (231 seen for Le = 00).
 */
export async function readCurrentFile(channel: CardChannel, what: string): Promise<Uint8Array> {
  let content: Uint8Array = new Uint8Array(0);
  for (;;) {
    const offset = content.length;
    if (offset > MAX_OFFSET) throw new CardError('PROTOCOL', `${what} is longer than READ BINARY can address`);
    const response: Response = await channel.send({ ins: 0xb0, p1: offset >> 8, p2: offset & 0xff, le: 256 });
    if (response.sw === SW.WRONG_OFFSET) return content;
    if (response.sw !== SW.OK && response.sw !== SW.END_OF_FILE) {
      throw new CardError('PROTOCOL', `Reading ${what}: the card answered ${swHex(response.sw)}`);
    }
    content = concat(content, response.data);
    if (response.sw === SW.END_OF_FILE || response.data.length === 0) return content;
  }
}

export async function readFile(channel: CardChannel, fid: number): Promise<Uint8Array> {
  await selectFile(channel, fid);
  return readCurrentFile(channel, `EF ${fileName(fid)}`);
}

/** Reads a file holding one DER object and drops the filler after it. */
export async function readDerFile(channel: CardChannel, fid: number): Promise<Uint8Array> {
  const content = await readFile(channel, fid);
  if (content.length === 0) throw new CardError('PROTOCOL', `EF ${fileName(fid)} is empty`);
  return content.subarray(0, derLength(content));
}

import { CardError, type CardTransport } from '../transport.ts';
import { encodeCommand, decodeResponse, type Command, type Response, SW } from './apdu.ts';
import { concat } from './bytes.ts';

/** Sends commands to the card; the plain and the secure-messaging channel share this shape. */
export interface CardChannel {
  send(command: Command): Promise<Response>;
}

/** Largest data field of a short APDU: longer commands are chained in blocks of this size (§5.4). */
export const PLAIN_BLOCK = 255;

/**
 * Collects a response the card hands out in pieces: `61xx` means xx more bytes wait for GET
 * RESPONSE (`00` = 256 or more). Shared with secure messaging, which fetches the wrapped bytes
 * the same way before unwrapping them (§3.5).
 */
export async function collectResponse(transport: CardTransport, first: Response): Promise<Response> {
  let response = first;
  let data = first.data;
  for (let round = 1; response.sw >> 8 === 0x61; round++) {
    // A card that says "more" forever, with or without data, must not hold the session forever.
    if (round > 256) throw new CardError('PROTOCOL', 'The card kept answering 61xx (more data) without end');
    const le = response.sw & 0xff || 256;
    response = decodeResponse(await transport.transmit(encodeCommand({ ins: 0xc0, p1: 0, p2: 0, le })));
    data = concat(data, response.data);
  }
  return { data, sw: response.sw };
}

/**
 * Commands in clear, as before the DH exchange: data over 255 bytes goes as command chaining
 * (CLA bit `10` on every block but the last, GET RESPONSE only after the last); a `6Cxx`
 * answer is retried once with Le = xx.
 */
export function createPlainChannel(transport: CardTransport): CardChannel {
  const exchange = async (command: Command): Promise<Response> =>
    collectResponse(transport, decodeResponse(await transport.transmit(encodeCommand(command))));

  const sendChained = async (command: Command): Promise<Response> => {
    const data = command.data ?? new Uint8Array(0);
    const cla = command.cla ?? 0x00;
    for (let offset = 0; ; offset += PLAIN_BLOCK) {
      const block = data.subarray(offset, offset + PLAIN_BLOCK);
      const last = offset + PLAIN_BLOCK >= data.length;
      if (last) return exchange({ ...command, data: block });
      const response = decodeResponse(
        await transport.transmit(encodeCommand({ ...command, cla: cla | 0x10, data: block, le: undefined })),
      );
      if (response.sw !== SW.OK) return response;
    }
  };

  return {
    send: async (command) => {
      const response = await sendChained(command);
      if (response.sw >> 8 === 0x6c) return sendChained({ ...command, le: response.sw & 0xff || 256 });
      return response;
    },
  };
}

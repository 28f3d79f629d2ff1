import { describe, expect, it, vi } from 'vitest';
import type { Command, Response } from '../../electron/services/card/cie/apdu.ts';
import { fromHex } from '../../electron/services/card/cie/bytes.ts';
import { unblockWithPuk, verifyPin } from '../../electron/services/card/cie/pin.ts';
import { protectCommand } from '../../electron/services/card/cie/secure-messaging.ts';
import type * as SmCrypto from '../../electron/services/card/cie/sm-crypto.ts';
import { CardError } from '../../electron/services/card/transport.ts';

/** Every buffer isoPad hands out: the padded plaintext that secure messaging encrypts. */
const padded = vi.hoisted(() => [] as Uint8Array[]);
vi.mock('../../electron/services/card/cie/sm-crypto.ts', async (importOriginal) => {
  const actual = await importOriginal<typeof SmCrypto>();
  return {
    ...actual,
    isoPad: (data: Uint8Array) => {
      const result = actual.isoPad(data);
      padded.push(result);
      return result;
    },
  };
});

const PIN = '12345678';
const PUK = '87654321';
const ascii = (text: string) => [...Buffer.from(text, 'ascii')];

/** A card channel that keeps the very buffers it was given and what they held at the time. */
function spyChannel(answers: number[]) {
  const sent: { data: Uint8Array | undefined; atSend: number[] }[] = [];
  return {
    sent,
    channel: {
      send: async (command: Command): Promise<Response> => {
        sent.push({ data: command.data, atSend: command.data ? [...command.data] : [] });
        return { data: new Uint8Array(0), sw: answers.shift() ?? 0x9000 };
      },
    },
  };
}

describe('PIN bytes are cleared after use', () => {
  it('sends the PIN as eight ASCII bytes and zero-fills that buffer once VERIFY has answered', async () => {
    const { channel, sent } = spyChannel([0x9000]);
    await verifyPin(channel, PIN);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.atSend).toEqual(ascii(PIN));
    expect([...sent[0]!.data!]).toEqual(new Array(8).fill(0));
  });

  it('zero-fills it when the card refuses the PIN, and when the channel throws', async () => {
    const wrong = spyChannel([0x63c2]);
    await expect(verifyPin(wrong.channel, PIN)).rejects.toMatchObject({ code: 'WRONG_PIN', triesLeft: 2 });
    expect([...wrong.sent[0]!.data!]).toEqual(new Array(8).fill(0));

    let given: Uint8Array | undefined;
    const broken = {
      send: async (command: Command): Promise<Response> => {
        given = command.data;
        throw new CardError('CARD_REMOVED', 'card removed');
      },
    };
    await expect(verifyPin(broken, PIN)).rejects.toBeInstanceOf(CardError);
    expect([...given!]).toEqual(new Array(8).fill(0));
  });

  it('zero-fills the PUK and the new PIN of an unblock', async () => {
    const { channel, sent } = spyChannel([0x9000, 0x9000, 0x9000]);
    await unblockWithPuk(channel, PUK, PIN);
    expect(sent.map((entry) => entry.atSend)).toEqual([ascii(PUK), [], ascii(PIN)]);
    for (const entry of [sent[0]!, sent[2]!]) expect([...entry.data!]).toEqual(new Array(8).fill(0));
  });

  it('zero-fills the padded plaintext copy secure messaging makes before encrypting', () => {
    padded.length = 0;
    const session = {
      enc: fromHex('979EC13B1CBFE9DCD01AB0FED307EAE5'),
      mac: fromHex('F1CB1F1FB5ADF208806B89DC579DC1F8'),
      ssc: fromHex('887022120C06C226'),
    };
    const pin = Uint8Array.from(ascii(PIN));
    const protectedCommand = protectCommand(session, { ins: 0x20, p1: 0x00, p2: 0x81, data: pin });
    expect(protectedCommand.length).toBeGreaterThan(16);
    const dataCopy = padded.find((buffer) => buffer.length === 16);
    expect(dataCopy).toBeDefined();
    expect([...dataCopy!]).toEqual(new Array(16).fill(0));
    // The caller's buffer is the caller's to clear (verifyPin does).
    expect([...pin]).toEqual(ascii(PIN));
  });
});

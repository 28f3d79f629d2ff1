/**
 * A hostile card: a CardTransport in front of the virtual CIE that damages the answers to chosen
 * APDUs (random status words, truncation, flipped bits that break the secure-messaging MAC, TLV
 * lengths claiming gigabytes, oversized or random answers, replays of an earlier answer, a card
 * that says "61xx, more to come" forever) and sometimes presents a made-up ATR. The CIE client
 * (electron/services/card/cie) drives it through login, the identity read and the PUK unblock.
 *
 * Invariant: each flow resolves or fails with a CardError carrying a known code; never another
 * exception type, an unhandled rejection or a hang. The client always sends the right PIN and
 * PUK (and unblocks to the same PIN), so the virtual card's counters stay as they were.
 */
import fc from 'fast-check';
import { loginProof, readCardIdentity, unblockPin } from '../../electron/services/card/cie/index.ts';
import { createInProcessTransport } from '../../electron/services/card/in-process-transport.ts';
import { CardError, type CardErrorCode, type CardTransport } from '../../electron/services/card/transport.ts';
import { createVirtualCie, createVirtualCiePki, type VirtualCie } from '../../server/demo/virtual-cie/index.ts';
import { Hang, runCampaign, type CampaignResult } from './harness.ts';

const CARD_ERROR_CODES = [
  'CARD_REMOVED',
  'CARD_RESET',
  'NO_READER',
  'NO_SERVICE',
  'SHARING_VIOLATION',
  'TRANSPORT',
  'PROTOCOL',
  'WRONG_PIN',
  'PIN_BLOCKED',
  'NOT_A_CIE',
  'SOD_INVALID',
  'CERTIFICATE',
] as const satisfies readonly CardErrorCode[];
// A code added to CardErrorCode must be added above: this line stops compiling otherwise.
const everyCode: Exclude<CardErrorCode, (typeof CARD_ERROR_CODES)[number]> extends never ? true : never = true;
void everyCode;

/** A login is about 50 APDUs: a client still talking after this many has lost its way. */
const APDU_BUDGET = 2_000;

type Fault =
  | { kind: 'status'; sw: number }
  | { kind: 'truncate'; keep: number }
  | { kind: 'flip'; at: number; bit: number }
  | { kind: 'oversize'; extra: number }
  | { kind: 'tlv-length'; at: number; length: readonly number[] }
  | { kind: 'random'; bytes: Uint8Array }
  | { kind: 'replay'; back: number }
  | { kind: 'more-forever'; sw2: number };

interface CardCase {
  flow: 'login' | 'identity' | 'unblock';
  card: number;
  /** A made-up ATR instead of the card's. */
  atr: Uint8Array | undefined;
  /** Damage done to the answer of the APDU with this index (0 = the first). */
  faults: { apdu: number; fault: Fault }[];
}

const COMMON_SWS = [
  0x9000, 0x6282, 0x6300, 0x63c0, 0x63c1, 0x6700, 0x6982, 0x6983, 0x6984, 0x6985, 0x6987, 0x6988, 0x6a80, 0x6a82,
  0x6a86, 0x6b00, 0x6c00, 0x6c10, 0x6cff, 0x6100, 0x6101, 0x61ff, 0x6d00, 0x6e00, 0x6f00,
];

const fault: fc.Arbitrary<Fault> = fc.oneof(
  fc.record({
    kind: fc.constant('status' as const),
    sw: fc.oneof(fc.constantFrom(...COMMON_SWS), fc.integer({ min: 0, max: 0xffff })),
  }),
  fc.record({
    kind: fc.constant('truncate' as const),
    keep: fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }),
  }),
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), bit: fc.integer({ min: 0, max: 7 }) }),
  fc.record({ kind: fc.constant('oversize' as const), extra: fc.constantFrom(1, 255, 256, 4096, 65_536, 1 << 20) }),
  fc.record({
    kind: fc.constant('tlv-length' as const),
    at: fc.nat(),
    length: fc.constantFrom(
      [0x80],
      [0x81, 0xff],
      [0x82, 0xff, 0xff],
      [0x83, 0xff, 0xff, 0xff],
      [0x84, 0x7f, 0xff, 0xff, 0xff],
      [0x85, 1, 2, 3, 4, 5],
      [0xff],
    ),
  }),
  fc.record({ kind: fc.constant('random' as const), bytes: fc.uint8Array({ maxLength: 300 }) }),
  fc.record({ kind: fc.constant('replay' as const), back: fc.integer({ min: 1, max: 8 }) }),
  fc.record({ kind: fc.constant('more-forever' as const), sw2: fc.integer({ min: 0, max: 255 }) }),
);

const cardCase = (cards: number): fc.Arbitrary<CardCase> =>
  fc.record({
    flow: fc.constantFrom('login', 'login', 'identity', 'unblock'),
    card: fc.integer({ min: 0, max: cards - 1 }),
    atr: fc.oneof(
      { weight: 7, arbitrary: fc.constant(undefined) },
      { weight: 1, arbitrary: fc.uint8Array({ maxLength: 40 }) },
    ),
    faults: fc.array(fc.record({ apdu: fc.nat({ max: 60 }), fault }), { minLength: 1, maxLength: 3 }),
  });

function damage(answer: Uint8Array, damageWith: Fault, history: Uint8Array[]): Uint8Array {
  const data = answer.subarray(0, Math.max(0, answer.length - 2));
  const sw = answer.subarray(Math.max(0, answer.length - 2));
  switch (damageWith.kind) {
    case 'status':
      return Buffer.concat([data, Uint8Array.of(damageWith.sw >> 8, damageWith.sw & 0xff)]);
    case 'truncate':
      return answer.subarray(0, Math.floor(answer.length * damageWith.keep));
    case 'flip': {
      const copy = Uint8Array.from(answer);
      if (data.length > 0) copy[damageWith.at % data.length]! ^= 1 << damageWith.bit;
      return copy;
    }
    case 'oversize':
      return Buffer.concat([data, new Uint8Array(damageWith.extra).fill(0x5a), sw]);
    case 'tlv-length': {
      if (data.length < 2) return answer;
      const at = 1 + (damageWith.at % (data.length - 1));
      return Buffer.concat([data.subarray(0, at), Uint8Array.from(damageWith.length), data.subarray(at), sw]);
    }
    case 'random':
      return damageWith.bytes;
    case 'replay':
      return history[history.length - damageWith.back] ?? answer;
    case 'more-forever':
      return Buffer.concat([data, Uint8Array.of(0x61, damageWith.sw2)]);
  }
}

/** The virtual card behind a transport that damages the answers the case names. */
function hostileTransport(card: VirtualCie, c: CardCase): { transport: CardTransport; exhausted(): boolean } {
  const inner = createInProcessTransport(card.applet);
  const history: Uint8Array[] = [];
  let sent = 0;
  let stuck: Fault | undefined;
  const transport: CardTransport = {
    atr: c.atr ?? inner.atr,
    reset: inner.reset,
    close: inner.close,
    async transmit(apdu) {
      // A real reader answers asynchronously: let timers run, so a client that never stops is seen as a hang.
      await new Promise((resolve) => setImmediate(resolve));
      // The client turns any failure into a CardError, so the budget is read after the flow, not thrown through it.
      if (++sent > APDU_BUDGET) throw new CardError('TRANSPORT', 'APDU budget exhausted');
      const answer = await inner.transmit(apdu);
      const faults = c.faults.filter((f) => f.apdu === sent - 1).map((f) => f.fault);
      if (faults.some((f) => f.kind === 'more-forever')) stuck = faults.find((f) => f.kind === 'more-forever');
      let damaged = faults.reduce((bytes, f) => damage(bytes, f, history), answer);
      if (stuck) damaged = damage(damaged, stuck, history);
      history.push(answer);
      return damaged;
    },
  };
  return { transport, exhausted: () => sent > APDU_BUDGET };
}

export interface CardTarget {
  cards: VirtualCie[];
}

/** Two personalised virtual CIEs: the Actalis chip with the current SOD, and the Gemalto one with the older profile. */
export async function startCardTarget(): Promise<CardTarget> {
  const pki = await createVirtualCiePki();
  return {
    cards: [
      await createVirtualCie({ identity: 'op-giulia', pki }),
      await createVirtualCie({ identity: 'sup-elena', pki, chip: 'gemalto', sodProfile: 'sha256-rsa' }),
    ],
  };
}

function runFlow(card: VirtualCie, transport: CardTransport, flow: CardCase['flow']): Promise<unknown> {
  const trust = card.trust;
  if (flow === 'identity') return readCardIdentity(transport, { trust });
  if (flow === 'unblock') return unblockPin(transport, { puk: card.puk, newPin: card.pin, trust });
  return loginProof(transport, { pin: card.pin, nonce: 'fuzz-nonce', context: 'accredita-login:fuzz', trust });
}

export async function fuzzCard(target: CardTarget, options: { cases: number; seed: number }): Promise<CampaignResult> {
  const known: ReadonlySet<string> = new Set(CARD_ERROR_CODES);
  return runCampaign<CardCase>({
    boundary: 'card',
    cases: options.cases,
    seed: options.seed,
    deadlineMs: 10_000,
    arbitrary: cardCase(target.cards.length),
    describe: (c) =>
      `${c.flow} on card ${c.card}${c.atr ? ` with ATR ${Buffer.from(c.atr).toString('hex')}` : ''}: ${JSON.stringify(
        c.faults.map(({ apdu, fault: f }) => ({
          apdu,
          ...f,
          ...('bytes' in f ? { bytes: Buffer.from(f.bytes).toString('hex') } : {}),
        })),
      )}`,
    async run(c) {
      const card = target.cards[c.card]!;
      card.applet.reset();
      const hostile = hostileTransport(card, c);
      try {
        await runFlow(card, hostile.transport, c.flow);
        return 'completed';
      } catch (error) {
        if (hostile.exhausted()) throw new Hang(`the client sent more than ${APDU_BUDGET} APDUs`, { cause: error });
        if (!(error instanceof CardError)) throw error;
        if (!known.has(error.code))
          throw new Error(`CardError with an unknown code ${String(error.code)}: ${error.message}`, { cause: error });
        // PIN and PUK are always right here: a wrong-PIN answer is the card's lie, reported as such.
        return error.code;
      }
    },
  });
}

import { createCommandSet, freshState, issuedMemory, SW_OK, type CardAnswer, type VolatileState } from './commands.ts';
import type { VirtualCardProfile } from './personalise.ts';
import { unwrapCommand, wrapResponse } from './secure-messaging.ts';

/**
 * The card side of a connection, the same shape as CardApplet in electron/services/card/transport.ts
 * (this layer may not import it; TypeScript checks the two agree wherever one is passed as the other).
 */
export interface VirtualCardApplet {
  readonly atr: Uint8Array;
  process(apdu: Uint8Array): Uint8Array;
  reset(): void;
}

/** Answers longer than a short Le can carry are handed out with `61xx` and GET RESPONSE. */
const RESPONSE_LIMIT = 256;
/** Outer status words under which the card protects its answer; others go out in clear. */
const PROTECTED = new Set([SW_OK, 0x6282, 0x6b00]);
/** Secure-messaging failures end the session (ISO 7816-4 §10.2: SM data objects missing / incorrect). */
const SM_MISSING = 0x6987;
const SM_INCORRECT = 0x6988;

const withStatus = (data: Buffer, sw: number) => Buffer.concat([data, Buffer.of(sw >> 8, sw & 0xff)]);

interface Parsed {
  cla: number;
  ins: number;
  p1: number;
  p2: number;
  data: Buffer;
  le: number | undefined;
}

/** Short APDUs, cases 1 to 4; extended length is refused as the sources never need it (§5.4). */
function parseApdu(apdu: Buffer): Parsed | undefined {
  const [cla = 0, ins = 0, p1 = 0, p2 = 0] = apdu;
  if (apdu.length < 4) return undefined;
  if (apdu.length === 4) return { cla, ins, p1, p2, data: Buffer.alloc(0), le: undefined };
  const lc = apdu[4] ?? 0;
  if (apdu.length === 5) return { cla, ins, p1, p2, data: Buffer.alloc(0), le: lc || 256 };
  if (lc === 0) return undefined;
  const data = apdu.subarray(5, 5 + lc);
  if (apdu.length === 5 + lc) return { cla, ins, p1, p2, data, le: undefined };
  if (apdu.length === 6 + lc) return { cla, ins, p1, p2, data, le: apdu[5 + lc] || 256 };
  return undefined;
}

export function createVirtualCieApplet(profile: VirtualCardProfile): VirtualCardApplet {
  const memory = issuedMemory(profile);
  let state: VolatileState = freshState();
  let pending: { data: Buffer; sw: number } | undefined;
  let chain: { key: string; data: Buffer } | undefined;
  const execute = createCommandSet(profile, memory, () => state);

  /** The secure channel ends; what was gained under it (DAPP, PIN) ends with it. */
  const closeSecureMessaging = () => {
    state = { ...freshState(), df: state.df, ef: state.ef };
  };

  const output = (data: Buffer, sw: number): Buffer => {
    if (data.length <= RESPONSE_LIMIT) return withStatus(data, sw);
    pending = { data: data.subarray(RESPONSE_LIMIT), sw };
    return withStatus(data.subarray(0, RESPONSE_LIMIT), 0x6100 | (Math.min(pending.data.length, 256) & 0xff));
  };

  const getResponse = (le: number | undefined): Buffer => {
    if (!pending) return withStatus(Buffer.alloc(0), 0x6985);
    const { data, sw } = pending;
    const count = Math.min(le ?? RESPONSE_LIMIT, data.length);
    const rest = data.subarray(count);
    pending = rest.length > 0 ? { data: rest, sw } : undefined;
    return withStatus(data.subarray(0, count), pending ? 0x6100 | (Math.min(rest.length, 256) & 0xff) : sw);
  };

  /** Command chaining (CLA bit 10): pieces are collected, the last one runs the command. */
  const collect = (command: Parsed, data: Buffer): Buffer | 'more' | 'broken' => {
    const key = `${command.ins}/${command.p1}/${command.p2}`;
    if (chain && chain.key !== key) {
      chain = undefined;
      return 'broken';
    }
    const whole = Buffer.concat([chain?.data ?? Buffer.alloc(0), data]);
    if (command.cla & 0x10) {
      chain = { key, data: whole };
      return 'more';
    }
    chain = undefined;
    return whole;
  };

  const finish = (answer: CardAnswer, protect: boolean): Buffer => {
    const session = state.sm;
    if (protect && session && PROTECTED.has(answer.sw)) {
      const wrapped = wrapResponse(session, answer.data ?? Buffer.alloc(0), answer.sw);
      answer.after?.();
      return output(wrapped, answer.sw);
    }
    if (answer.sw === SW_OK || answer.sw === 0x6282) answer.after?.();
    return output(protect ? Buffer.alloc(0) : (answer.data ?? Buffer.alloc(0)), answer.sw);
  };

  function processSecure(command: Parsed, header: Buffer): Buffer {
    const session = state.sm;
    if (!session) return withStatus(Buffer.alloc(0), SM_INCORRECT);
    const opened = unwrapCommand(session, header, command.data);
    if ('error' in opened) {
      closeSecureMessaging();
      return withStatus(Buffer.alloc(0), opened.error === 'missing' ? SM_MISSING : SM_INCORRECT);
    }
    const data = collect(command, opened.data);
    if (data === 'broken') return withStatus(Buffer.alloc(0), 0x6883);
    if (data === 'more') return output(wrapResponse(session, Buffer.alloc(0), SW_OK), SW_OK);
    return finish(execute({ ...command, data, le: opened.le, secure: true }), true);
  }

  function processPlain(command: Parsed): Buffer {
    // A command in clear ends secure messaging (the card never mixes the two).
    if (state.sm) closeSecureMessaging();
    const data = collect(command, command.data);
    if (data === 'broken') return withStatus(Buffer.alloc(0), 0x6883);
    if (data === 'more') return withStatus(Buffer.alloc(0), SW_OK);
    return finish(execute({ ...command, data, secure: false }), false);
  }

  function process(bytes: Buffer): Buffer {
    const command = parseApdu(bytes);
    if (!command) return withStatus(Buffer.alloc(0), 0x6700);
    const { cla } = command;
    if (cla & 0x80) return withStatus(Buffer.alloc(0), 0x6e00);
    if (cla & 0x03) return withStatus(Buffer.alloc(0), 0x6881);
    const smBits = cla & 0x0c;
    if (smBits !== 0 && smBits !== 0x0c) return withStatus(Buffer.alloc(0), 0x6882);
    if (command.ins === 0xc0 && cla === 0x00) return getResponse(command.le);
    pending = undefined;
    return smBits ? processSecure(command, bytes.subarray(0, 4)) : processPlain(command);
  }

  return {
    atr: Uint8Array.from(profile.atr),
    process: (apdu) => {
      try {
        return Uint8Array.from(process(Buffer.from(apdu)));
      } catch {
        // A bug in the emulator must look like a card fault, not crash the reader bridge.
        return Uint8Array.of(0x6f, 0x00);
      }
    },
    reset: () => {
      state = freshState();
      pending = undefined;
      chain = undefined;
    },
  };
}

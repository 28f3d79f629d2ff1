import { constants, createPublicKey, privateEncrypt, randomBytes, timingSafeEqual, type KeyObject } from 'node:crypto';
import { modPow, modulusBytes, openIso9796, rsaPrivateRaw, sha256, toBigInt, toBytes } from './card-crypto.ts';
import { CIE_AID, findByFid, findBySfi, IAS_AID, MF_FID, type CardFile, type DfName } from './file-system.ts';
import type { VirtualCardProfile } from './personalise.ts';
import type { CardSmKeys, CardSmSession } from './secure-messaging.ts';
import { readTlvs, tlv } from './tlv.ts';

/**
 * The command set of the virtual CIE (docs/cie-protocol.md §2–§4, §8) over its state. Framing
 * (secure messaging, chaining, GET RESPONSE) is the applet's job; each handler here sees one
 * complete command and says whether it came protected.
 */
export interface CardCommand {
  ins: number;
  p1: number;
  p2: number;
  data: Buffer;
  /** Ne: absent when the command had no Le field. */
  le: number | undefined;
  secure: boolean;
}

export interface CardAnswer {
  data?: Buffer;
  sw: number;
  /** Runs once the answer is wrapped: DAPP restarts the counter, DH switches secure messaging on. */
  after?: () => void;
}

/** What survives a reset: the counters and secrets live in the chip's EEPROM. */
export interface CardMemory {
  pin: Buffer;
  puk: Buffer;
  pinTries: number;
  pukTries: number;
}

/** The counters as issued: full tries for the PIN and the PUK. */
export const issuedMemory = (profile: VirtualCardProfile): CardMemory => ({
  pin: Buffer.from(profile.pin, 'latin1'),
  puk: Buffer.from(profile.puk, 'latin1'),
  pinTries: MAX_PIN_TRIES,
  pukTries: MAX_PUK_TRIES,
});

type InternalKey = 'services' | 'authentication' | 'chip';

/** Everything a reset wipes. */
export interface VolatileState {
  df: DfName;
  ef: CardFile | undefined;
  sm: CardSmSession | undefined;
  /** Keys agreed by MSE SET KAT, active once the card's DH key has been read. */
  pendingSm: (CardSmKeys & { yIfd: Buffer; yIcc: Buffer }) | undefined;
  dh: { yIfd: Buffer; yIcc: Buffer } | undefined;
  internalKey: InternalKey | undefined;
  verifyWithCa: boolean;
  terminalKeys: Map<string, { key: KeyObject; chr: Buffer }>;
  externalKey: { key: KeyObject; chr: Buffer } | undefined;
  challenge: Buffer | undefined;
  rndIcc: Buffer | undefined;
  terminalAuthenticated: boolean;
  deviceAuthenticated: boolean;
  pinVerified: boolean;
  pukVerified: boolean;
}

export const freshState = (): VolatileState => ({
  df: 'MF',
  ef: undefined,
  sm: undefined,
  pendingSm: undefined,
  dh: undefined,
  internalKey: undefined,
  verifyWithCa: false,
  terminalKeys: new Map(),
  externalKey: undefined,
  challenge: undefined,
  rndIcc: undefined,
  terminalAuthenticated: false,
  deviceAuthenticated: false,
  pinVerified: false,
  pukVerified: false,
});

export const SW_OK = 0x9000;
const MAX_PIN_TRIES = 3;
/** No source states the PUK count (§9.5); ten is the usual IAS-ECC value. */
const MAX_PUK_TRIES = 10;
/** Largest READ BINARY answer, as real cards give for Le = 00 (PAGOPA transcript: 0xE7). */
const READ_LIMIT = 0xe7;
const TERMINAL_OID = Buffer.from('2A8122F42A02040104', 'hex');

const status = (sw: number): CardAnswer => ({ sw });
const ok = (data?: Buffer, after?: () => void): CardAnswer => ({ data, sw: SW_OK, after });

export function createCommandSet(profile: VirtualCardProfile, memory: CardMemory, state: () => VolatileState) {
  const files = () => profile.files[state().df];

  const fcp = (file: CardFile) =>
    tlv(
      0x62,
      tlv(0x80, Buffer.of(file.content.length >> 8, file.content.length & 0xff)),
      tlv(0x82, Buffer.of(0x01)),
      tlv(0x83, Buffer.of(file.fid >> 8, file.fid & 0xff)),
    );
  const dfInfo = (p2: number, aid: Buffer) =>
    p2 === 0x0c ? undefined : tlv(p2 === 0x04 ? 0x62 : 0x6f, tlv(0x84, aid));

  function select(c: CardCommand): CardAnswer {
    const s = state();
    if (![0x00, 0x04, 0x0c].includes(c.p2)) return status(0x6a86);
    if (c.p1 === 0x04) {
      const df: DfName | undefined = c.data.equals(IAS_AID) ? 'MF' : c.data.equals(CIE_AID) ? 'CIE' : undefined;
      if (!df) return status(0x6a82);
      s.df = df;
      s.ef = undefined;
      return ok(dfInfo(c.p2, c.data));
    }
    if (c.p1 !== 0x00 && c.p1 !== 0x02) return status(0x6a86);
    // `00 A4 00 00` with no data (MWL) or with 3F00 (PAGOPA) selects the MF.
    if (c.p1 === 0x00 && (c.data.length === 0 || (c.data.length === 2 && c.data.readUInt16BE(0) === MF_FID))) {
      s.df = 'MF';
      s.ef = undefined;
      return ok(dfInfo(c.p2, IAS_AID));
    }
    if (c.data.length !== 2) return status(0x6700);
    const file = findByFid(files(), c.data.readUInt16BE(0));
    if (!file) return status(0x6a82);
    s.ef = file;
    return ok(c.p2 === 0x0c ? undefined : fcp(file));
  }

  function readBinary(c: CardCommand): CardAnswer {
    const s = state();
    let offset: number;
    if (c.p1 & 0x80) {
      if (c.p1 & 0x60) return status(0x6a86);
      const file = findBySfi(files(), c.p1 & 0x1f);
      if (!file) return status(0x6a82);
      s.ef = file;
      offset = c.p2;
    } else offset = (c.p1 << 8) | c.p2;
    const file = s.ef;
    if (!file) return status(0x6986);
    if (file.access === 'pin' && !(c.secure && s.pinVerified)) return status(0x6982);
    if (offset >= file.content.length) return status(0x6b00);
    const wanted = Math.min(c.le ?? 256, READ_LIMIT);
    const rest = file.content.subarray(offset);
    return rest.length < wanted ? { data: rest, sw: 0x6282 } : ok(rest.subarray(0, wanted));
  }

  const dhTemplate = (...values: Buffer[]) => tlv(0x70, tlv(0xbfa101, tlv(0xa3, ...values)));

  function getData(c: CardCommand): CardAnswer {
    const s = state();
    if (c.p1 !== 0x3f || c.p2 !== 0xff) return status(0x6a86);
    const { g, p, q } = profile.dh;
    switch (c.data.toString('hex').toUpperCase()) {
      case '4D087006BFA10102A380':
        return ok(dhTemplate(tlv(0x97, g), tlv(0x98, p), tlv(0x99, q)));
      case '4D0A7008BFA10104A3029700':
        return ok(dhTemplate(tlv(0x97, g)));
      case '4D0A7008BFA10104A3029800':
        return ok(dhTemplate(tlv(0x98, p)));
      case '4D0A7008BFA10104A3029900':
        return ok(dhTemplate(tlv(0x99, q)));
      case '4D097007BFA004037F4980': {
        const jwk = profile.dappCa.key.publicKey.export({ format: 'jwk' });
        const field = (value: string | undefined) => Buffer.from(value ?? '', 'base64url');
        const key = tlv(
          0x7f49,
          tlv(0x81, field(jwk.n)),
          tlv(0x82, field(jwk.e)),
          tlv(0x5f20, profile.dappCa.chr),
          tlv(0x5f4c, profile.dappCa.cha),
        );
        return ok(tlv(0x70, tlv(0xbfa004, key)));
      }
      case '4D04A6029100': {
        const pending = s.pendingSm;
        if (!pending) return status(0x6985);
        return ok(tlv(0xa6, tlv(0x91, pending.yIcc)), () => {
          s.sm = { enc: pending.enc, mac: pending.mac, ssc: Buffer.from('0000000000000001', 'hex') };
          s.dh = { yIfd: pending.yIfd, yIcc: pending.yIcc };
          s.pendingSm = undefined;
        });
      }
      default:
        return status(0x6a88);
    }
  }

  function keyAgreement(objects: Map<number, Buffer>): CardAnswer {
    const s = state();
    const yIfd = objects.get(0x91);
    if (objects.get(0x80)?.toString('hex') !== '9b' || objects.get(0x83)?.toString('hex') !== '81' || !yIfd) {
      return status(0x6a80);
    }
    const p = toBigInt(profile.dh.p);
    const q = toBigInt(profile.dh.q);
    const y = toBigInt(yIfd);
    if (y <= 1n || y >= p - 1n || modPow(y, q, p) !== 1n) return status(0x6a80);
    let secret: bigint;
    do secret = toBigInt(randomBytes(profile.dh.q.length)) % q;
    while (secret < 2n);
    const length = profile.dh.p.length;
    const yIcc = toBytes(modPow(toBigInt(profile.dh.g), secret, p), length);
    const z = toBytes(modPow(y, secret, p), length);
    const derive = (counter: number) => sha256(z, Buffer.of(0, 0, 0, counter)).subarray(0, 16);
    s.pendingSm = { enc: derive(1), mac: derive(2), yIfd: Buffer.from(yIfd), yIcc };
    return ok();
  }

  function manageSecurityEnvironment(c: CardCommand): CardAnswer {
    const s = state();
    const list = readTlvs(c.data);
    if (!list) return status(0x6a80);
    const objects = new Map(list.map((o) => [o.tag, o.value]));
    const pair = (a: number, b: number) => `${objects.get(a)?.toString('hex')}/${objects.get(b)?.toString('hex')}`;
    switch ((c.p1 << 8) | c.p2) {
      case 0x41a6:
        return keyAgreement(objects);
      case 0x41a4: {
        const key = ({ '02/83': 'services', '02/81': 'authentication', '9b/82': 'chip' } as const)[pair(0x80, 0x84)];
        if (!key) return status(0x6a88);
        s.internalKey = key;
        return ok();
      }
      case 0x81b6:
        if (pair(0x80, 0x83) !== '41/84') return status(0x6a88);
        s.verifyWithCa = true;
        return ok();
      case 0x81a4: {
        const terminal = s.terminalKeys.get(objects.get(0x83)?.toString('hex') ?? '');
        if (!terminal) return status(0x6a88);
        s.externalKey = terminal;
        return ok();
      }
      default:
        return status(0x6a86);
    }
  }

  /** PSO VERIFY CERTIFICATE: the terminal's CV certificate, signed by the DAPP CA (key 0x84). */
  function verifyCertificate(c: CardCommand): CardAnswer {
    const s = state();
    if (c.p1 !== 0x00 || c.p2 !== 0xae) return status(0x6a86);
    if (!c.secure || !s.verifyWithCa) return status(0x6985);
    const outer = readTlvs(c.data);
    const fields = outer?.length === 1 && outer[0]?.tag === 0x7f21 ? readTlvs(outer[0].value) : null;
    const field = (tag: number) => fields?.find((f) => f.tag === tag)?.value;
    const signature = field(0x5f37);
    const remainder = field(0x5f38) ?? Buffer.alloc(0);
    const car = profile.dappCa.chr.subarray(4);
    if (!signature || !field(0x42)?.equals(car)) return status(0x6a80);
    const recovered = openIso9796(profile.dappCa.key.publicKey, signature, () => remainder);
    if (!recovered) return status(0x6a80);
    const body = Buffer.concat([recovered, remainder]);
    let offset = 0;
    const take = (n: number) => body.subarray(offset, (offset += n));
    const [cpi, certificateCar, chr, cha, oid] = [take(1), take(car.length), take(12), take(7), take(9)];
    const modulus = body.subarray(offset, body.length - 4);
    const exponent = body.subarray(body.length - 4);
    if (
      cpi[0] !== 0x8a ||
      !certificateCar.equals(car) ||
      !cha.subarray(0, 6).equals(profile.dappCa.cha.subarray(0, 6))
    ) {
      return status(0x6a80);
    }
    if (!oid.equals(TERMINAL_OID) || modulus.length < 128) return status(0x6a80);
    try {
      const jwk = { kty: 'RSA', n: modulus.toString('base64url'), e: exponent.toString('base64url') };
      s.terminalKeys.set(chr.toString('hex'), {
        key: createPublicKey({ key: jwk, format: 'jwk' }),
        chr: Buffer.from(chr),
      });
    } catch {
      return status(0x6a80);
    }
    return ok();
  }

  function getChallenge(c: CardCommand): CardAnswer {
    if (c.p1 !== 0 || c.p2 !== 0) return status(0x6a86);
    if (c.le !== 8) return status(0x6700);
    const challenge = randomBytes(8);
    state().challenge = challenge;
    return ok(challenge);
  }

  const groupValues = () => [profile.dh.g, profile.dh.p, profile.dh.q];

  function externalAuthenticate(c: CardCommand): CardAnswer {
    const s = state();
    const { externalKey, challenge, dh } = s;
    s.challenge = undefined;
    if (!c.secure || !externalKey || !challenge || !dh) return status(0x6985);
    const snIfd = c.data.subarray(0, 8);
    const signature = c.data.subarray(8);
    const recovered = openIso9796(externalKey.key, signature, () =>
      Buffer.concat([dh.yIfd, snIfd, challenge, dh.yIcc, ...groupValues()]),
    );
    if (!recovered || !snIfd.equals(externalKey.chr.subarray(4))) return status(0x6300);
    s.terminalAuthenticated = true;
    s.rndIcc = challenge;
    return ok();
  }

  function internalAuthenticate(c: CardCommand): CardAnswer {
    const s = state();
    if (c.p1 !== 0 || c.p2 !== 0) return status(0x6a86);
    const pkcs1 = (key: KeyObject) => {
      if (c.data.length === 0 || c.data.length > modulusBytes(key) - 11) return status(0x6700);
      return ok(privateEncrypt({ key, padding: constants.RSA_PKCS1_PADDING }, c.data));
    };
    switch (s.internalKey) {
      case 'services':
        return pkcs1(profile.keys.services.privateKey);
      case 'authentication':
        return c.secure && s.pinVerified ? pkcs1(profile.keys.authentication.privateKey) : status(0x6982);
      case 'chip': {
        const { dh, rndIcc, sm } = s;
        if (!c.secure || !s.terminalAuthenticated || !dh || !rndIcc || !sm) return status(0x6982);
        if (c.data.length !== 8) return status(0x6700);
        const key = profile.keys.chip.privateKey;
        const prnd = randomBytes(modulusBytes(key) - 34);
        const hash = sha256(prnd, dh.yIcc, profile.iccSerial, c.data, dh.yIfd, ...groupValues());
        const signature = rsaPrivateRaw(key, Buffer.concat([Buffer.of(0x6a), prnd, hash, Buffer.of(0xbc)]));
        const rndIfd = Buffer.from(c.data);
        return ok(Buffer.concat([profile.iccSerial, signature]), () => {
          sm.ssc = Buffer.concat([rndIcc.subarray(4, 8), rndIfd.subarray(4, 8)]);
          s.deviceAuthenticated = true;
        });
      }
      default:
        return status(0x6985);
    }
  }

  function verify(c: CardCommand): CardAnswer {
    const s = state();
    if (c.p1 !== 0x00) return status(0x6a86);
    if (c.p2 !== 0x81 && c.p2 !== 0x82) return status(0x6a88);
    if (!c.secure || !s.deviceAuthenticated) return status(0x6982);
    const isPin = c.p2 === 0x81;
    const tries = isPin ? memory.pinTries : memory.pukTries;
    const verified = isPin ? s.pinVerified : s.pukVerified;
    // An empty VERIFY asks for the state without spending a try (ISO 7816-4 §11.5.6).
    if (c.data.length === 0) return status(tries === 0 ? 0x6983 : verified ? SW_OK : 0x63c0 | tries);
    if (c.data.length !== 8) return status(0x6700);
    if (tries === 0) return status(0x6983);
    const reference = isPin ? memory.pin : memory.puk;
    const match = timingSafeEqual(c.data, reference);
    const left = match ? (isPin ? MAX_PIN_TRIES : MAX_PUK_TRIES) : tries - 1;
    if (isPin) {
      memory.pinTries = left;
      s.pinVerified = match;
    } else {
      memory.pukTries = left;
      s.pukVerified = match;
    }
    return match ? ok() : status(0x63c0 | left);
  }

  function resetRetryCounter(c: CardCommand): CardAnswer {
    const s = state();
    if (c.p2 !== 0x81) return status(0x6a88);
    if (!c.secure || !s.deviceAuthenticated || !s.pukVerified) return status(0x6982);
    if (c.p1 === 0x03 && c.data.length === 0) {
      memory.pinTries = MAX_PIN_TRIES;
      return ok();
    }
    if (c.p1 === 0x02) {
      if (c.data.length !== 8) return status(0x6700);
      if (!/^\d{8}$/.test(c.data.toString('latin1'))) return status(0x6a80);
      memory.pin = Buffer.from(c.data);
      memory.pinTries = MAX_PIN_TRIES;
      s.pinVerified = false;
      return ok();
    }
    return status(0x6a86);
  }

  const handlers: Record<number, (c: CardCommand) => CardAnswer> = {
    0xa4: select,
    0xb0: readBinary,
    0xcb: getData,
    0x22: manageSecurityEnvironment,
    0x2a: verifyCertificate,
    0x84: getChallenge,
    0x82: externalAuthenticate,
    0x88: internalAuthenticate,
    0x20: verify,
    0x2c: resetRetryCounter,
  };

  return (command: CardCommand): CardAnswer => handlers[command.ins]?.(command) ?? status(0x6d00);
}

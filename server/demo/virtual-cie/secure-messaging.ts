import { createCipheriv, createDecipheriv, timingSafeEqual } from 'node:crypto';
import { readTlvs, tlv } from './tlv.ts';

/**
 * The card's half of CIE secure messaging: it checks and decrypts protected commands and wraps
 * its answers (3DES-CBC with a zero IV, ISO 9797-1 padding method 2, retail MAC). The retail MAC
 * is computed here in its textbook form: single-DES CBC with K1 over every block, then D_K2 and
 * E_K1 on the result.
 */
export interface CardSmKeys {
  enc: Buffer;
  mac: Buffer;
}

export interface CardSmSession extends CardSmKeys {
  ssc: Buffer;
}

const IV = Buffer.alloc(8);

const des = (key: Buffer) => Buffer.concat([key, key, key]);
const tdes = (key: Buffer) => Buffer.concat([key, key.subarray(0, 8)]);

const cipher = (name: string, key: Buffer, data: Buffer, decrypt = false): Buffer => {
  const c = decrypt
    ? createDecipheriv(name, key, name.endsWith('ecb') ? null : IV)
    : createCipheriv(name, key, name.endsWith('ecb') ? null : IV);
  c.setAutoPadding(false);
  return Buffer.concat([c.update(data), c.final()]);
};

export const pad = (data: Buffer): Buffer => {
  const out = Buffer.alloc((Math.floor(data.length / 8) + 1) * 8);
  data.copy(out);
  out[data.length] = 0x80;
  return out;
};

export const unpad = (data: Buffer): Buffer | null => {
  const end = data.lastIndexOf(0x80);
  return end >= 0 && data.subarray(end + 1).every((b) => b === 0) ? data.subarray(0, end) : null;
};

export function mac(key: Buffer, data: Buffer): Buffer {
  const k1 = key.subarray(0, 8);
  const k2 = key.subarray(8, 16);
  const cbc = cipher('des-ede3-cbc', des(k1), pad(data));
  const last = cbc.subarray(cbc.length - 8);
  return cipher('des-ede3-ecb', des(k1), cipher('des-ede3-ecb', des(k2), last, true));
}

export const encrypt = (key: Buffer, data: Buffer): Buffer => cipher('des-ede3-cbc', tdes(key), pad(data));

export const decrypt = (key: Buffer, data: Buffer): Buffer | null =>
  data.length % 8 === 0 && data.length > 0 ? unpad(cipher('des-ede3-cbc', tdes(key), data, true)) : null;

const increment = (ssc: Buffer) => {
  for (let i = ssc.length - 1; i >= 0; i -= 1) {
    ssc[i] = ((ssc[i] ?? 0) + 1) & 0xff;
    if (ssc[i] !== 0) return;
  }
};

export type Unwrapped = { data: Buffer; le: number | undefined } | { error: 'missing' | 'incorrect' };

/** Checks a protected command: header as sent (CLA with 0C), DOs 87/85 and 97, then 8E. */
export function unwrapCommand(session: CardSmSession, header: Buffer, body: Buffer): Unwrapped {
  increment(session.ssc);
  const objects = readTlvs(body);
  if (!objects) return { error: 'incorrect' };
  const macIndex = objects.findIndex((o) => o.tag === 0x8e);
  const macObject = objects[macIndex];
  if (!macObject || macIndex !== objects.length - 1 || macObject.value.length !== 8) return { error: 'missing' };
  const covered = objects.slice(0, macIndex);
  const expected = mac(session.mac, Buffer.concat([session.ssc, pad(header), ...covered.map((o) => o.raw)]));
  if (!timingSafeEqual(expected, macObject.value)) return { error: 'incorrect' };
  let data: Buffer = Buffer.alloc(0);
  let le: number | undefined;
  for (const object of covered) {
    if (object.tag === 0x87 || object.tag === 0x85) {
      const cryptogram = object.tag === 0x87 ? object.value.subarray(1) : object.value;
      if (object.tag === 0x87 && object.value[0] !== 0x01) return { error: 'incorrect' };
      const plain = decrypt(session.enc, cryptogram);
      if (!plain) return { error: 'incorrect' };
      data = plain;
    } else if (object.tag === 0x97 && object.value.length === 1) le = object.value[0] || 256;
    else return { error: 'incorrect' };
  }
  return { data, le };
}

/** Protects an answer: DO 87 (if data), DO 99 with the status word, DO 8E. */
export function wrapResponse(session: CardSmSession, data: Buffer, sw: number): Buffer {
  increment(session.ssc);
  const cryptogram = data.length > 0 ? tlv(0x87, Buffer.of(0x01), encrypt(session.enc, data)) : Buffer.alloc(0);
  const status = tlv(0x99, Buffer.of(sw >> 8, sw & 0xff));
  return Buffer.concat([
    cryptogram,
    status,
    tlv(0x8e, mac(session.mac, Buffer.concat([session.ssc, cryptogram, status]))),
  ]);
}

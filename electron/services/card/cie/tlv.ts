import { CardError } from '../transport.ts';
import { byteAt, concat } from './bytes.ts';

/**
 * BER-TLV as the card speaks it (ISO 7816-4 §5.2): multi-byte tags (`BF A1 01`, `7F 49`, `5F 20`),
 * lengths in one to three bytes. Tags are kept as the number their bytes spell (0xBFA101), which
 * is how the middleware and the IAS-ECC tables name them.
 */
export interface TlvNode {
  tag: number;
  /** The value bytes (a view into the parsed buffer). */
  value: Uint8Array;
  /** Children when the tag is constructed (bit 6 of its first byte). */
  children: TlvNode[];
  /** Bytes from the first tag byte to the end of the value. */
  encoded: Uint8Array;
}

const malformed = (why: string): never => {
  throw new CardError('PROTOCOL', `Malformed TLV from the card: ${why}`);
};

interface Header {
  tag: number;
  constructed: boolean;
  length: number;
  headerLength: number;
}

function readHeader(bytes: Uint8Array, offset: number): Header {
  let position = offset;
  const first = byteAt(bytes, position++);
  let tag = first;
  if ((first & 0x1f) === 0x1f) {
    let next: number;
    do {
      if (position - offset > 3) malformed('tag longer than 4 bytes');
      next = byteAt(bytes, position++);
      tag = tag * 256 + next;
    } while (next & 0x80);
  }
  const lengthByte = byteAt(bytes, position++);
  let length = lengthByte;
  if (lengthByte === 0x80) malformed('indefinite length');
  if (lengthByte > 0x80) {
    const count = lengthByte & 0x7f;
    if (count > 3) malformed(`length in ${count} bytes`);
    length = 0;
    for (let i = 0; i < count; i += 1) length = length * 256 + byteAt(bytes, position++);
  }
  return { tag, constructed: (first & 0x20) !== 0, length, headerLength: position - offset };
}

/** Parses every TLV object in `bytes`; `00`/`FF` padding between objects is skipped (ISO 7816-4). */
export function parseTlv(bytes: Uint8Array): TlvNode[] {
  const nodes: TlvNode[] = [];
  let offset = 0;
  while (offset < bytes.length) {
    const lead = byteAt(bytes, offset);
    if (lead === 0x00 || lead === 0xff) {
      offset += 1;
      continue;
    }
    const header = readHeader(bytes, offset);
    const end = offset + header.headerLength + header.length;
    if (end > bytes.length) malformed(`object ${header.tag.toString(16)} runs past the data`);
    const value = bytes.subarray(offset + header.headerLength, end);
    nodes.push({
      tag: header.tag,
      value,
      children: header.constructed ? parseTlv(value) : [],
      encoded: bytes.subarray(offset, end),
    });
    offset = end;
  }
  return nodes;
}

/** The length of the first DER object in `bytes`: card files may carry filler after it. */
export function derLength(bytes: Uint8Array): number {
  const header = readHeader(bytes, 0);
  const total = header.headerLength + header.length;
  if (total > bytes.length) malformed('DER object longer than the file');
  return total;
}

/** Follows a path of tags from a list of nodes, each step taking the first child with that tag. */
export function findPath(nodes: TlvNode[], ...path: number[]): TlvNode {
  let current: TlvNode | undefined;
  let level = nodes;
  for (const tag of path) {
    current = level.find((node) => node.tag === tag);
    if (!current) return malformed(`tag ${tag.toString(16).toUpperCase()} missing`);
    level = current.children;
  }
  if (!current) return malformed('empty tag path');
  return current;
}

const tagBytes = (tag: number): Uint8Array => {
  const out: number[] = [];
  for (let rest = tag; rest > 0; rest = Math.floor(rest / 256)) out.unshift(rest % 256);
  return Uint8Array.from(out.length > 0 ? out : [0]);
};

const lengthBytes = (length: number): Uint8Array => {
  if (length < 0x80) return Uint8Array.of(length);
  if (length < 0x100) return Uint8Array.of(0x81, length);
  if (length < 0x10000) return Uint8Array.of(0x82, length >> 8, length & 0xff);
  throw new RangeError(`TLV value of ${length} bytes is too long for a card`);
};

export const encodeTlv = (tag: number, ...value: Uint8Array[]): Uint8Array => {
  const body = concat(...value);
  return concat(tagBytes(tag), lengthBytes(body.length), body);
};

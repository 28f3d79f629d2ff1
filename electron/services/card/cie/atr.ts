import { hex } from './bytes.ts';

/**
 * Which CIE chip an ATR announces, and the two behaviours that depend on it (docs/cie-protocol.md
 * §1.1, MWL ATR.cpp and IAS.cpp): how to enter the IAS application, and whether the DH domain
 * parameters come in one GET DATA or three. An ATR alone does not prove a CIE (the Gemalto one is
 * shared with other cards): the caller confirms by selecting the CIE application and reading the NIS.
 */
export interface CieChip {
  /** Maker label as the middleware names it; undefined for an ATR no source lists. */
  maker: string | undefined;
  /** `aid`: SELECT the IAS AID; `mf`: SELECT the MF (NXP, Actalis, Bit4id select the MF instead). */
  iasSelection: 'aid' | 'mf';
  /** `combined`: one GET DATA returns g, p and q (Gemalto); `per-value`: one GET DATA each. */
  dhParameters: 'combined' | 'per-value';
  historicalBytes: Uint8Array;
}

export interface ParsedAtr {
  historicalBytes: Uint8Array;
  /** False when the check byte is missing or wrong; readers' pseudo-ATRs normally carry a right one. */
  checkByteValid: boolean;
}

/** Splits an ATR per ISO 7816-3: interface bytes chained by TDi, K historical bytes, then TCK if any T≠0. */
export function parseAtr(atr: Uint8Array): ParsedAtr | undefined {
  const t0 = atr[1];
  if (atr.length < 2 || (atr[0] !== 0x3b && atr[0] !== 0x3f) || t0 === undefined) return undefined;
  let position = 2;
  let indicator = t0 >> 4;
  let needsCheckByte = false;
  for (;;) {
    const present = [1, 2, 4, 8].filter((bit) => indicator & bit).length;
    const td = indicator & 8 ? atr[position + present - 1] : undefined;
    position += present;
    if (position > atr.length) return undefined;
    if (td === undefined) break;
    if ((td & 0x0f) !== 0) needsCheckByte = true;
    indicator = td >> 4;
  }
  const historicalEnd = position + (t0 & 0x0f);
  if (historicalEnd > atr.length) return undefined;
  const historicalBytes = atr.subarray(position, historicalEnd);
  const checkByteValid = needsCheckByte
    ? atr.length === historicalEnd + 1 && atr.subarray(1).reduce((x, byte) => x ^ byte, 0) === 0
    : atr.length === historicalEnd;
  return { historicalBytes, checkByteValid };
}

const KNOWN: { prefix: string; maker: string; iasSelection: CieChip['iasSelection']; dh: CieChip['dhParameters'] }[] = [
  { prefix: '80318065B085040011', maker: 'Gemalto', iasSelection: 'aid', dh: 'combined' },
  { prefix: '80318065B0850300EF', maker: 'Gemalto2', iasSelection: 'aid', dh: 'per-value' },
  { prefix: '80664750 00B8007F', maker: 'STM', iasSelection: 'aid', dh: 'per-value' },
  { prefix: '80664750 00B80094', maker: 'STM3', iasSelection: 'aid', dh: 'per-value' },
];

/** Compact-TLV tag 6 "pre-issuing data" `IT` + maker code: NXP and the J4x applets (Actalis, Bit4id). */
const ITALIAN_PRE_ISSUING = '8031806549 54';
const ITALIAN_MAKERS: Record<string, string> = {
  NXP: 'NXP',
  J4A: 'Actalis',
  J4B: 'Bit4id',
  J4C: 'Actalis2023',
  J4D: 'Bit4id2023',
  J4I: 'Bit4id_B9547',
};

const compact = (text: string) => text.replace(/\s+/g, '');

export function classifyAtr(atr: Uint8Array): CieChip | undefined {
  const parsed = parseAtr(atr);
  if (!parsed) return undefined;
  const historical = hex(parsed.historicalBytes);
  const known = KNOWN.find((entry) => historical.startsWith(compact(entry.prefix)));
  if (known) {
    return {
      maker: known.maker,
      iasSelection: known.iasSelection,
      dhParameters: known.dh,
      historicalBytes: parsed.historicalBytes,
    };
  }
  if (historical.startsWith(compact(ITALIAN_PRE_ISSUING))) {
    const code = Buffer.from(parsed.historicalBytes.subarray(6, 9)).toString('latin1');
    const maker = ITALIAN_MAKERS[code];
    if (maker) return { maker, iasSelection: 'mf', dhParameters: 'per-value', historicalBytes: parsed.historicalBytes };
  }
  return undefined;
}

/**
 * The behaviour to try for an ATR no source lists (e.g. "ITJ4L"): the IAS AID first with the MF
 * as fallback, and the per-value GET DATA every chip after the first Gemalto accepts.
 */
export const unknownChip = (atr: Uint8Array): CieChip => ({
  maker: undefined,
  iasSelection: 'aid',
  dhParameters: 'per-value',
  historicalBytes: parseAtr(atr)?.historicalBytes ?? new Uint8Array(0),
});

import { describe, expect, it } from 'vitest';
import { classifyAtr, parseAtr, unknownChip } from '../../electron/services/card/cie/atr.ts';
import { fromHex, hex } from '../../electron/services/card/cie/bytes.ts';
import { CIE_ATRS } from '../../server/demo/virtual-cie/personalise.ts';

/** Complete CIE ATRs seen in the wild (docs/cie-protocol.md §1.1). */
const GEMALTO = '3B8F8001803180 65B08504001112 0FFF829000 8A';
const ACTALIS = '3B8F800180318065 49544A3441 120FFF829000 88';
const BIT4ID_2023 = '3B8F800180318065 49544A3444 120FFF829000 8D';
const STM = '3B8B800180664750 00B8007F829000 2E';
const STM3 = '3B8B800180664750 00B80094829000 C5';
const ITJ4L = '3B8F800180318065 49544A344C 120FFF829000 85';

describe('ATR parsing', () => {
  it('finds the historical bytes behind TD1 = 80, TD2 = 01 and checks TCK', () => {
    for (const atr of [GEMALTO, ACTALIS, BIT4ID_2023, STM, STM3, ITJ4L]) {
      const parsed = parseAtr(fromHex(atr));
      expect(parsed?.checkByteValid, atr).toBe(true);
      expect(hex(parsed?.historicalBytes ?? new Uint8Array(0)).startsWith('80')).toBe(true);
    }
    expect(hex(parseAtr(fromHex(GEMALTO))?.historicalBytes ?? new Uint8Array(0))).toBe(
      '80318065B085040011120FFF829000',
    );
  });

  it('notices a wrong check byte and does not crash on garbage', () => {
    expect(parseAtr(fromHex('3B8F800180318065B08504001112 0FFF829000 8B'))?.checkByteValid).toBe(false);
    expect(parseAtr(fromHex('3B8F80'))).toBeUndefined();
    expect(parseAtr(fromHex('00'))).toBeUndefined();
    expect(parseAtr(new Uint8Array(0))).toBeUndefined();
  });
});

describe('CIE chip classification (MWL ATR.cpp, IAS.cpp)', () => {
  it('selects the IAS AID and reads DH in one GET DATA on the first Gemalto', () => {
    expect(classifyAtr(fromHex(GEMALTO))).toMatchObject({
      maker: 'Gemalto',
      iasSelection: 'aid',
      dhParameters: 'combined',
    });
  });

  it('selects the MF and reads DH per value on the Italian J4x applets', () => {
    expect(classifyAtr(fromHex(ACTALIS))).toMatchObject({
      maker: 'Actalis',
      iasSelection: 'mf',
      dhParameters: 'per-value',
    });
    expect(classifyAtr(fromHex(BIT4ID_2023))?.maker).toBe('Bit4id2023');
  });

  it('selects the IAS AID and reads DH per value on STM chips', () => {
    expect(classifyAtr(fromHex(STM))).toMatchObject({ maker: 'STM', iasSelection: 'aid', dhParameters: 'per-value' });
    expect(classifyAtr(fromHex(STM3))?.maker).toBe('STM3');
  });

  it('leaves an ATR no source lists unclassified, with a generic behaviour to try', () => {
    expect(classifyAtr(fromHex(ITJ4L))).toBeUndefined();
    expect(classifyAtr(fromHex('3B8F8001804F0CA000000306030001000000006A'))).toBeUndefined();
    expect(unknownChip(fromHex(ITJ4L))).toMatchObject({
      maker: undefined,
      iasSelection: 'aid',
      dhParameters: 'per-value',
    });
  });

  it('recognises the ATRs the virtual CIE presents', () => {
    expect(classifyAtr(CIE_ATRS.actalis)?.maker).toBe('Actalis');
    expect(classifyAtr(CIE_ATRS.gemalto)?.maker).toBe('Gemalto');
    expect(parseAtr(CIE_ATRS.actalis)?.checkByteValid).toBe(true);
    expect(parseAtr(CIE_ATRS.gemalto)?.checkByteValid).toBe(true);
  });
});

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { ICO_SIZES, ICONS_DIR, PNG_SIZES, renderIcon } from './icon-set.ts';

const read = (name: string) => readFileSync(path.join(ICONS_DIR, name));

/** The entries of an .ico: declared size, and the image bytes. */
function icoEntries(ico: Buffer): { size: number; bytes: Buffer }[] {
  expect(ico.readUInt16LE(0)).toBe(0);
  expect(ico.readUInt16LE(2)).toBe(1);
  return Array.from({ length: ico.readUInt16LE(4) }, (_, i) => {
    const at = 6 + 16 * i;
    const offset = ico.readUInt32LE(at + 12);
    return { size: ico[at] || 256, bytes: ico.subarray(offset, offset + ico.readUInt32LE(at + 8)) };
  });
}

describe('resources/icons', () => {
  it.each(PNG_SIZES)('%ipx PNG is the drawing at that size', (size) => {
    const png = PNG.sync.read(read(`${size}x${size}.png`));
    expect([png.width, png.height]).toEqual([size, size]);
    expect(png.data.equals(renderIcon(size))).toBe(true);
  });

  it('has an opaque body and transparent corners', () => {
    const png = PNG.sync.read(read('512x512.png'));
    const alpha = (x: number, y: number) => png.data[(y * 512 + x) * 4 + 3];
    expect(alpha(0, 0)).toBe(0);
    expect(alpha(511, 511)).toBe(0);
    expect(alpha(256, 256)).toBe(255);
  });

  it('has a Windows .ico with every size, small ones as bitmaps and 256 px as PNG', () => {
    const entries = icoEntries(read('icon.ico'));
    expect(entries.map((e) => e.size)).toEqual([...ICO_SIZES]);
    for (const { size, bytes } of entries) {
      if (size === 256) {
        expect(PNG.sync.read(bytes).width).toBe(256);
      } else {
        expect(bytes.readUInt32LE(0)).toBe(40);
        expect([bytes.readInt32LE(4), bytes.readInt32LE(8), bytes.readUInt16LE(14)]).toEqual([size, size * 2, 32]);
        // The first stored row is the bottom one: its middle pixel's alpha matches the drawing's.
        const drawn = renderIcon(size);
        const middle = Math.floor(size / 2);
        expect(bytes[40 + middle * 4 + 3]).toBe(drawn[((size - 1) * size + middle) * 4 + 3]);
      }
    }
  });
});

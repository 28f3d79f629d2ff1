/**
 * The application icon, drawn from geometry so it can be rebuilt without any tool or download:
 * a blue rounded square (the Italian public administration's #0066CC) holding a white identity
 * card and a green check. `node test/release/icon-set.ts` rewrites resources/icons/ (the PNG set
 * electron-builder uses on Linux and the .ico for Windows); icon-set.test.ts checks that the
 * committed files are exactly what this draws.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PNG } from 'pngjs';

export const ICONS_DIR = fileURLToPath(new URL('../../resources/icons/', import.meta.url));
/** Linux wants every size as `<n>x<n>.png`; the .ico holds the ones Windows asks for. */
export const PNG_SIZES = [16, 24, 32, 48, 64, 128, 256, 512] as const;
export const ICO_SIZES = [16, 24, 32, 48, 64, 128, 256] as const;

type Rgba = readonly [number, number, number, number];
const BLUE: Rgba = [0, 102, 204, 255];
const SKY_TOP: Rgba = [16, 118, 216, 255];
const SKY_BOTTOM: Rgba = [0, 78, 160, 255];
const PALE_BLUE: Rgba = [173, 204, 238, 255];
const WHITE: Rgba = [255, 255, 255, 255];
const GREEN: Rgba = [0, 135, 90, 255];

/** Signed distance to a rounded rectangle (negative inside), in the 512-unit design space. */
function roundedRect(x: number, y: number, left: number, top: number, right: number, bottom: number, r: number) {
  const cx = (left + right) / 2;
  const cy = (top + bottom) / 2;
  const dx = Math.abs(x - cx) - ((right - left) / 2 - r);
  const dy = Math.abs(y - cy) - ((bottom - top) / 2 - r);
  return Math.hypot(Math.max(dx, 0), Math.max(dy, 0)) + Math.min(Math.max(dx, dy), 0) - r;
}

const circle = (x: number, y: number, cx: number, cy: number, r: number) => Math.hypot(x - cx, y - cy) - r;

function segment(x: number, y: number, ax: number, ay: number, bx: number, by: number, halfWidth: number) {
  const [px, py, vx, vy] = [x - ax, y - ay, bx - ax, by - ay];
  const t = Math.max(0, Math.min(1, (px * vx + py * vy) / (vx * vx + vy * vy)));
  return Math.hypot(px - vx * t, py - vy * t) - halfWidth;
}

/** The colour at one point of the design, top layer last; undefined outside the icon. */
function colourAt(x: number, y: number): Rgba | undefined {
  if (roundedRect(x, y, 16, 16, 496, 496, 104) > 0) return undefined;
  const t = y / 512;
  let colour: Rgba = [0, 1, 2, 3].map((i) => Math.round(SKY_TOP[i]! * (1 - t) + SKY_BOTTOM[i]! * t)) as unknown as Rgba;
  const inCard = roundedRect(x, y, 80, 136, 432, 376, 28) <= 0;
  if (inCard) {
    colour = WHITE;
    const body = Math.hypot((x - 172) / 70, (y - 340) / 56) - 1;
    if (circle(x, y, 172, 220, 40) <= 0 || (body <= 0 && y <= 352)) colour = BLUE;
    for (const top of [196, 240, 284]) {
      if (roundedRect(x, y, 256, top, top === 284 ? 340 : 392, top + 18, 9) <= 0) colour = PALE_BLUE;
    }
  }
  const badge = circle(x, y, 384, 384, 84);
  if (badge <= 0) colour = badge > -16 ? WHITE : GREEN;
  if (segment(x, y, 344, 386, 372, 414, 12) <= 0 || segment(x, y, 372, 414, 424, 356, 12) <= 0) colour = WHITE;
  return colour;
}

/** RGBA pixels of the icon at `size`, each pixel the average of 5×5 samples (anti-aliasing). */
export function renderIcon(size: number): Buffer {
  const pixels = Buffer.alloc(size * size * 4);
  const grid = 5;
  const scale = 512 / size;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let [r, g, b, a] = [0, 0, 0, 0];
      for (let sy = 0; sy < grid; sy++) {
        for (let sx = 0; sx < grid; sx++) {
          const colour = colourAt((px + (sx + 0.5) / grid) * scale, (py + (sy + 0.5) / grid) * scale);
          if (!colour) continue;
          r += colour[0] * colour[3];
          g += colour[1] * colour[3];
          b += colour[2] * colour[3];
          a += colour[3];
        }
      }
      const at = (py * size + px) * 4;
      // Colours are averaged weighted by coverage (premultiplied), so edges do not darken.
      pixels[at] = a ? Math.round(r / a) : 0;
      pixels[at + 1] = a ? Math.round(g / a) : 0;
      pixels[at + 2] = a ? Math.round(b / a) : 0;
      pixels[at + 3] = Math.round(a / (grid * grid));
    }
  }
  return pixels;
}

export function encodePng(pixels: Buffer, size: number): Buffer {
  const png = new PNG({ width: size, height: size });
  pixels.copy(png.data);
  return PNG.sync.write(png);
}

/** A 32-bit BMP entry as an .ico stores it: header with doubled height, BGRA rows bottom-up, AND mask. */
function bmpEntry(pixels: Buffer, size: number): Buffer {
  const header = Buffer.alloc(40);
  header.writeUInt32LE(40, 0);
  header.writeInt32LE(size, 4);
  header.writeInt32LE(size * 2, 8);
  header.writeUInt16LE(1, 12);
  header.writeUInt16LE(32, 14);
  const colour = Buffer.alloc(size * size * 4);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const from = (y * size + x) * 4;
      const to = ((size - 1 - y) * size + x) * 4;
      colour[to] = pixels[from + 2]!;
      colour[to + 1] = pixels[from + 1]!;
      colour[to + 2] = pixels[from]!;
      colour[to + 3] = pixels[from + 3]!;
    }
  }
  // The alpha channel decides transparency; an all-zero mask keeps old readers from hiding pixels.
  const mask = Buffer.alloc(Math.ceil(size / 32) * 4 * size);
  return Buffer.concat([header, colour, mask]);
}

/**
 * An .ico with BMP entries below 256 px and a PNG entry at 256 px, the layout Windows' own icons
 * use; NSIS reads it for the installer too.
 */
export function encodeIco(entries: { size: number; pixels: Buffer }[]): Buffer {
  const images = entries.map(({ size, pixels }) => (size >= 256 ? encodePng(pixels, size) : bmpEntry(pixels, size)));
  const directory = Buffer.alloc(6 + 16 * entries.length);
  directory.writeUInt16LE(1, 2);
  directory.writeUInt16LE(entries.length, 4);
  let offset = directory.length;
  entries.forEach(({ size }, i) => {
    const at = 6 + 16 * i;
    directory[at] = size >= 256 ? 0 : size;
    directory[at + 1] = size >= 256 ? 0 : size;
    directory.writeUInt16LE(1, at + 4);
    directory.writeUInt16LE(32, at + 6);
    directory.writeUInt32LE(images[i]!.length, at + 8);
    directory.writeUInt32LE(offset, at + 12);
    offset += images[i]!.length;
  });
  return Buffer.concat([directory, ...images]);
}

export function writeIconSet(dir = ICONS_DIR): void {
  mkdirSync(dir, { recursive: true });
  const rendered = new Map(PNG_SIZES.map((size) => [size, renderIcon(size)]));
  for (const [size, pixels] of rendered) writeFileSync(path.join(dir, `${size}x${size}.png`), encodePng(pixels, size));
  writeFileSync(
    path.join(dir, 'icon.ico'),
    encodeIco(ICO_SIZES.map((size) => ({ size, pixels: rendered.get(size)! }))),
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) writeIconSet();

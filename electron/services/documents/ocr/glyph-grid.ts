/**
 * A character cell as a small, normalised picture, so that glyphs can be compared by shape: the
 * ink is centred on its bounding box and scaled to its own height with square samples, so the
 * proportions stay (OCR-B's 0 is narrower than its O) whatever the scan resolution.
 */
import type { GrayImage } from '../images/gray-image.ts';

export const GRID_WIDTH = 16;
export const GRID_HEIGHT = 24;
const SUPERSAMPLE = 3;

/** Where the cell's ink may be, in the image; exclusive right and bottom. */
export interface CellWindow {
  left: number;
  right: number;
  top: number;
  bottom: number;
}

/** Ink coverage (0–1) of each grid square, row by row; null for a cell with no ink. */
export function glyphGrid(image: GrayImage, threshold: number, cell: CellWindow): Float32Array | null {
  const { width, data } = image;
  const [left, right] = [Math.max(0, Math.floor(cell.left)), Math.min(width, Math.ceil(cell.right))];
  const [top, bottom] = [Math.max(0, Math.floor(cell.top)), Math.min(image.height, Math.ceil(cell.bottom))];
  let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity];
  for (let y = top; y < bottom; y++) {
    for (let x = left; x < right; x++) {
      if (data[y * width + x]! > threshold) continue;
      if (x < x0) x0 = x;
      if (x > x1) x1 = x;
      if (y < y0) y0 = y;
      if (y > y1) y1 = y;
    }
  }
  if (x0 > x1) return null;
  // Scaled to the glyph's own height (square samples), so the estimate of the line's capital
  // height does not matter; narrow and wide glyphs keep their proportions.
  const boxHeight = 1.1 * (y1 - y0 + 1);
  const boxWidth = (boxHeight * GRID_WIDTH) / GRID_HEIGHT;
  const originX = (x0 + x1 + 1) / 2 - boxWidth / 2;
  const originY = (y0 + y1 + 1) / 2 - boxHeight / 2;
  const grid = new Float32Array(GRID_WIDTH * GRID_HEIGHT);
  const step = 1 / SUPERSAMPLE;
  for (let gy = 0; gy < GRID_HEIGHT; gy++) {
    for (let gx = 0; gx < GRID_WIDTH; gx++) {
      let ink = 0;
      for (let sy = 0; sy < SUPERSAMPLE; sy++) {
        const y = Math.floor(originY + ((gy + (sy + 0.5) * step) * boxHeight) / GRID_HEIGHT);
        if (y < top || y >= bottom) continue;
        for (let sx = 0; sx < SUPERSAMPLE; sx++) {
          const x = Math.floor(originX + ((gx + (sx + 0.5) * step) * boxWidth) / GRID_WIDTH);
          if (x >= left && x < right && data[y * width + x]! <= threshold) ink++;
        }
      }
      grid[gy * GRID_WIDTH + gx] = ink / (SUPERSAMPLE * SUPERSAMPLE);
    }
  }
  return grid;
}

/** Normalised cross-correlation of two grids: 1 for the same shape, whatever the stroke darkness. */
export function similarity(a: Float32Array, b: Float32Array): number {
  let [meanA, meanB] = [0, 0];
  for (let i = 0; i < a.length; i++) {
    meanA += a[i]!;
    meanB += b[i]!;
  }
  meanA /= a.length;
  meanB /= b.length;
  let [ab, aa, bb] = [0, 0, 0];
  for (let i = 0; i < a.length; i++) {
    const [da, db] = [a[i]! - meanA, b[i]! - meanB];
    ab += da * db;
    aa += da * da;
    bb += db * db;
  }
  return aa === 0 || bb === 0 ? 0 : ab / Math.sqrt(aa * bb);
}

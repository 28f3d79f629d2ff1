/**
 * The blobs of ink on a page: every MRZ character, filler included, is one blob of its own
 * (OCR-B leaves a gap between neighbours), so blobs are what the MRZ is found from.
 */
import type { GrayImage } from '../images/gray-image.ts';

export interface Blob {
  x0: number;
  y0: number;
  /** Exclusive. */
  x1: number;
  y1: number;
  pixels: number;
}

/** Otsu's threshold: the grey level that best splits the histogram into ink and paper. */
export function otsuThreshold(data: Uint8Array): number {
  const histogram = new Float64Array(256);
  for (let i = 0; i < data.length; i++) histogram[data[i]!]!++;
  const total = data.length;
  let sumAll = 0;
  for (let level = 0; level < 256; level++) sumAll += level * histogram[level]!;
  let [weightBelow, sumBelow, best, threshold] = [0, 0, -1, 127];
  for (let level = 0; level < 256; level++) {
    weightBelow += histogram[level]!;
    if (weightBelow === 0) continue;
    const weightAbove = total - weightBelow;
    if (weightAbove === 0) break;
    sumBelow += level * histogram[level]!;
    const meanBelow = sumBelow / weightBelow;
    const meanAbove = (sumAll - sumBelow) / weightAbove;
    const between = weightBelow * weightAbove * (meanBelow - meanAbove) ** 2;
    if (between > best) [best, threshold] = [between, level];
  }
  return threshold;
}

/**
 * 8-connected blobs of pixels at or below `threshold`, found run by run: each row's runs of ink
 * are joined to the runs they touch in the row above, so the work grows with the ink, not the
 * pixel count squared.
 */
export function inkBlobs(image: GrayImage, threshold: number): Blob[] {
  const { width, height, data } = image;
  const parent: number[] = [];
  const runs: { y: number; x0: number; x1: number; label: number }[] = [];
  const find = (label: number): number => {
    while (parent[label] !== label) {
      parent[label] = parent[parent[label]!]!;
      label = parent[label]!;
    }
    return label;
  };
  let previous: typeof runs = [];
  for (let y = 0; y < height; y++) {
    const row = y * width;
    const current: typeof runs = [];
    let above = 0;
    for (let x = 0; x < width;) {
      if (data[row + x]! > threshold) {
        x++;
        continue;
      }
      const x0 = x;
      while (x < width && data[row + x]! <= threshold) x++;
      let label = -1;
      // Runs of the row above that touch [x0 − 1, x] (diagonals included).
      while (above < previous.length && previous[above]!.x1 < x0) above++;
      for (let k = above; k < previous.length && previous[k]!.x0 <= x; k++) {
        const root = find(previous[k]!.label);
        if (label === -1) label = root;
        else if (root !== label) parent[Math.max(root, label)] = Math.min(root, label);
        label = find(label);
      }
      if (label === -1) {
        label = parent.length;
        parent.push(label);
      }
      const run = { y, x0, x1: x, label };
      current.push(run);
      runs.push(run);
    }
    previous = current;
  }
  const blobs = new Map<number, Blob>();
  for (const run of runs) {
    const root = find(run.label);
    const blob = blobs.get(root);
    if (!blob) blobs.set(root, { x0: run.x0, y0: run.y, x1: run.x1, y1: run.y + 1, pixels: run.x1 - run.x0 });
    else {
      blob.x0 = Math.min(blob.x0, run.x0);
      blob.x1 = Math.max(blob.x1, run.x1);
      blob.y1 = run.y + 1;
      blob.pixels += run.x1 - run.x0;
    }
  }
  return [...blobs.values()];
}

/**
 * Ink as darker than its surroundings, not than one level for the whole page: a shadow across a
 * photographed card, or a tinted security background, keeps its characters. Each pixel is
 * compared with the mean of the blocks around it; the result is a mask, 0 for ink and 255 for
 * paper, ready for `inkBlobs(mask, 127)`.
 */
export function localInkMask(image: GrayImage): GrayImage {
  const { width, height, data } = image;
  // Blocks of about a character (a line of MRZ spans a sixteenth of the document or more).
  const block = Math.max(8, Math.round(Math.min(width, height) / 48));
  const [columns, rows] = [Math.ceil(width / block), Math.ceil(height / block)];
  const sums = new Float64Array(columns * rows);
  const counts = new Float64Array(columns * rows);
  for (let y = 0; y < height; y++) {
    const row = Math.floor(y / block) * columns;
    for (let x = 0; x < width; x++) {
      const cell = row + Math.floor(x / block);
      sums[cell]! += data[y * width + x]!;
      counts[cell]!++;
    }
  }
  // The mean over the 5 × 5 blocks around each block: wider than a character, narrower than a shadow.
  const means = new Float64Array(columns * rows);
  for (let by = 0; by < rows; by++) {
    for (let bx = 0; bx < columns; bx++) {
      let [sum, count] = [0, 0];
      for (let dy = -2; dy <= 2; dy++) {
        for (let dx = -2; dx <= 2; dx++) {
          const [x, y] = [bx + dx, by + dy];
          if (x < 0 || y < 0 || x >= columns || y >= rows) continue;
          sum += sums[y * columns + x]!;
          count += counts[y * columns + x]!;
        }
      }
      means[by * columns + bx] = sum / count;
    }
  }
  const mask = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    const row = Math.floor(y / block) * columns;
    for (let x = 0; x < width; x++) {
      const mean = means[row + Math.floor(x / block)]!;
      mask[y * width + x] = data[y * width + x]! < mean * INK_BELOW_MEAN ? 0 : 255;
    }
  }
  return { width, height, data: mask };
}

/** A pixel this much darker than its surroundings is ink (MRZ print is near black on light paper). */
const INK_BELOW_MEAN = 0.6;

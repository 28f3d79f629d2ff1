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
export function otsuThreshold(data: Uint8Array, from = 0, to = data.length): number {
  const histogram = new Float64Array(256);
  for (let i = from; i < to; i++) histogram[data[i]!]!++;
  const total = to - from;
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

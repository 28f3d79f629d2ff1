/**
 * Where the MRZ is on the page. OCR-B at the ICAO pitch leaves every character, filler
 * included, as a blob of its own, and an MRZ has no blank cells: so its lines are the rows of
 * 30, 36 or 44 evenly spaced, equally tall blobs, two or three of them stacked and parallel.
 * Nothing else on an identity document looks like that, wherever the zone is and however the
 * document lies (up to a few degrees askew).
 */
import type { MrzFormat } from '../../../../common/checks/mrz.ts';
import { MRZ_SHAPES } from '../mrz/mrz-layout.ts';
import type { Blob } from './ink-components.ts';

/** One MRZ line: the centre of each of its cells and the height of a capital, in image pixels. */
export interface MrzLineGeometry {
  /** Slope of the line (dy/dx): the document's skew. */
  slope: number;
  /** x of the centre of cell 0, and the distance between cell centres along x. */
  firstCellX: number;
  pitchX: number;
  /** y of the baseline at x = 0. */
  baselineAtZero: number;
  capHeight: number;
  /** The blob found in each cell, where one was. */
  cells: (Blob | null)[];
}

export interface MrzGeometry {
  format: MrzFormat;
  lines: MrzLineGeometry[];
}

interface Chain {
  blobs: Blob[];
}

const cx = (b: Blob) => (b.x0 + b.x1) / 2;
const cy = (b: Blob) => (b.y0 + b.y1) / 2;
const height = (b: Blob) => b.y1 - b.y0;
const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length === 0 ? 0 : (sorted[Math.floor(sorted.length / 2)] ?? 0);
};
/** tan 5°, plus room: the skew a scanner's auto-crop leaves. */
const MAX_SLOPE = 0.1;
/** Fewer blobs than this in a row cannot be an MRZ line, even with some characters lost. */
const MIN_LINE_BLOBS = 20;

export function findMrzLines(blobs: readonly Blob[], imageHeight: number): MrzGeometry | null {
  const glyphs = blobs.filter((b) => {
    const h = height(b);
    const w = b.x1 - b.x0;
    return h >= 8 && h <= imageHeight / 4 && w <= 1.6 * h && w >= 0.08 * h && b.pixels >= 0.08 * w * h;
  });
  const chains = mergeCollinear(chainRows(glyphs));
  const lines = chains.filter((c) => c.blobs.length >= MIN_LINE_BLOBS).map(fitLine);
  let best: { geometry: MrzGeometry; score: number } | null = null;
  for (const format of ['TD1', 'TD3', 'TD2'] as const) {
    for (const group of stackedGroups(lines, MRZ_SHAPES[format].lines)) {
      const geometry = placeCells(group, format);
      if (!geometry) continue;
      // Prefer the group whose blobs fill its cells best, then the lowest on the page.
      const filled = geometry.lines.reduce((n, l) => n + l.cells.filter(Boolean).length, 0);
      const expected = MRZ_SHAPES[format].lines * MRZ_SHAPES[format].length;
      const score = filled / expected + (group[group.length - 1]!.centreY / imageHeight) * 0.01;
      if (filled / expected >= 0.8 && (!best || score > best.score)) best = { geometry, score };
    }
  }
  return best?.geometry ?? null;
}

/** Links each blob to its nearest neighbour on the right at the same height, giving rows. */
function chainRows(glyphs: Blob[]): Chain[] {
  const sorted = [...glyphs].sort((a, b) => cx(a) - cx(b));
  const next = new Map<Blob, { blob: Blob; distance: number }>();
  const previous = new Map<Blob, { blob: Blob; distance: number }>();
  for (let i = 0; i < sorted.length; i++) {
    const a = sorted[i]!;
    const ha = height(a);
    let choice: { blob: Blob; distance: number } | null = null;
    for (let j = i + 1; j < sorted.length; j++) {
      const b = sorted[j]!;
      const dx = cx(b) - cx(a);
      if (dx > 3 * ha) break;
      const hb = height(b);
      if (hb > 1.7 * ha || ha > 1.7 * hb) continue;
      if (Math.abs(cy(b) - cy(a)) > 0.25 * Math.max(ha, hb) + MAX_SLOPE * dx) continue;
      if (b.x0 - a.x1 > 1.5 * Math.max(ha, hb)) continue;
      if (!choice || dx < choice.distance) choice = { blob: b, distance: dx };
    }
    if (!choice) continue;
    const rival = previous.get(choice.blob);
    if (rival && rival.distance <= choice.distance) continue;
    if (rival) next.delete(rival.blob);
    next.set(a, choice);
    previous.set(choice.blob, { blob: a, distance: choice.distance });
  }
  const chains: Chain[] = [];
  for (const start of sorted) {
    if (previous.has(start) || !next.has(start)) continue;
    const chain: Blob[] = [start];
    for (let link = next.get(start); link; link = next.get(link.blob)) chain.push(link.blob);
    chains.push({ blobs: chain });
  }
  return chains;
}

interface FittedLine {
  blobs: Blob[];
  slope: number;
  /** Centre line y at x = 0. */
  intercept: number;
  capHeight: number;
  pitch: number;
  centreY: number;
  left: number;
  right: number;
}

function fitLine(chain: Chain): FittedLine {
  const { blobs } = chain;
  const xs = blobs.map(cx);
  const ys = blobs.map(cy);
  const meanX = xs.reduce((a, b) => a + b, 0) / xs.length;
  const meanY = ys.reduce((a, b) => a + b, 0) / ys.length;
  let [sxx, sxy] = [0, 0];
  for (let i = 0; i < xs.length; i++) {
    sxx += (xs[i]! - meanX) ** 2;
    sxy += (xs[i]! - meanX) * (ys[i]! - meanY);
  }
  const slope = sxx > 0 ? sxy / sxx : 0;
  const gaps = xs.slice(1).map((x, i) => x - xs[i]!);
  return {
    blobs,
    slope,
    intercept: meanY - slope * meanX,
    capHeight: median(blobs.map(height)),
    pitch: median(gaps),
    centreY: meanY,
    left: xs[0]!,
    right: xs[xs.length - 1]!,
  };
}

/** A row split in two (a character lost to a smudge) joins back when the parts are collinear. */
function mergeCollinear(chains: Chain[]): Chain[] {
  const fitted = chains.filter((c) => c.blobs.length >= 4).map(fitLine);
  fitted.sort((a, b) => a.left - b.left);
  const merged: Chain[] = [];
  const used = new Set<FittedLine>();
  for (const line of fitted) {
    if (used.has(line)) continue;
    used.add(line);
    let current = line;
    const blobs = [...line.blobs];
    for (const other of fitted) {
      if (used.has(other) || other.left <= current.right) continue;
      const gap = other.left - current.right;
      const expectedY = current.intercept + current.slope * other.left;
      const similar = Math.abs(other.capHeight - current.capHeight) < 0.25 * current.capHeight;
      if (gap < 4 * current.pitch && similar && Math.abs(other.centreY - expectedY) < 0.3 * current.capHeight) {
        used.add(other);
        blobs.push(...other.blobs);
        current = fitLine({ blobs });
      }
    }
    merged.push({ blobs });
  }
  return merged;
}

/** Every run of `count` lines stacked at a steady spacing, parallel, starting at the same place. */
function* stackedGroups(lines: FittedLine[], count: number): Generator<FittedLine[]> {
  const sorted = [...lines].sort((a, b) => a.centreY - b.centreY);
  for (let i = 0; i + count <= sorted.length; i++) {
    const group = sorted.slice(i, i + count);
    const first = group[0]!;
    const fits = group.every((line, k) => {
      if (k === 0) return true;
      const above = group[k - 1]!;
      const spacing = (line.centreY - above.centreY) * Math.cos(Math.atan(first.slope));
      return (
        spacing > 1.2 * first.capHeight &&
        spacing < 3 * first.capHeight &&
        Math.abs(line.slope - first.slope) < 0.03 &&
        Math.abs(line.pitch - first.pitch) < 0.12 * first.pitch &&
        Math.abs(line.capHeight - first.capHeight) < 0.3 * first.capHeight
      );
    });
    if (fits) yield group;
  }
}

/**
 * Assigns the blobs of each line to cells of the layout's width, with one slope for the whole
 * zone (the lines were printed together). Null when the rows are not that wide.
 */
function placeCells(group: FittedLine[], format: MrzFormat): MrzGeometry | null {
  const { length } = MRZ_SHAPES[format];
  const slope = median(group.map((l) => l.slope));
  if (Math.abs(slope) > MAX_SLOPE) return null;
  const fits = group.map((line) => cellFit(line, length));
  if (fits.some((fit) => fit === null)) return null;
  // The lines start at the same place on the document: measured along the turned page, the
  // start is x + slope · y. A line that lost its first or last character takes the others' start.
  const starts = fits.flatMap((fit, i) => (fit!.complete ? [fit!.firstCellX + slope * group[i]!.centreY] : []));
  if (starts.length === 0) return null;
  const start = median(starts);
  const lines = group.map((line, i): MrzLineGeometry => {
    const fit = fits[i]!;
    const firstCellX = fit.complete ? fit.firstCellX : start - slope * line.centreY;
    const cells: (Blob | null)[] = Array.from({ length }, () => null);
    for (const blob of line.blobs) {
      const index = Math.round((cx(blob) - firstCellX) / fit.pitchX);
      if (index < 0 || index >= length) continue;
      const held = cells[index];
      if (!held || blob.pixels > held.pixels) cells[index] = blob;
    }
    const heights = line.blobs.map(height).sort((a, b) => a - b);
    const capHeight = heights[Math.floor(heights.length * 0.75)] ?? line.capHeight;
    const bottoms = line.blobs.filter((b) => height(b) >= 0.9 * capHeight).map((b) => b.y1 - slope * cx(b));
    return { slope, firstCellX, pitchX: fit.pitchX, baselineAtZero: median(bottoms), capHeight, cells };
  });
  return { format, lines };
}

/**
 * Cell pitch and first cell of a line, by least squares over (cell index, blob centre): more
 * precise than any single gap. `complete` when the blobs span exactly `length` cells.
 */
function cellFit(line: FittedLine, length: number): { pitchX: number; firstCellX: number; complete: boolean } | null {
  if (line.pitch < 4) return null;
  // Cells spanned, counted gap by gap: a gap of two pitches hides a lost character, a gap of almost
  // none is a glyph broken in two. Gap by gap the median pitch is precise enough; over the whole
  // line it is not.
  const xs = line.blobs.map(cx);
  const span = xs.reduce((cells, x, i) => (i === 0 ? 1 : cells + Math.round((x - xs[i - 1]!) / line.pitch)), 0);
  if (span !== length && span !== length - 1) return null;
  const rough = (line.right - line.left) / (span - 1);
  const indices = line.blobs.map((b) => Math.round((cx(b) - line.left) / rough));
  const n = indices.length;
  const meanI = indices.reduce((s, i) => s + i, 0) / n;
  const meanX = line.blobs.reduce((s, b) => s + cx(b), 0) / n;
  let [sii, six] = [0, 0];
  line.blobs.forEach((b, k) => {
    sii += (indices[k]! - meanI) ** 2;
    six += (indices[k]! - meanI) * (cx(b) - meanX);
  });
  const pitchX = six / sii;
  return { pitchX, firstCellX: meanX - pitchX * meanI, complete: span === length };
}

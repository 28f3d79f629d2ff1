/**
 * One MRZ line cut out of the page as a straight, upright strip at a fixed character size:
 * the skew is undone by sampling along the line, and the scale makes a capital the height the
 * recogniser reads best, whatever the scan resolution.
 */
import type { GrayImage } from '../images/gray-image.ts';
import type { MrzLineGeometry } from './find-mrz-lines.ts';

export interface StripOptions {
  /** Height of a capital in the strip, in pixels. */
  capHeight: number;
  /** White cells added at each end, so the first and last characters are not on the border. */
  marginCells: number;
}

export interface LineStrip {
  image: GrayImage;
  /** x of the centre of cell k in the strip: `firstCellX + k · pitch`. */
  firstCellX: number;
  pitch: number;
  /** The rows sampled from the page (the rest is white padding). */
  glyphTop: number;
  glyphBottom: number;
}

/**
 * What is sampled above and below the baseline, in capitals: the glyphs and a little paper, not
 * the neighbouring lines (on a TD1 card they are half a capital away).
 */
const ABOVE = 1.2;
const BELOW = 0.25;
/** White added above and below, in capitals: the recogniser wants a border around a line. */
const PAD = 0.5;

export function cutLineStrip(page: GrayImage, line: MrzLineGeometry, length: number, options: StripOptions): LineStrip {
  const scale = options.capHeight / line.capHeight;
  const norm = Math.hypot(1, line.slope);
  const [ux, uy] = [1 / norm, line.slope / norm];
  const [vx, vy] = [-uy, ux];
  const pitchAlong = line.pitchX * norm;
  const pitch = pitchAlong * scale;
  const margin = options.marginCells * pitch;
  const width = Math.round(2 * margin + length * pitch);
  const pad = Math.round(PAD * options.capHeight);
  const height = Math.round((ABOVE + BELOW) * options.capHeight) + 2 * pad;
  // The baseline under the centre of cell 0.
  const originX = line.firstCellX;
  const originY = line.baselineAtZero + line.slope * line.firstCellX;
  const data = new Uint8Array(width * height).fill(255);
  const { width: pw, height: ph, data: pd } = page;
  for (let y = pad; y < height - pad; y++) {
    const across = (y - pad) / scale - ABOVE * line.capHeight;
    for (let x = 0; x < width; x++) {
      const along = (x - margin) / scale - pitchAlong / 2;
      const sx = originX + along * ux + across * vx;
      const sy = originY + along * uy + across * vy;
      const x0 = Math.floor(sx);
      const y0 = Math.floor(sy);
      if (x0 < 0 || y0 < 0 || x0 + 1 >= pw || y0 + 1 >= ph) continue;
      const fx = sx - x0;
      const fy = sy - y0;
      const i = y0 * pw + x0;
      const top = pd[i]! + (pd[i + 1]! - pd[i]!) * fx;
      const bottom = pd[i + pw]! + (pd[i + pw + 1]! - pd[i + pw]!) * fx;
      data[y * width + x] = Math.round(top + (bottom - top) * fy);
    }
  }
  flattenBackground(data, width, pad, height - pad, Math.ceil(pitch));
  return {
    image: { width, height, data },
    firstCellX: margin + pitch / 2,
    pitch,
    glyphTop: pad,
    glyphBottom: height - pad,
  };
}

/**
 * Divides each column by the paper's brightness around it (the brightest sample within a pitch),
 * so a shadow or a fold across the line leaves ink dark and paper white: one threshold then
 * separates them along the whole strip, for tesseract and for the shape matcher alike.
 */
function flattenBackground(data: Uint8Array, width: number, top: number, bottom: number, reach: number): void {
  const columnMax = new Float64Array(width);
  for (let x = 0; x < width; x++) {
    let max = 0;
    for (let y = top; y < bottom; y++) max = Math.max(max, data[y * width + x]!);
    columnMax[x] = max;
  }
  for (let x = 0; x < width; x++) {
    let paper = 1;
    for (let k = Math.max(0, x - reach); k <= Math.min(width - 1, x + reach); k++)
      paper = Math.max(paper, columnMax[k]!);
    const gain = 255 / paper;
    for (let y = top; y < bottom; y++) data[y * width + x] = Math.min(255, Math.round(data[y * width + x]! * gain));
  }
}

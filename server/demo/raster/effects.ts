/** What a flatbed scanner does to a document: it lies a little askew, and the sensor adds grain. */
import type { Canvas, Color } from './canvas.ts';

/**
 * Turns the document about the image centre (positive: clockwise), shrunk just enough that its
 * corners stay inside the image, as a scanner's auto-crop frames a card lying askew. Bilinear;
 * the uncovered corners get `background`.
 */
export function rotate(canvas: Canvas, degrees: number, background: Color): void {
  if (degrees === 0) return;
  const { width, height, data } = canvas;
  const source = data.slice();
  const radians = (degrees * Math.PI) / 180;
  const [turnedCos, turnedSin] = [Math.abs(Math.cos(radians)), Math.abs(Math.sin(radians))];
  const fit = Math.min(
    width / (width * turnedCos + height * turnedSin),
    height / (width * turnedSin + height * turnedCos),
  );
  // The inverse map: rotate back by the angle, and grow by 1 / fit.
  const [cos, sin] = [Math.cos(radians) / fit, Math.sin(radians) / fit];
  const [cx, cy] = [(width - 1) / 2, (height - 1) / 2];
  const sample = (x: number, y: number, channel: number): number =>
    x >= 0 && x < width && y >= 0 && y < height ? source[(y * width + x) * 4 + channel]! : background[channel]!;

  const stride = width * 4;
  for (let y = 0; y < height; y++) {
    // Each output pixel reads where it came from, stepped along the row.
    let sx = -cos * cx + sin * (y - cy) + cx;
    let sy = sin * cx + cos * (y - cy) + cy;
    for (let x = 0, p = y * stride; x < width; x++, p += 4, sx += cos, sy -= sin) {
      const x0 = Math.floor(sx);
      const y0 = Math.floor(sy);
      const fx = sx - x0;
      const fy = sy - y0;
      const w00 = (1 - fx) * (1 - fy);
      const w10 = fx * (1 - fy);
      const w01 = (1 - fx) * fy;
      const w11 = fx * fy;
      if (x0 >= 0 && y0 >= 0 && x0 + 1 < width && y0 + 1 < height) {
        const i = y0 * stride + x0 * 4;
        for (let c = 0; c < 3; c++) {
          data[p + c] =
            source[i + c]! * w00 +
            source[i + 4 + c]! * w10 +
            source[i + stride + c]! * w01 +
            source[i + stride + 4 + c]! * w11;
        }
      } else {
        for (let c = 0; c < 3; c++) {
          data[p + c] =
            sample(x0, y0, c) * w00 +
            sample(x0 + 1, y0, c) * w10 +
            sample(x0, y0 + 1, c) * w01 +
            sample(x0 + 1, y0 + 1, c) * w11;
        }
      }
    }
  }
}

/** Grey sensor grain: `amount` 1 moves a pixel by up to ±48 levels, most by much less. */
export function addNoise(canvas: Canvas, amount: number, random: () => number): void {
  if (amount === 0) return;
  const { data } = canvas;
  const strength = amount * 48;
  for (let p = 0; p < data.length; p += 4) {
    const grain = (random() + random() - 1) * strength;
    data[p] = data[p]! + grain;
    data[p + 1] = data[p + 1]! + grain;
    data[p + 2] = data[p + 2]! + grain;
  }
}

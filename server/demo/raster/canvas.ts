/**
 * An RGBA image that paths are filled into with exact-area anti-aliasing: every edge adds its
 * signed area to an accumulation buffer, and a running sum along each row gives each pixel's
 * coverage (the method of font-rs and stb_truetype). Linear in edges plus covered pixels, which
 * keeps a page of text well under the time budget of the demo set.
 */
import type { Path } from './path.ts';

export type Color = readonly [red: number, green: number, blue: number];

let scratch = new Float32Array(0);

export class Canvas {
  readonly width: number;
  readonly height: number;
  /** RGBA, opaque; clamped so effects can add without overflow checks. */
  readonly data: Uint8ClampedArray;

  constructor(width: number, height: number, background: Color) {
    this.width = width;
    this.height = height;
    this.data = new Uint8ClampedArray(width * height * 4);
    for (let i = 0; i < this.data.length; i += 4) {
      this.data[i] = background[0];
      this.data[i + 1] = background[1];
      this.data[i + 2] = background[2];
      this.data[i + 3] = 255;
    }
  }

  /** A vertical gradient from `top` to `bottom` over the pixel rows of the rectangle. */
  gradient(x: number, y: number, width: number, height: number, top: Color, bottom: Color): void {
    const [x0, x1] = [Math.max(0, Math.round(x)), Math.min(this.width, Math.round(x + width))];
    const [y0, y1] = [Math.max(0, Math.round(y)), Math.min(this.height, Math.round(y + height))];
    for (let row = y0; row < y1; row++) {
      const t = height > 1 ? (row - y) / (height - 1) : 0;
      const color = top.map((c, i) => c + (bottom[i]! - c) * t);
      for (let i = (row * this.width + x0) * 4, end = (row * this.width + x1) * 4; i < end; i += 4) {
        this.data[i] = color[0]!;
        this.data[i + 1] = color[1]!;
        this.data[i + 2] = color[2]!;
      }
    }
  }

  /** Fills the path (non-zero, overlaps saturate) with `color` at `opacity`. */
  fill(path: Path, color: Color, opacity = 1): void {
    let [minX, minY, maxX, maxY] = [Infinity, Infinity, -Infinity, -Infinity];
    for (const contour of path.contours) {
      for (let i = 0; i < contour.length; i += 2) {
        const [x, y] = [contour[i]!, contour[i + 1]!];
        if (x < minX) minX = x;
        if (x > maxX) maxX = x;
        if (y < minY) minY = y;
        if (y > maxY) maxY = y;
      }
    }
    // Rows outside the image are skipped; columns are kept, since coverage sums along a row.
    const left = Math.floor(minX);
    const top = Math.max(0, Math.floor(minY));
    const bufferWidth = Math.ceil(maxX) - left + 2;
    const rows = Math.min(this.height, Math.ceil(maxY)) - top;
    if (!(rows > 0 && bufferWidth > 2 && maxX > 0 && minX < this.width)) return;

    const size = bufferWidth * rows;
    if (scratch.length < size) scratch = new Float32Array(size);
    const acc = scratch;
    acc.fill(0, 0, size);
    for (const contour of path.contours) {
      const n = contour.length;
      for (let i = 0; i < n; i += 2) {
        const j = (i + 2) % n;
        accumulateEdge(
          acc,
          bufferWidth,
          rows,
          contour[i]! - left,
          contour[i + 1]! - top,
          contour[j]! - left,
          contour[j + 1]! - top,
        );
      }
    }

    const [red, green, blue] = color;
    const data = this.data;
    for (let row = 0; row < rows; row++) {
      let sum = 0;
      const line = row * bufferWidth;
      const pixelRow = (top + row) * this.width;
      for (let column = 0; column < bufferWidth; column++) {
        sum += acc[line + column]!;
        const x = left + column;
        if (x < 0 || x >= this.width) continue;
        const alpha = Math.min(1, Math.abs(sum)) * opacity;
        if (alpha < 1 / 512) continue;
        const p = (pixelRow + x) * 4;
        data[p] = data[p]! + (red - data[p]!) * alpha;
        data[p + 1] = data[p + 1]! + (green - data[p + 1]!) * alpha;
        data[p + 2] = data[p + 2]! + (blue - data[p + 2]!) * alpha;
      }
    }
  }
}

/** Adds the signed area one edge covers to each cell of the rows it crosses (after font-rs). */
function accumulateEdge(
  acc: Float32Array,
  width: number,
  rows: number,
  ax: number,
  ay: number,
  bx: number,
  by: number,
): void {
  if (ay === by) return;
  const direction = ay < by ? 1 : -1;
  const [x0, y0, x1, y1] = ay < by ? [ax, ay, bx, by] : [bx, by, ax, ay];
  const dxdy = (x1 - x0) / (y1 - y0);
  let x = y0 < 0 ? x0 - y0 * dxdy : x0;
  const end = Math.min(rows, Math.ceil(y1));
  for (let y = Math.max(0, Math.floor(y0)); y < end; y++) {
    const dy = Math.min(y + 1, y1) - Math.max(y, y0);
    const xNext = x + dxdy * dy;
    const d = dy * direction;
    const [xa, xb] = x < xNext ? [x, xNext] : [xNext, x];
    const xaFloor = Math.floor(xa);
    const xbCeil = Math.ceil(xb);
    const line = y * width;
    if (xbCeil <= xaFloor + 1) {
      const middle = 0.5 * (x + xNext) - xaFloor;
      acc[line + xaFloor] = acc[line + xaFloor]! + d - d * middle;
      acc[line + xaFloor + 1] = acc[line + xaFloor + 1]! + d * middle;
    } else {
      const s = 1 / (xb - xa);
      const xaFraction = xa - xaFloor;
      const a0 = 0.5 * s * (1 - xaFraction) * (1 - xaFraction);
      const xbFraction = xb - xbCeil + 1;
      const aEnd = 0.5 * s * xbFraction * xbFraction;
      acc[line + xaFloor] = acc[line + xaFloor]! + d * a0;
      if (xbCeil === xaFloor + 2) {
        acc[line + xaFloor + 1] = acc[line + xaFloor + 1]! + d * (1 - a0 - aEnd);
      } else {
        const a1 = s * (1.5 - xaFraction);
        acc[line + xaFloor + 1] = acc[line + xaFloor + 1]! + d * (a1 - a0);
        for (let xi = xaFloor + 2; xi < xbCeil - 1; xi++) acc[line + xi] = acc[line + xi]! + d * s;
        const a2 = a1 + (xbCeil - xaFloor - 3) * s;
        acc[line + xbCeil - 1] = acc[line + xbCeil - 1]! + d * (1 - a2 - aEnd);
      }
      acc[line + xbCeil] = acc[line + xbCeil]! + d * aEnd;
    }
    x = xNext;
  }
}

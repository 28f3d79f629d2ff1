/**
 * Vector paths flattened to polygons in pixel space. Curves are transformed first and split
 * afterwards, so the number of segments follows the size a curve has on the image.
 */

/** `[a, b, c, d, e, f]`: x' = a·x + c·y + e, y' = b·x + d·y + f, as in the HTML canvas. */
export type Matrix = readonly [number, number, number, number, number, number];

export const IDENTITY: Matrix = [1, 0, 0, 1, 0, 0];

/** `m` applied after `n`. */
export function multiply(m: Matrix, n: Matrix): Matrix {
  return [
    m[0] * n[0] + m[2] * n[1],
    m[1] * n[0] + m[3] * n[1],
    m[0] * n[2] + m[2] * n[3],
    m[1] * n[2] + m[3] * n[3],
    m[0] * n[4] + m[2] * n[5] + m[4],
    m[1] * n[4] + m[3] * n[5] + m[5],
  ];
}

export const translation = (x: number, y: number): Matrix => [1, 0, 0, 1, x, y];
export const scaling = (sx: number, sy = sx): Matrix => [sx, 0, 0, sy, 0, 0];
export function rotation(degrees: number): Matrix {
  const r = (degrees * Math.PI) / 180;
  return [Math.cos(r), Math.sin(r), -Math.sin(r), Math.cos(r), 0, 0];
}

/** Largest distance, in pixels, between a curve and the polygon that stands for it. */
const TOLERANCE = 0.2;
/** Control-point offset of a cubic Bézier quarter circle. */
const KAPPA = 0.5523;

export class Path {
  /** Closed polygons, each a flat list x0, y0, x1, y1, … in pixels. */
  readonly contours: number[][] = [];
  matrix: Matrix;
  private contour: number[] | undefined;
  private x = 0;
  private y = 0;

  constructor(matrix: Matrix = IDENTITY) {
    this.matrix = matrix;
  }

  moveTo(x: number, y: number): void {
    this.closePath();
    [this.x, this.y] = this.map(x, y);
    this.contour = [this.x, this.y];
    this.contours.push(this.contour);
  }

  lineTo(x: number, y: number): void {
    const [px, py] = this.map(x, y);
    this.point(px, py);
    [this.x, this.y] = [px, py];
  }

  quadraticCurveTo(cpx: number, cpy: number, x: number, y: number): void {
    const [x0, y0] = [this.x, this.y];
    const [x1, y1] = this.map(cpx, cpy);
    const [x2, y2] = this.map(x, y);
    const bend = Math.hypot(x0 - 2 * x1 + x2, y0 - 2 * y1 + y2);
    const steps = Math.max(1, Math.ceil(Math.sqrt(bend / (4 * TOLERANCE))));
    for (let i = 1; i <= steps; i++) {
      const t = i / steps;
      const u = 1 - t;
      this.point(u * u * x0 + 2 * u * t * x1 + t * t * x2, u * u * y0 + 2 * u * t * y1 + t * t * y2);
    }
    [this.x, this.y] = [x2, y2];
  }

  bezierCurveTo(cp1x: number, cp1y: number, cp2x: number, cp2y: number, x: number, y: number): void {
    const [x0, y0] = [this.x, this.y];
    const [x1, y1] = this.map(cp1x, cp1y);
    const [x2, y2] = this.map(cp2x, cp2y);
    const [x3, y3] = this.map(x, y);
    const bend = Math.max(
      Math.hypot(x0 - 2 * x1 + x2, y0 - 2 * y1 + y2),
      Math.hypot(x1 - 2 * x2 + x3, y1 - 2 * y2 + y3),
    );
    const steps = Math.max(1, Math.ceil(Math.sqrt((0.75 * bend) / TOLERANCE)));
    for (let i = 1; i <= steps; i++) {
      const t = i / steps;
      const u = 1 - t;
      const [a, b, c, d] = [u * u * u, 3 * u * u * t, 3 * u * t * t, t * t * t];
      this.point(a * x0 + b * x1 + c * x2 + d * x3, a * y0 + b * y1 + c * y2 + d * y3);
    }
    [this.x, this.y] = [x3, y3];
  }

  /** Contours are always filled closed; this only ends the current one. */
  closePath(): void {
    this.contour = undefined;
  }

  rect(x: number, y: number, width: number, height: number): this {
    this.moveTo(x, y);
    this.lineTo(x + width, y);
    this.lineTo(x + width, y + height);
    this.lineTo(x, y + height);
    this.closePath();
    return this;
  }

  roundedRect(x: number, y: number, width: number, height: number, radius: number): this {
    const [r, k] = [radius, radius * (1 - KAPPA)];
    this.moveTo(x + r, y);
    this.lineTo(x + width - r, y);
    this.bezierCurveTo(x + width - k, y, x + width, y + k, x + width, y + r);
    this.lineTo(x + width, y + height - r);
    this.bezierCurveTo(x + width, y + height - k, x + width - k, y + height, x + width - r, y + height);
    this.lineTo(x + r, y + height);
    this.bezierCurveTo(x + k, y + height, x, y + height - k, x, y + height - r);
    this.lineTo(x, y + r);
    this.bezierCurveTo(x, y + k, x + k, y, x + r, y);
    this.closePath();
    return this;
  }

  ellipse(cx: number, cy: number, rx: number, ry: number): this {
    const [kx, ky] = [rx * KAPPA, ry * KAPPA];
    this.moveTo(cx + rx, cy);
    this.bezierCurveTo(cx + rx, cy + ky, cx + kx, cy + ry, cx, cy + ry);
    this.bezierCurveTo(cx - kx, cy + ry, cx - rx, cy + ky, cx - rx, cy);
    this.bezierCurveTo(cx - rx, cy - ky, cx - kx, cy - ry, cx, cy - ry);
    this.bezierCurveTo(cx + kx, cy - ry, cx + rx, cy - ky, cx + rx, cy);
    this.closePath();
    return this;
  }

  /** A line of the given width along the points, as one quadrilateral per segment. */
  polyline(points: readonly number[], width: number): this {
    const half = width / 2;
    for (let i = 0; i + 3 < points.length; i += 2) {
      const [x0, y0, x1, y1] = [points[i]!, points[i + 1]!, points[i + 2]!, points[i + 3]!];
      const length = Math.hypot(x1 - x0, y1 - y0) || 1;
      const [nx, ny] = [((y0 - y1) / length) * half, ((x1 - x0) / length) * half];
      this.moveTo(x0 + nx, y0 + ny);
      this.lineTo(x1 + nx, y1 + ny);
      this.lineTo(x1 - nx, y1 - ny);
      this.lineTo(x0 - nx, y0 - ny);
      this.closePath();
    }
    return this;
  }

  /** Adds a vertex; after closePath, a drawing command starts a new contour at the current point. */
  private point(x: number, y: number): void {
    if (!this.contour) {
      this.contour = [this.x, this.y];
      this.contours.push(this.contour);
    }
    this.contour.push(x, y);
  }

  private map(x: number, y: number): [number, number] {
    const m = this.matrix;
    return [m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]];
  }
}

/** A rectangle in an image's pixels, or a page's units. */
export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Darker than this on any channel is ink or document, not scanner glass. */
const BLANK_LEVEL = 235;
/** A row or column needs this many non-blank pixels to count: scanner grain and dust do not. */
const MIN_PIXELS = 3;

/**
 * Where something lies on a mostly white scanned page, from its RGBA pixels; null when the page
 * is blank or filled edge to edge. The same rule as the renderer's content-bounds.ts, so a
 * preview shows the region the viewer shows.
 */
export function contentBounds(rgba: Uint8Array | Uint8ClampedArray, width: number, height: number): Box | null {
  if (width < 2 || height < 2) return null;
  const rows = new Uint32Array(height);
  const columns = new Uint32Array(width);
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      const i = (y * width + x) * 4;
      if (Math.min(rgba[i]!, rgba[i + 1]!, rgba[i + 2]!) < BLANK_LEVEL) {
        rows[y]! += 1;
        columns[x]! += 1;
      }
    }
  }
  const first = (counts: Uint32Array) => counts.findIndex((n) => n >= MIN_PIXELS);
  const last = (counts: Uint32Array) => counts.findLastIndex((n) => n >= MIN_PIXELS);
  const top = first(rows);
  const left = first(columns);
  if (top < 0 || left < 0) return null;
  const box = { x: left, y: top, width: last(columns) + 1 - left, height: last(rows) + 1 - top };
  const share = (box.width * box.height) / (width * height);
  return share > 0.9 || share < 0.005 ? null : box;
}

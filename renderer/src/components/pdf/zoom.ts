/** How the page is sized: to the viewer's width, whole in the viewer, or at a chosen scale (1 = 72 dpi, "100 %"). */
export type PdfZoom = { mode: 'width' } | { mode: 'page' } | { mode: 'scale'; scale: number };

export interface Size {
  width: number;
  height: number;
}

/** The steps of the + and − buttons, as in the common PDF readers. */
export const ZOOM_STEPS = [0.25, 0.33, 0.5, 0.67, 0.75, 0.8, 0.9, 1, 1.1, 1.25, 1.5, 1.75, 2, 2.5, 3, 4, 5];
export const MIN_SCALE = ZOOM_STEPS[0]!;
export const MAX_SCALE = ZOOM_STEPS[ZOOM_STEPS.length - 1]!;

/** Room kept around the page inside the viewer, in CSS pixels. */
export const PAGE_MARGIN = 12;

const clamp = (scale: number) => Math.min(MAX_SCALE, Math.max(MIN_SCALE, scale));

/** The scale that shows `page` (its size at scale 1, rotation applied) in `box` as `zoom` asks. */
export function scaleFor(zoom: PdfZoom, page: Size, box: Size): number {
  if (zoom.mode === 'scale') return clamp(zoom.scale);
  const width = Math.max(1, box.width - 2 * PAGE_MARGIN) / page.width;
  if (zoom.mode === 'width') return clamp(width);
  return clamp(Math.min(width, Math.max(1, box.height - 2 * PAGE_MARGIN) / page.height));
}

/** The next step up (1) or down (−1) from `scale`, never the same value. */
export function stepScale(scale: number, direction: 1 | -1): number {
  const next =
    direction === 1
      ? ZOOM_STEPS.find((step) => step > scale * 1.01)
      : [...ZOOM_STEPS].reverse().find((step) => step < scale * 0.99);
  return next ?? (direction === 1 ? MAX_SCALE : MIN_SCALE);
}

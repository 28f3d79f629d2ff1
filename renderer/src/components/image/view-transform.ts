export interface Size {
  width: number;
  height: number;
}

/** How the image sits in the viewer: `zoom` relative to "fit" (1), pan in CSS pixels from the centre. */
export interface View {
  zoom: number;
  panX: number;
  panY: number;
  rotation: 0 | 90 | 180 | 270;
}

export const MIN_ZOOM = 0.5;
export const MAX_ZOOM = 8;
/** Room kept around the image at "fit", in CSS pixels. */
const FIT_MARGIN = 8;

export const initialView = (): View => ({ zoom: 1, panX: 0, panY: 0, rotation: 0 });

const turned = (image: Size, rotation: number): Size =>
  rotation % 180 === 0 ? image : { width: image.height, height: image.width };

/** The scale at which the whole image, turned by `rotation`, fits in `box`. */
export function fitScale(image: Size, box: Size, rotation: number): number {
  const { width, height } = turned(image, rotation);
  if (width <= 0 || height <= 0) return 1;
  return Math.max(0.01, Math.min((box.width - 2 * FIT_MARGIN) / width, (box.height - 2 * FIT_MARGIN) / height));
}

/** Pans only as far as keeps the image covering the viewer where it is larger, and centred where it is not. */
export function clampView(view: View, image: Size, box: Size): View {
  const scale = fitScale(image, box, view.rotation) * view.zoom;
  const shown = turned(image, view.rotation);
  const limitX = Math.max(0, (shown.width * scale - box.width) / 2 + FIT_MARGIN);
  const limitY = Math.max(0, (shown.height * scale - box.height) / 2 + FIT_MARGIN);
  return {
    ...view,
    panX: Math.min(limitX, Math.max(-limitX, view.panX)),
    panY: Math.min(limitY, Math.max(-limitY, view.panY)),
  };
}

/** Zooms by `factor`, keeping the image point under `at` (CSS pixels from the viewer's centre) where it is. */
export function zoomView(view: View, factor: number, image: Size, box: Size, at = { x: 0, y: 0 }): View {
  const zoom = Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, view.zoom * factor));
  const applied = zoom / view.zoom;
  return clampView(
    {
      ...view,
      zoom,
      panX: at.x - (at.x - view.panX) * applied,
      panY: at.y - (at.y - view.panY) * applied,
    },
    image,
    box,
  );
}

export const rotateView = (view: View, by: 90 | -90): View => ({
  ...view,
  rotation: ((((view.rotation + by) % 360) + 360) % 360) as View['rotation'],
  panX: 0,
  panY: 0,
});

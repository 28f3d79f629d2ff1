/** CSS pixels of the identity document beside the applicant: enough to recognise it and see its MRZ band at a glance. */
export const ID_PREVIEW_WIDTH = 176;

/** The same in device pixels: the size its preview is drawn at. */
export const idPreviewPixels = (): number => Math.round(ID_PREVIEW_WIDTH * (window.devicePixelRatio || 1));

/** One 8-bit luminance channel, row by row: 0 is black ink, 255 white paper. */
export interface GrayImage {
  width: number;
  height: number;
  data: Uint8Array;
}

/**
 * Luminance (ITU-R BT.601 weights) of interleaved 8-bit pixels with `channels` of 1–4 per pixel.
 * Transparent pixels count as white paper: a cut-out scan pasted on a transparent canvas must
 * not turn into a black frame around the document.
 */
export function toGray(pixels: Uint8Array, width: number, height: number, channels: 1 | 2 | 3 | 4): GrayImage {
  const data = new Uint8Array(width * height);
  const hasAlpha = channels === 2 || channels === 4;
  for (let i = 0, p = 0; i < data.length; i++, p += channels) {
    const luminance = channels >= 3 ? 0.299 * pixels[p]! + 0.587 * pixels[p + 1]! + 0.114 * pixels[p + 2]! : pixels[p]!;
    const alpha = hasAlpha ? pixels[p + channels - 1]! / 255 : 1;
    data[i] = Math.round(luminance * alpha + 255 * (1 - alpha));
  }
  return { width, height, data };
}

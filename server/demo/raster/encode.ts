import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import type { Canvas } from './canvas.ts';

const bytesOf = (canvas: Canvas): Buffer =>
  Buffer.from(canvas.data.buffer, canvas.data.byteOffset, canvas.data.byteLength);

/** 8-bit RGB PNG (the image is opaque, so no alpha channel). */
export function encodePng(canvas: Canvas): Uint8Array {
  const png = new PNG({ width: canvas.width, height: canvas.height });
  png.data = bytesOf(canvas);
  // Paeth on every row instead of pngjs's trying all five filters per row: two thirds of the
  // time, and on these images the same size.
  return PNG.sync.write(png, { colorType: 2, filterType: 4 });
}

export function encodeJpeg(canvas: Canvas, quality: number): Uint8Array {
  return jpeg.encode({ data: bytesOf(canvas), width: canvas.width, height: canvas.height }, quality).data;
}

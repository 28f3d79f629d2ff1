/**
 * PNG and JPEG to luminance, behind the limits the caller sets: the declared size is checked
 * from the header before any pixel is decoded, and a file the decoder rejects is reported as
 * corrupt rather than thrown at the caller.
 */
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { toGray, type GrayImage } from './gray-image.ts';
import { ImageFileError } from './image-file-error.ts';
import { jpegDimensions, pngDimensions, type Dimensions } from './sniff.ts';

export interface DecodeLimits {
  maxPixels: number;
}

export function checkDimensions(dimensions: Dimensions | null, limits: DecodeLimits): Dimensions {
  if (!dimensions || dimensions.width === 0 || dimensions.height === 0) {
    throw new ImageFileError('CORRUPT_FILE', 'the image header declares no size');
  }
  if (dimensions.width * dimensions.height > limits.maxPixels) {
    throw new ImageFileError(
      'IMAGE_TOO_LARGE',
      `${dimensions.width} × ${dimensions.height} pixels, more than ${limits.maxPixels}`,
    );
  }
  return dimensions;
}

export function decodePng(bytes: Uint8Array, limits: DecodeLimits): GrayImage {
  checkDimensions(pngDimensions(bytes), limits);
  let png: PNG;
  try {
    png = PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  } catch (error) {
    throw new ImageFileError('CORRUPT_FILE', `PNG: ${(error as Error).message}`);
  }
  // pngjs expands every colour type and bit depth to 8-bit RGBA.
  return toGray(png.data, png.width, png.height, 4);
}

export function decodeJpeg(bytes: Uint8Array, limits: DecodeLimits): GrayImage {
  const { width, height } = checkDimensions(jpegDimensions(bytes), limits);
  let decoded: { width: number; height: number; data: Uint8Array };
  try {
    decoded = jpeg.decode(bytes, {
      useTArray: true,
      formatAsRGBA: true,
      // A truncated scan still shows what arrived; a header lying about its size does not.
      tolerantDecoding: true,
      maxResolutionInMP: limits.maxPixels / 1e6,
      maxMemoryUsageInMB: Math.ceil((limits.maxPixels * 8) / 2 ** 20),
    });
  } catch (error) {
    throw new ImageFileError('CORRUPT_FILE', `JPEG: ${(error as Error).message}`);
  }
  if (decoded.width !== width || decoded.height !== height) {
    throw new ImageFileError('CORRUPT_FILE', 'JPEG: decoded size differs from the header');
  }
  return toGray(decoded.data, decoded.width, decoded.height, 4);
}

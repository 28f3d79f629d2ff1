/**
 * Decodes a PNG or JPEG into a bitmap ready to draw. WebCodecs' ImageDecoder takes the bytes as
 * they are and decodes off the page's thread; the Blob that `createImageBitmap` would need is
 * registered with the browser process by a synchronous call, which cost the page 3–4 ms a ticket
 * open, more when that process waits for a core. The Blob route remains for a page that is not a
 * secure context, where ImageDecoder does not exist.
 */
export async function decodeBitmap(bytes: Uint8Array, contentType: string): Promise<ImageBitmap> {
  if (typeof ImageDecoder === 'undefined')
    return createImageBitmap(new Blob([bytes as BlobPart], { type: contentType }));
  const decoder = new ImageDecoder({ data: bytes as BufferSource, type: contentType });
  try {
    const { image } = await decoder.decode();
    try {
      return await createImageBitmap(image);
    } finally {
      image.close();
    }
  } finally {
    decoder.close();
  }
}

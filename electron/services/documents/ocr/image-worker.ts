/**
 * The image worker's entry: decoding and locating are tens to hundreds of milliseconds of pixel
 * loops, kept off the thread that called `readMrzFromFile`. One request at a time; an error the
 * file causes comes back as a problem code, anything else as `INTERNAL`.
 */
import { parentPort } from 'node:worker_threads';
import { ImageFileError } from '../images/image-file-error.ts';
import { prepareStrips, type StripRequest } from './prepare-strips.ts';

export type ImageWorkerRequest = StripRequest & { id: number };
export type ImageWorkerResponse =
  | { id: number; ok: true; result: Awaited<ReturnType<typeof prepareStrips>> }
  | { id: number; ok: false; code: string; detail: string };

parentPort?.on('message', (request: ImageWorkerRequest) => {
  prepareStrips(request).then(
    (result) => {
      const transfer = result.found
        ? result.strips.flatMap((s) => [s.png.buffer as ArrayBuffer, s.shapes.buffer as ArrayBuffer])
        : [];
      parentPort!.postMessage({ id: request.id, ok: true, result } satisfies ImageWorkerResponse, transfer);
    },
    (error: unknown) => {
      const code = error instanceof ImageFileError ? error.code : 'INTERNAL';
      const detail = error instanceof Error ? error.message : String(error);
      parentPort!.postMessage({ id: request.id, ok: false, code, detail } satisfies ImageWorkerResponse);
    },
  );
});

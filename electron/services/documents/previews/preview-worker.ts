/**
 * Worker thread entry (started by preview-thread.ts): draws one preview per message.
 */
import { parentPort } from 'node:worker_threads';
import type { PreviewReply } from './preview-thread.ts';
import { PreviewFileError, renderPreview, type PreviewJob } from './render-preview.ts';

if (!parentPort) throw new Error('preview-worker.ts runs as a worker thread');
const port = parentPort;
const send = (reply: PreviewReply, transfer: ArrayBuffer[] = []) => port.postMessage(reply, transfer);

port.on('message', (job: PreviewJob) => {
  renderPreview(job).then(
    (raster) => send({ type: 'raster', raster }, [raster.png.buffer as ArrayBuffer]),
    (error: unknown) =>
      send({
        type: 'refused',
        reason: error instanceof PreviewFileError ? 'unreadable' : 'failed',
        detail: (error as Error).message,
      }),
  );
});
send({ type: 'ready' });

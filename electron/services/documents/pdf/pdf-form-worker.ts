/**
 * Worker thread entry (started by pdf-form-thread.ts): reads one PDF per message.
 */
import { parentPort } from 'node:worker_threads';
import { pdfjs } from './open-pdf.ts';
import type { WorkerMessage } from './pdf-form-thread.ts';
import { readPdfDocument, type PdfFormJob } from './read-pdf-document.ts';

if (!parentPort) throw new Error('pdf-form-worker.ts runs as a worker thread');
const port = parentPort;
const send = (message: WorkerMessage) => port.postMessage(message);

// Loaded before saying ready, so a broken installation fails loudly instead of as "corrupt file".
await pdfjs();
port.on('message', (job: PdfFormJob) => {
  void readPdfDocument(job).then((result) => send({ type: 'result', result }));
});
send({ type: 'ready' });

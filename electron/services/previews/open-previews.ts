import path from 'node:path';
import { createPreviewThread } from '../documents/previews/preview-thread.ts';
import { createDocumentPreviews, type DocumentPreviews, type DocumentPreviewsOptions } from './document-previews.ts';
import { openPreviewStore } from './preview-store.ts';

/** The document previews of a profile: `previews/` beside `attachments/`, under the cache key. */
export function openDocumentPreviews(
  options: { profileDir: string; key: Buffer } & Pick<
    DocumentPreviewsOptions,
    'ticket' | 'attachment' | 'cached' | 'log'
  >,
): DocumentPreviews {
  const dir = path.join(options.profileDir, 'previews');
  return createDocumentPreviews({
    store: openPreviewStore({ dir, key: options.key }),
    thread: createPreviewThread,
    widthsFile: path.join(dir, 'widths.json'),
    ticket: options.ticket,
    attachment: options.attachment,
    cached: options.cached,
    log: options.log,
  });
}

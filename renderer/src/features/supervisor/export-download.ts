import { ok, type Result } from '../../../../common/contract/result.ts';
import { supervisorServices } from './shared/supervisor-services.ts';

/**
 * Saves a finished export where the user's browser or desktop saves downloads: its bytes come
 * through the contract a slice at a time (the page cannot open a path of the services' disk), and
 * the file is handed over as one Blob under the name the services gave it.
 */
export async function downloadExport(exportId: string): Promise<Result<{ filename: string; bytes: number }>> {
  const services = supervisorServices();
  const parts: Uint8Array[] = [];
  let offset = 0;
  for (;;) {
    const slice = await services.call('exports.read', { exportId, offset });
    if (!slice.ok) return slice;
    const bytes = slice.value.data;
    parts.push(bytes);
    offset += bytes.length;
    if (bytes.length === 0 || offset >= slice.value.totalBytes) {
      const url = URL.createObjectURL(new Blob(parts as BlobPart[], { type: slice.value.mediaType }));
      const link = Object.assign(document.createElement('a'), { href: url, download: slice.value.filename });
      link.click();
      // The download has taken its copy once the click's task is over.
      setTimeout(() => URL.revokeObjectURL(url), 0);
      return ok({ filename: slice.value.filename, bytes: offset });
    }
  }
}

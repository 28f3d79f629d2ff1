import { ref, shallowRef, watch, type Ref } from 'vue';
import type { ContractError } from '../../../../common/contract/result.ts';
import { decodeDocumentImage, type DecodedImage } from '../../components/image/decode-image.ts';
import { useTicketStore, type AttachmentBytes } from '../../stores/ticket.ts';
import { idPreviewPixels } from './id-preview-size.ts';
import { useDocumentPreviewsStore } from './previews.ts';

/** The bytes of one attachment of the open ticket, following the chosen one. */
export function useAttachment(ticketId: Ref<string | null>, sha256: Ref<string | null>) {
  const store = useTicketStore();
  const data = shallowRef<AttachmentBytes | null>(null);
  const error = ref<ContractError | null>(null);
  const loading = ref(false);
  let asked = 0;

  watch(
    [ticketId, sha256],
    async ([id, sha]) => {
      asked += 1;
      const mine = asked;
      data.value = null;
      error.value = null;
      loading.value = false;
      if (!id || !sha) return;
      loading.value = true;
      const result = await store.attachment(id, sha);
      if (mine !== asked) return;
      loading.value = false;
      if (result.ok) data.value = result.value;
      else error.value = result.error;
    },
    { immediate: true },
  );
  return { data, error, loading };
}

/** The identity document decoded for drawing; `failed` when the file is not an image pdf.js or the browser can read. */
export function useDecodedImage(sha256: Ref<string | null>, attachment: Ref<AttachmentBytes | null>) {
  const image = shallowRef<DecodedImage | null>(null);
  const failed = ref(false);
  let asked = 0;

  watch(
    [sha256, attachment],
    async ([sha, file]) => {
      asked += 1;
      const mine = asked;
      image.value = null;
      failed.value = false;
      if (!sha || !file) return;
      try {
        const decoded = await decodeDocumentImage(sha, file.bytes, file.contentType);
        if (mine === asked) image.value = decoded;
      } catch {
        if (mine === asked) failed.value = true;
      }
    },
    { immediate: true },
  );
  return { image, failed };
}

/**
 * The identity document drawn by the services at the preview's exact size: on screen beside the
 * applicant before the file itself has arrived and been decoded. Null when none can be had; the
 * decoded file takes its place.
 */
export function useIdPreview(ticketId: Ref<string | null>, sha256: Ref<string | null>) {
  const previews = useDocumentPreviewsStore();
  const image = shallowRef<DecodedImage | null>(null);
  let asked = 0;

  watch(
    [ticketId, sha256],
    async ([id, sha]) => {
      asked += 1;
      const mine = asked;
      image.value = null;
      if (!id || !sha) return;
      const preview = await previews.image(id, sha, idPreviewPixels());
      if (mine !== asked || !preview) return;
      const { source, width, height } = preview;
      image.value = {
        source,
        width,
        height,
        kind: 'image',
        document: preview.document ?? { x: 0, y: 0, width, height },
      };
    },
    { immediate: true },
  );
  return image;
}

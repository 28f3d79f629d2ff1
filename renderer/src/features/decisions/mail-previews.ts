import { computed, ref, watch } from 'vue';
import type { MethodInput, MethodOutput } from '../../../../common/contract/methods.ts';
import type { ContractError } from '../../../../common/contract/result.ts';
import { useDecisionsStore } from '../../stores/decisions.ts';

export type MailPreview = MethodOutput<'mail.preview'>;
type PreviewRequest = Omit<MethodInput<'mail.preview'>, 'language'>;

/** Operators read the Italian text; a decision's mail is checked against it side by side. */
const CONSOLE_LANGUAGE = 'it';

/**
 * The applicant's e-mail for a decision being drafted, in the applicant's language and in
 * Italian, re-rendered as the draft changes. `request` returns null while the draft is incomplete.
 */
export function useMailPreviews(request: () => PreviewRequest | null) {
  const store = useDecisionsStore();
  const applicant = ref<MailPreview>();
  const italian = ref<MailPreview>();
  const error = ref<ContractError>();
  const loading = ref(false);
  let generation = 0;

  watch(
    () => JSON.stringify(request()),
    async () => {
      const input = request();
      const mine = ++generation;
      error.value = undefined;
      if (!input) {
        loading.value = false;
        applicant.value = italian.value = undefined;
        return;
      }
      loading.value = true;
      const [theirs, ours] = await Promise.all([
        store.preview(input),
        store.preview({ ...input, language: CONSOLE_LANGUAGE }),
      ]);
      if (mine !== generation) return;
      loading.value = false;
      applicant.value = theirs.ok ? theirs.value : undefined;
      italian.value = ours.ok && (!theirs.ok || theirs.value.language !== CONSOLE_LANGUAGE) ? ours.value : undefined;
      error.value = !theirs.ok ? theirs.error : !ours.ok ? ours.error : undefined;
    },
    { immediate: true },
  );

  /** Placeholders no version could fill: the mail would go out broken, so the decision waits. */
  const missing = computed(() => [
    ...new Set([...(applicant.value?.missingPlaceholders ?? []), ...(italian.value?.missingPlaceholders ?? [])]),
  ]);

  return { applicant, italian, error, loading, missing };
}

import { onBeforeUnmount, onMounted, ref, type Ref } from 'vue';

/**
 * Whether focus is anywhere inside `root`: a viewer's keys (zoom, rotate, pan) work only while
 * the operator is in that viewer, so they never fight the page's own shortcuts.
 */
export function useFocusWithin(root: Ref<HTMLElement | undefined>): Ref<boolean> {
  const inside = ref(false);
  const update = () => (inside.value = Boolean(root.value?.contains(document.activeElement)));
  // focusout fires before the next element has focus.
  const later = () => queueMicrotask(update);
  onMounted(() => {
    root.value?.addEventListener('focusin', update);
    root.value?.addEventListener('focusout', later);
  });
  onBeforeUnmount(() => {
    root.value?.removeEventListener('focusin', update);
    root.value?.removeEventListener('focusout', later);
  });
  return inside;
}

/** Resolves once the frame showing what was just drawn has been painted. */
export const afterNextPaint = (): Promise<void> =>
  new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));

/**
 * Records a user-timing mark (the UI benchmark reads them); only the latest of each name is kept,
 * so a day of work does not pile them up.
 */
export function markPainted(name: string, detail: Record<string, string>): void {
  performance.clearMarks(name);
  performance.mark(name, { detail });
}

/**
 * `element`'s content box, fractions kept, as its ResizeObserver will report it after the next
 * layout: read now (forcing that layout early), a viewer can draw what it already has in the task
 * that mounted it instead of in a frame of its own.
 */
export function contentBoxOf(element: HTMLElement): { width: number; height: number } {
  const style = getComputedStyle(element);
  const px = (value: string) => parseFloat(value) || 0;
  const borderX = px(style.borderLeftWidth) + px(style.borderRightWidth);
  const borderY = px(style.borderTopWidth) + px(style.borderBottomWidth);
  // Scrollbars (or the room kept for them) take their width from the padding box; they are whole pixels.
  const scrollbarX = element.offsetWidth - element.clientWidth - borderX;
  const scrollbarY = element.offsetHeight - element.clientHeight - borderY;
  const rect = element.getBoundingClientRect();
  return {
    width: rect.width - borderX - px(style.paddingLeft) - px(style.paddingRight) - scrollbarX,
    height: rect.height - borderY - px(style.paddingTop) - px(style.paddingBottom) - scrollbarY,
  };
}

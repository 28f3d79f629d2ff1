import { computed, onScopeDispose, shallowRef, watch, type Ref } from 'vue';

/** A place in the list with the row it holds; `start`/`end` in the virtualizer's pixels. */
export interface RowSlot<Row> {
  index: number;
  start: number;
  end: number;
  row: Row | undefined;
  /** No item wants the slot: its row stays built, out of sight, for the next item that does. */
  hidden?: boolean;
}

interface RowSlotOptions<Row> {
  /** What the virtualizer wants drawn: consecutive indexes, the screen and its margin. */
  items: Ref<readonly { index: number; start: number; end: number }[]>;
  rowAt(index: number): Row | undefined;
  /** The stretch of the list on screen, in the items' pixels. */
  viewport(): { top: number; bottom: number };
  /** Rows refilled in one frame at most. */
  perFrame: number;
}

/** Room for the row cut at either edge of the screen: the virtualizer's count varies by one or two as the list moves. */
const HEADROOM = 2;

/**
 * The rows a virtual list draws, brought to what the virtualizer wants a few per animation frame:
 * those on screen first, top to bottom, then the margin. A jump across the list refills every
 * row, and each refilled row costs the page's thread its style, layout and paint; spread over
 * frames, no frame holds more than `perFrame` of them, however far or fast the list moves.
 *
 * Slot k holds the item whose index is k modulo the number of slots, so a row waiting for its
 * turn still shows its old place, which has left the screen and its margin: no row is drawn twice
 * or in a wrong place. At once, not frame by frame: a slot no item wants is hidden (rather than
 * torn down: the virtualizer's count goes up and down by one as rows cross the screen's edges); a
 * row the cache let go of goes back to loading; more items than slots (the first fill, a taller
 * window) lay the slots out again.
 */
export function useRowSlots<Row>(options: RowSlotOptions<Row>): Readonly<Ref<readonly (RowSlot<Row> | undefined)[]>> {
  const slots = shallowRef<readonly (RowSlot<Row> | undefined)[]>([]);
  let capacity = 0;
  const wanted = computed(() => {
    const items = options.items.value;
    if (items.length > capacity) capacity = items.length + HEADROOM;
    const list = new Array<RowSlot<Row> | undefined>(capacity).fill(undefined);
    for (const { index, start, end } of items) {
      list[index % capacity] = { index, start, end, row: options.rowAt(index) };
    }
    return list;
  });
  let frame = 0;

  const differs = (a: RowSlot<Row> | undefined, b: RowSlot<Row>) =>
    !a || a.hidden || a.index !== b.index || a.start !== b.start || a.row !== b.row;

  /** Brings up to `perFrame` slots to what is wanted, and asks for another frame if more are due. */
  function refill(): void {
    frame = 0;
    const target = wanted.value;
    const current = slots.value;
    const stale = target.flatMap((slot, k) => (slot && differs(current[k], slot) ? [k] : []));
    if (stale.length === 0) return;
    const { top, bottom } = options.viewport();
    const offScreen = (k: number) => (target[k]!.end > top && target[k]!.start < bottom ? 0 : 1);
    stale.sort((a, b) => offScreen(a) - offScreen(b) || target[a]!.start - target[b]!.start);
    const next = current.slice();
    for (const k of stale.slice(0, options.perFrame)) next[k] = target[k];
    slots.value = next;
    if (stale.length > options.perFrame) frame = requestAnimationFrame(refill);
  }

  watch(
    wanted,
    (target) => {
      const current = slots.value;
      if (target.length !== current.length) {
        cancelAnimationFrame(frame);
        frame = 0;
        slots.value = target;
        return;
      }
      const next = current.map((slot, k) => {
        const wants = target[k];
        if (!slot || slot.hidden) return slot;
        if (!wants) return { ...slot, hidden: true };
        // The cache let go of this row (new filters, a reload): what it shows may no longer be true.
        if (wants.index === slot.index && slot.row !== undefined && wants.row === undefined) return wants;
        return slot;
      });
      if (next.some((slot, k) => slot !== current[k])) slots.value = next;
      if (!frame) frame = requestAnimationFrame(refill);
    },
    { immediate: true },
  );
  onScopeDispose(() => cancelAnimationFrame(frame));
  return slots;
}

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { effectScope, nextTick, ref, shallowReactive } from 'vue';
import { useRowSlots, type RowSlot } from '../../renderer/src/features/queue/row-slots.ts';

const ROW = 40;
const SCREEN = 400;
const OVERSCAN = 3;
const COUNT = 100_000;
const PER_FRAME = 4;

/** What the virtualizer asks for with the list scrolled to `top`: the screen's rows and a margin. */
function itemsAt(top: number) {
  const first = Math.max(0, Math.floor(top / ROW) - OVERSCAN);
  const last = Math.min(COUNT - 1, Math.floor((top + SCREEN - 1) / ROW) + OVERSCAN);
  return Array.from({ length: last - first + 1 }, (_, i) => ({
    index: first + i,
    start: (first + i) * ROW,
    end: (first + i + 1) * ROW,
  }));
}

// Animation frames run when the test says so, as the browser would run them one per frame.
let frames = new Map<number, FrameRequestCallback>();
let nextId = 1;
beforeEach(() => {
  frames = new Map();
  globalThis.requestAnimationFrame = (callback) => {
    frames.set(nextId, callback);
    return nextId++;
  };
  globalThis.cancelAnimationFrame = (id) => void frames.delete(id);
});
afterEach(() => {
  Reflect.deleteProperty(globalThis, 'requestAnimationFrame');
  Reflect.deleteProperty(globalThis, 'cancelAnimationFrame');
});

async function runFrame(): Promise<void> {
  const due = [...frames.values()];
  frames.clear();
  for (const callback of due) callback(performance.now());
  await nextTick();
}

function setUp(at = 100 * ROW) {
  const top = ref(at);
  const items = ref(itemsAt(at));
  // Rows the cache holds; the rest are still loading.
  const held = shallowReactive(new Map<number, { id: string }>());
  const scope = effectScope();
  const slots = scope.run(() =>
    useRowSlots({
      items,
      rowAt: (index) => held.get(index),
      viewport: () => ({ top: top.value, bottom: top.value + SCREEN }),
      perFrame: PER_FRAME,
    }),
  )!;
  const scrollTo = async (to: number) => {
    top.value = to;
    items.value = itemsAt(to);
    await nextTick();
  };
  const shown = () => slots.value.filter((slot): slot is RowSlot<{ id: string }> => !!slot && !slot.hidden);
  return { slots, held, scope, scrollTo, shown, items };
}

/** What must hold after every frame: each row drawn once, in its own place, in the slot of its index. */
function expectConsistent(slots: readonly (RowSlot<unknown> | undefined)[]): void {
  const drawn = slots.filter((slot) => slot && !slot.hidden).map((slot) => slot!.index);
  expect(new Set(drawn).size).toBe(drawn.length);
  slots.forEach((slot, k) => {
    if (!slot) return;
    expect(slot.index % slots.length).toBe(k);
    expect(slot.start).toBe(slot.index * ROW);
  });
}

describe('row slots of the queue', () => {
  it('lays out the first screen at once, every wanted row in place', async () => {
    const { slots, items } = setUp();
    expect(
      slots.value
        .filter(Boolean)
        .map((slot) => slot!.index)
        .sort((a, b) => a - b),
    ).toEqual(items.value.map((item) => item.index));
    expectConsistent(slots.value);
    await runFrame();
    expect(frames.size).toBe(0);
  });

  it('refills a jump a few rows per frame: the screen first, top to bottom, then the margin', async () => {
    const { slots, scrollTo, shown, items } = setUp();
    await scrollTo(2_000_000);
    const wanted = items.value.map((item) => item.index);
    const onScreen = wanted.filter((index) => index * ROW >= 2_000_000 && index * ROW < 2_000_000 + SCREEN);
    // Nothing of the new place is drawn before the frame.
    expect(shown().some((slot) => wanted.includes(slot.index))).toBe(false);

    const order: number[][] = [];
    for (let frame = 0; frame < 10 && frames.size > 0; frame += 1) {
      const before = new Set(shown().map((slot) => slot.index));
      await runFrame();
      const added = shown()
        .map((slot) => slot.index)
        .filter((index) => !before.has(index));
      expect(added.length).toBeLessThanOrEqual(PER_FRAME);
      order.push(added.sort((a, b) => a - b));
      expectConsistent(slots.value);
    }
    expect(order).toHaveLength(Math.ceil(wanted.length / PER_FRAME));
    // Top to bottom on screen, and no row of the margin while one on screen still waits.
    expect(order.flat().filter((index) => onScreen.includes(index))).toEqual(onScreen);
    const screenDone = order.findIndex((_, f) =>
      onScreen.every((index) =>
        order
          .slice(0, f + 1)
          .flat()
          .includes(index),
      ),
    );
    expect(screenDone).toBe(Math.ceil(onScreen.length / PER_FRAME) - 1);
    const firstMargin = order.findIndex((added) => added.some((index) => !onScreen.includes(index)));
    expect(firstMargin).toBeGreaterThanOrEqual(screenDone);
    expect(
      shown()
        .map((slot) => slot.index)
        .sort((a, b) => a - b),
    ).toEqual(wanted);
  });

  it('brings a row its data when its page arrives', async () => {
    const { held, shown } = setUp();
    expect(shown().every((slot) => slot.row === undefined)).toBe(true);
    held.set(102, { id: 'UE-2026-000103' });
    await nextTick();
    await runFrame();
    expect(shown().find((slot) => slot.index === 102)?.row).toEqual({ id: 'UE-2026-000103' });
    expect(shown().filter((slot) => slot.row).length).toBe(1);
  });

  it('takes back at once every row the cache let go of, rather than show it a few frames more', async () => {
    const { held, shown } = setUp();
    for (let index = 90; index < 120; index += 1) held.set(index, { id: `UE-2026-${index}` });
    await nextTick();
    while (frames.size > 0) await runFrame();
    expect(shown().every((slot) => slot.row)).toBe(true);
    // New filters: the cache drops every page.
    held.clear();
    await nextTick();
    expect(shown().every((slot) => slot.row === undefined)).toBe(true);
  });

  it('hides a slot no row wants at once and keeps it, instead of drawing it somewhere wrong', async () => {
    const { slots, scrollTo, items } = setUp();
    await scrollTo(ROW * 200.5);
    while (frames.size > 0) await runFrame();
    const built = slots.value.filter(Boolean).length;
    // Half a row further, no row is cut at the screen's foot: the virtualizer wants one fewer.
    await scrollTo(ROW * 201);
    const wanted = new Set(items.value.map((item) => item.index));
    const hidden = slots.value.filter((slot) => slot?.hidden);
    expect(hidden.length).toBeGreaterThan(0);
    expect(hidden.every((slot) => !wanted.has(slot!.index))).toBe(true);
    expect(slots.value.filter(Boolean).length).toBe(built);
    expectConsistent(slots.value);
  });

  it('asks for no frame once its scope ends', async () => {
    const { scope, scrollTo } = setUp();
    await scrollTo(500_000);
    expect(frames.size).toBe(1);
    scope.stop();
    expect(frames.size).toBe(0);
  });
});

import { computed, onBeforeUnmount, onMounted, shallowReactive } from 'vue';

/** A keyboard shortcut while the component that registered it is mounted. */
export interface Shortcut {
  /** `KeyboardEvent.key`: 'j', 'ArrowDown', 'Enter', '/', '?', 'Escape', '1'… */
  key: string;
  /** i18n keys, for the cheat sheet. */
  group: string;
  description: string;
  handler: (event: KeyboardEvent) => void;
  /** When false the key falls through to the next registration (e.g. nothing selected). */
  enabled?: () => boolean;
  /** Also fires while typing in a field (Escape to leave it, for one). */
  inFields?: boolean;
}

const registry = shallowReactive(new Map<symbol, Shortcut>());

/** Every shortcut live right now, in registration order: what the cheat sheet lists. */
export const activeShortcuts = computed(() => [...registry.values()]);

const typingIn = (target: EventTarget | null) =>
  target instanceof HTMLElement &&
  (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));

/** Registers `shortcut` for the lifetime of the calling component. */
export function useShortcut(shortcut: Shortcut): void {
  const id = Symbol(shortcut.key);
  onMounted(() => registry.set(id, shortcut));
  onBeforeUnmount(() => registry.delete(id));
}

/** The key whose shortcut an application-menu command stands for (electron/main/app-menu.ts). */
export const COMMAND_KEYS = { next: 'n', search: '/', shortcuts: '?' } as const;

/**
 * Runs the live shortcut for `key` as if it had been pressed outside a field (the menu's
 * accelerators land here); false when no mounted view offers it.
 */
export function fireShortcut(key: string): boolean {
  const match = [...registry.values()].reverse().find((s) => s.key === key && (s.enabled ? s.enabled() : true));
  match?.handler(new KeyboardEvent('keydown', { key }));
  return match !== undefined;
}

/**
 * One listener for the whole window. The latest registration of a key wins, so a dialog's
 * Escape beats the page's; keys with Ctrl, Alt or Meta are left to the browser and assistive
 * technology, and letters typed into a field stay in the field.
 */
export function installShortcuts(target: Window = window): () => void {
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.defaultPrevented || event.ctrlKey || event.altKey || event.metaKey || event.isComposing) return;
    const inField = typingIn(event.target);
    const candidates = [...registry.values()].reverse();
    const match = candidates.find(
      (s) => s.key === event.key && (!inField || s.inFields) && (s.enabled ? s.enabled() : true),
    );
    if (!match) return;
    event.preventDefault();
    match.handler(event);
  };
  target.addEventListener('keydown', onKeyDown);
  return () => target.removeEventListener('keydown', onKeyDown);
}

import { useI18n } from 'vue-i18n';

const cache = new Map<string, string>();

/**
 * `t` for the queue's rows, remembered per language: a screen of rows asks for the same few
 * dozen texts hundreds of times while scrolling, and vue-i18n resolves each one afresh.
 * Reading the locale keeps the caller reactive to a language change.
 */
export function useCachedLabels() {
  const { t, locale } = useI18n();
  return (key: string, count?: number): string => {
    const id = `${locale.value}\u0000${key}\u0000${count ?? ''}`;
    let text = cache.get(id);
    if (text === undefined) {
      text = count === undefined ? t(key) : t(key, { n: count }, count);
      cache.set(id, text);
    }
    return text;
  };
}

import { createI18n } from 'vue-i18n';
import { DEFAULT_LOCALE, type Locale } from '../../../common/i18n/locales.ts';
import { messages, type Messages } from './messages.ts';

export const i18n = createI18n<[Messages], Locale, false>({
  legacy: false,
  locale: DEFAULT_LOCALE,
  fallbackLocale: 'en',
  messages,
});

export function applyLocale(locale: Locale): void {
  i18n.global.locale.value = locale;
  document.documentElement.lang = locale;
}

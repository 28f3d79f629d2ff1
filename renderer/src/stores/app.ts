import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { AppInfo } from '../../../common/contract/methods.ts';
import type { ContractError } from '../../../common/contract/result.ts';
import { DEFAULT_LOCALE, type Locale } from '../../../common/i18n/locales.ts';
import type { ConnectionState, Platform } from '../platform/index.ts';

/** Application-wide state: what the host says about itself, the connection, the language. */
export const useAppStore = defineStore('app', () => {
  const info = ref<AppInfo>();
  const connection = ref<ConnectionState>('connecting');
  const error = ref<ContractError>();
  const locale = ref<Locale>(DEFAULT_LOCALE);
  let platform: Platform | undefined;

  const isDemo = computed(() => info.value?.mode === 'demo');

  async function loadInfo(): Promise<void> {
    if (!platform) return;
    const result = await platform.call('app.info', {});
    if (result.ok) {
      info.value = result.value;
      locale.value = result.value.locale;
    } else if (connection.value === 'online') {
      error.value = result.error;
    }
  }

  function start(using: Platform): () => void {
    platform = using;
    const stops = [
      using.onConnection((state) => {
        connection.value = state;
        if (state === 'online') void loadInfo();
      }),
      using.subscribe('app.events', (event) => {
        if (event.type === 'locale.changed') locale.value = event.locale;
      }),
    ];
    return () => stops.forEach((stop) => stop());
  }

  async function setLocale(next: Locale): Promise<void> {
    if (!platform || next === locale.value) return;
    const previous = locale.value;
    locale.value = next;
    const result = await platform.call('app.setLocale', { locale: next });
    if (!result.ok) {
      locale.value = previous;
      error.value = result.error;
    }
  }

  return {
    info,
    connection,
    error,
    locale,
    isDemo,
    start,
    setLocale,
    dismissError: () => (error.value = undefined),
  };
});

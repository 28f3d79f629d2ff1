import '@fontsource/titillium-web/400.css';
import '@fontsource/titillium-web/600.css';
import '@fontsource/titillium-web/700.css';
import './styles/theme.css';
import { createPinia } from 'pinia';
import { createApp, watch } from 'vue';
import App from './App.vue';
import { applyLocale, i18n } from './i18n/index.ts';
import { createPlatform } from './platform/index.ts';
import { installShortcuts } from './composables/shortcuts.ts';
import { createAppRouter } from './router.ts';
import { useAppStore } from './stores/app.ts';
import { useQueueStore } from './stores/queue.ts';
import { useSyncStore } from './stores/sync.ts';
import { useDecisionsStore } from './stores/decisions.ts';
import { useTicketStore } from './stores/ticket.ts';

// First, before the router reads the URL: the platform takes the host secret out of the fragment.
const platform = createPlatform();
const app = createApp(App).use(createPinia()).use(i18n).use(createAppRouter());
const store = useAppStore();
store.start(platform);
useSyncStore().start(platform);
useQueueStore().start(platform);
useDecisionsStore().start(platform);
useTicketStore().start(platform);
watch(() => store.locale, applyLocale, { immediate: true });
app.mount('#app');
installShortcuts();

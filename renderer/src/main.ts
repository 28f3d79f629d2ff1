import '@fontsource/titillium-web/400.css';
import '@fontsource/titillium-web/600.css';
import '@fontsource/titillium-web/700.css';
import './styles/theme.css';
import { createPinia } from 'pinia';
import { createApp, watch } from 'vue';
import App from './App.vue';
import { applyLocale, i18n } from './i18n/index.ts';
import { createPlatform } from './platform/index.ts';
import { router } from './router.ts';
import { useAppStore } from './stores/app.ts';

const app = createApp(App).use(createPinia()).use(i18n).use(router);
const store = useAppStore();
store.start(createPlatform());
watch(() => store.locale, applyLocale, { immediate: true });
app.mount('#app');

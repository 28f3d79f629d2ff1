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
import { useDocumentPreviewsStore } from './features/ticket/previews.ts';
import { useAuthStore } from './stores/auth.ts';
import { sessionPlatform } from './features/auth/session-platform.ts';
import { startWorkspace } from './features/auth/workspace.ts';
import { installAppCommands, rememberOpenTicket } from './features/shell/app-commands.ts';

// First, before the router reads the URL: the platform takes the host secret out of the fragment.
const platform = createPlatform();
const pinia = createPinia();
const router = createAppRouter();
const app = createApp(App).use(pinia).use(i18n).use(router);
const store = useAppStore();
store.start(platform);
const auth = useAuthStore();
auth.start(platform);
// The operator's work loads once signed in, waits while locked, and is emptied at sign-out.
startWorkspace({
  pinia,
  platform: sessionPlatform(platform, () => auth.access),
  signedIn: () => auth.signedIn,
  stores: [useSyncStore, useQueueStore, useDecisionsStore, useTicketStore, useDocumentPreviewsStore],
  onSignOut: () => void router.replace('/'),
});
watch(() => store.locale, applyLocale, { immediate: true });
app.mount('#app');
installShortcuts();
const signedIn = () => auth.access === 'open';
installAppCommands({ platform, router, signedIn, syncNow: () => useSyncStore().syncNow() });
rememberOpenTicket({ platform, router, signedIn });

import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router';

declare module 'vue-router' {
  interface RouteMeta {
    /** i18n key of the page title. */
    title: string;
  }
}

const routes: RouteRecordRaw[] = [
  { path: '/', redirect: '/coda' },
  {
    path: '/coda',
    name: 'queue',
    component: () => import('./features/queue/QueueView.vue'),
    meta: { title: 'nav.queue' },
  },
  {
    path: '/pratica/:id?',
    name: 'ticket',
    component: () => import('./features/ticket/TicketView.vue'),
    meta: { title: 'nav.ticket' },
  },
  {
    path: '/storico',
    name: 'history',
    component: () => import('./features/history/HistoryView.vue'),
    meta: { title: 'nav.history' },
  },
  {
    path: '/impostazioni',
    name: 'settings',
    component: () => import('./features/settings/SettingsView.vue'),
    meta: { title: 'nav.settings' },
  },
  { path: '/:unknown(.*)*', redirect: '/coda' },
];

/** A factory, not a module-level router: the history must be created after the platform has read the URL. */
export const createAppRouter = () => createRouter({ history: createWebHistory(), routes });

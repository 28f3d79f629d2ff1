import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router';
import { useAuthStore } from './stores/auth.ts';

declare module 'vue-router' {
  interface RouteMeta {
    /** i18n key of the page title. */
    title: string;
    /** Only a supervisor may open it (the services refuse anyone else regardless). */
    supervisor?: boolean;
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
    component: () => import('./features/supervisor/history/HistoryView.vue'),
    meta: { title: 'nav.history', supervisor: true },
  },
  {
    path: '/controfirme',
    name: 'countersign',
    component: () => import('./features/supervisor/countersign/CountersignView.vue'),
    meta: { title: 'nav.countersign', supervisor: true },
  },
  {
    path: '/statistiche',
    name: 'stats',
    component: () => import('./features/supervisor/stats/StatsView.vue'),
    meta: { title: 'statsView.title', supervisor: true },
  },
  {
    path: '/audit',
    name: 'audit',
    component: () => import('./features/supervisor/audit/AuditView.vue'),
    meta: { title: 'auditView.title', supervisor: true },
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
export function createAppRouter() {
  const router = createRouter({ history: createWebHistory(), routes });
  // An operator is not led into a supervisor view from inside the console. An address typed or
  // reloaded still opens it, and the view shows the services' refusal: they decide, not this guard.
  router.beforeEach((to, from) => {
    if (to.meta.supervisor && from.matched.length > 0 && useAuthStore().session?.operator.role === 'operator')
      return false;
  });
  return router;
}

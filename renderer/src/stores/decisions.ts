import { defineStore } from 'pinia';
import { reactive, ref } from 'vue';
import type { DecisionAction } from '../../../common/api/schemas.ts';
import type { ReasonCatalog } from '../../../common/checks/reasons.ts';
import type { MethodInput, MethodOutput, TicketDetail } from '../../../common/contract/methods.ts';
import type { Result } from '../../../common/contract/result.ts';
import type { Platform } from '../platform/index.ts';

export type DecisionSync = 'pending' | 'synced' | 'conflict';
type Operator = NonNullable<MethodOutput<'session.current'>['operator']>;

const notStarted: Result<never> = {
  ok: false,
  error: { code: 'UNAVAILABLE', message: 'The console is still starting' },
};

/**
 * Claims, decisions and conflicts: who is signed in (whose leases are "mine"), the reason
 * catalog, and the decisions recorded from this console, so the way of each from "recorded here"
 * to "synchronised" (or to a conflict) can be told. The tickets themselves come from the view,
 * which follows sync events.
 */
export const useDecisionsStore = defineStore('decisions', () => {
  let platform: Platform | undefined;
  const me = ref<Operator | null>(null);
  const reasons = ref<ReasonCatalog>();
  /** Decisions recorded from this console since it started, per ticket: what "synchronised" refers to. */
  const recorded = reactive(new Map<string, { decisionId: string; action: DecisionAction }>());

  async function loadContext(): Promise<void> {
    if (!platform) return;
    const [session, catalog] = await Promise.all([
      platform.call('session.current', {}),
      platform.call('reasons.list', {}),
    ]);
    if (session.ok) me.value = session.value.operator;
    if (catalog.ok) reasons.value = catalog.value;
  }

  function start(using: Platform): () => void {
    platform = using;
    return using.onConnection((state) => {
      if (state === 'online') void loadContext();
    });
  }

  function syncOf(ticketId: string, detail: TicketDetail): DecisionSync | null {
    if (detail.conflict) return 'conflict';
    if (detail.pendingDecision) return 'pending';
    return recorded.has(ticketId) ? 'synced' : null;
  }

  const call = <M extends Parameters<Platform['call']>[0]>(method: M, input: MethodInput<M>) =>
    platform ? platform.call(method, input) : Promise.resolve(notStarted);

  async function submit(input: MethodInput<'decisions.submit'>) {
    const result = await call('decisions.submit', input);
    if (result.ok) recorded.set(input.ticketId, { decisionId: result.value.decisionId, action: input.action });
    return result;
  }

  return {
    me,
    reasons,
    recorded,
    start,
    syncOf,
    submit,
    claim: (ticketId: string) => call('tickets.claim', { ticketId }),
    release: (ticketId: string) => call('tickets.release', { ticketId }),
    keepTheirs(ticketId: string) {
      recorded.delete(ticketId);
      return call('conflicts.resolve', { ticketId, resolution: 'KEEP_THEIRS' });
    },
    preview: (input: MethodInput<'mail.preview'>) => call('mail.preview', input),
  };
});

/**
 * One simulated console, as a child process the chaos test can SIGKILL at any instant: it opens
 * its profile's encrypted cache, works through its plan of decisions, and exits once everything
 * it recorded is delivered. Restarted with the same profile, it carries on where it was killed.
 */
import { readFileSync } from 'node:fs';
import { createServices } from '../../electron/services/index.ts';
import { createLogger } from '../../electron/services/log/logger.ts';
import { keyFileSealer } from '../../electron/services/security/sealer.ts';

export interface PlanStep {
  ticketId: string;
  claim: boolean;
  decision: Record<string, unknown>;
}

export interface ConsoleConfig {
  profileDir: string;
  apiUrl: string;
  token: string;
  operator: { id: string; name: string; role: 'operator' | 'supervisor' };
  plan: PlanStep[];
}

const config = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as ConsoleConfig;
const services = createServices({
  identity: { name: 'Accredita', version: 'chaos', host: 'web', platform: process.platform },
  profileDir: config.profileDir,
  log: createLogger('chaos-console', 'error'),
  sealer: keyFileSealer(),
  demoApiUrl: config.apiUrl,
  // This process tests delivery under faults and kills; reading ID images in the background would
  // only compete with the five consoles for the CPU.
  backgroundChecks: false,
  // Nor compute each ticket's checks at its decision: that paces a console's plan below its sync
  // loop, and the overlapping decisions this test races would rarely meet. Evidence has its own test.
  decisionEvidence: false,
  session: { token: config.token, operator: config.operator },
  pollIntervalMs: 50,
  backoffBaseMs: 20,
});
const context = { host: 'web', client: 'chaos' } as const;
const call = (method: string, input: unknown = {}) => services.dispatch(method, input, context);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

for (const step of config.plan) {
  const detail = await call('tickets.get', { ticketId: step.ticketId });
  // Already decided here before a kill (pending, settled or refused): never decide twice.
  if (
    detail.ok &&
    ((detail.value as { pendingDecision: unknown }).pendingDecision || (detail.value as { conflict: unknown }).conflict)
  )
    continue;
  if (step.claim) {
    let claimed = false;
    for (let attempt = 0; attempt < 40 && !claimed; attempt += 1) {
      const result = await call('tickets.claim', { ticketId: step.ticketId });
      if (result.ok) claimed = true;
      else if (result.error.code !== 'UNAVAILABLE') break;
      else await sleep(50);
    }
    if (!claimed) continue;
  }
  await call('decisions.submit', { ticketId: step.ticketId, ...step.decision });
}

const waitingSince = Date.now();
let reportedAt = 0;
for (;;) {
  const status = await call('sync.status');
  const value = status.ok ? (status.value as { online: boolean; pending: number; phase: string }) : undefined;
  if (value && value.online && value.pending === 0 && value.phase === 'idle') break;
  // A console that cannot drain says why, so a failing run can be diagnosed from its log.
  if (Date.now() - waitingSince > 15_000 && Date.now() - reportedAt > 5000) {
    reportedAt = Date.now();
    process.stderr.write(`${config.operator.id} still draining: ${JSON.stringify(status)}\n`);
  }
  await sleep(50);
}
await services.close();
process.stdout.write('DONE\n');

/**
 * Worker thread entry (started by services-thread.ts): loads the services' modules at once, then
 * creates the services when the host says with what (the central API it may have started, a
 * session), answers the host thread's calls and forwards every event.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { enableCompileCache } from '../services/runtime/compile-cache.ts';
import type { ThreadReply, ThreadRequest, ThreadServicesOptions } from './services-thread.ts';

if (!parentPort) throw new Error('services-worker.ts runs as a worker thread');
const port = parentPort;
const send = (reply: ThreadReply) => port.postMessage(reply);
const { logScope, ...options } = workerData as ThreadServicesOptions;
// Before the services' modules: the cache serves them compiled (messages wait in the port meanwhile).
enableCompileCache(options.profileDir);
const [{ EVENT_NAMES }, { createServices }, { createLogger }, { keyFileSealer }] = await Promise.all([
  import('../../common/contract/names.ts'),
  import('../services/index.ts'),
  import('../services/log/logger.ts'),
  import('../services/security/sealer.ts'),
]);
let services: ReturnType<typeof createServices> | undefined;

port.on('message', (request: ThreadRequest) => {
  if (request.type === 'create') {
    services = createServices({ ...options, ...request.with, log: createLogger(logScope), sealer: keyFileSealer() });
    for (const event of EVENT_NAMES)
      services.events.subscribe(event, (payload) => send({ type: 'event', event, payload }));
    send({ type: 'ready' });
  } else if (request.type === 'call' && services) {
    void services
      .dispatch(request.method, request.input, request.context)
      .then((result) => send({ type: 'result', id: request.id, result }));
  } else if (request.type === 'close') {
    void (services?.close() ?? Promise.resolve()).finally(() => send({ type: 'closed' }));
  }
});

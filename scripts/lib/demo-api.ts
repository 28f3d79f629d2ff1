import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { DemoApiStarter } from '../../electron/host/run-web-host.ts';
import { startApiServer } from '../../server/api-server.ts';
import { CIE_AUTH_POLICY } from '../../server/auth/cie-proof.ts';
import { certificatePolicies } from '../../server/auth/certificate-policies.ts';
import { DEMO_STAFF } from '../../common/demo/identities.ts';
import { seedDemoData } from '../../server/demo/seed.ts';
import { projectRoot } from './ensure-build.ts';

const DEMO_TICKETS = 200;
const DEMO_OPERATOR = 'op-giulia';

/**
 * The reference central API in this process, with its database in the profile. The first start
 * seeds the demo data set in the background, so the console is usable at once.
 */
export const startDemoApi: DemoApiStarter = async (profileDir, log) => {
  const pkg = JSON.parse(readFileSync(path.join(projectRoot, 'package.json'), 'utf8')) as { version: string };
  const server = await startApiServer({
    dbFile: path.join(profileDir, 'demo-central-api.db'),
    port: 0,
    systemKey: randomBytes(24).toString('base64url'),
    version: pkg.version,
    trust: { roots: [], requiredPolicies: [CIE_AUTH_POLICY], policiesOf: certificatePolicies },
  });
  const operator = DEMO_STAFF.find((member) => member.id === DEMO_OPERATOR)!;
  server.people.enroll({ ...operator });
  // Until the card reader signs in a real operator, demo mode opens the demo operator's session directly.
  const { token } = server.people.openSession(operator.id, 12 * 3600);
  void seedDemoData(server, { count: DEMO_TICKETS, seed: 1 })
    .then((summary) => log.info('demo data ready', summary))
    .catch((error: unknown) => log.error('demo data failed', { reason: (error as Error).message }));
  return {
    url: server.url,
    session: { token, operator: { id: operator.id, name: operator.name, role: operator.role } },
    close: () => server.close(),
  };
};

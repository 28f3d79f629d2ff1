import { randomBytes, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { DemoApiStarter } from '../../electron/host/run-web-host.ts';
import { startApiServer } from '../../server/api-server.ts';
import { CIE_AUTH_POLICY } from '../../server/auth/cie-proof.ts';
import { certificatePolicies } from '../../server/auth/certificate-policies.ts';
import { DEMO_STAFF } from '../../common/demo/identities.ts';
import { seedDemoData } from '../../server/demo/seed.ts';
import { createVirtualCie, createVirtualCiePki } from '../../server/demo/virtual-cie/index.ts';
import { createInProcessReaders } from '../../electron/services/card/in-process-readers.ts';
import { projectRoot } from './ensure-build.ts';

const DEMO_TICKETS = 200;
const DEMO_CARD_HOLDER = 'op-giulia';

/**
 * The reference central API in this process, with its database in the profile, and a DEMO virtual
 * CIE in an in-process reader to sign in with (its PKI made at start, trusted by this API only).
 * The first start seeds the demo data set in the background, so the console is usable at once.
 */
export const startDemoApi: DemoApiStarter = async (profileDir, log) => {
  const pkg = JSON.parse(readFileSync(path.join(projectRoot, 'package.json'), 'utf8')) as { version: string };
  const pki = await createVirtualCiePki();
  const cie = await createVirtualCie({ identity: DEMO_CARD_HOLDER, pki });
  const server = await startApiServer({
    dbFile: path.join(profileDir, 'demo-central-api.db'),
    port: 0,
    systemKey: randomBytes(24).toString('base64url'),
    version: pkg.version,
    trust: {
      roots: cie.serverRoots.map((der) => new X509Certificate(der)),
      requiredPolicies: [CIE_AUTH_POLICY],
      policiesOf: certificatePolicies,
    },
  });
  for (const member of DEMO_STAFF) server.people.enroll({ ...member });
  void seedDemoData(server, { count: DEMO_TICKETS, seed: 1 })
    .then((summary) => log.info('demo data ready', summary))
    .catch((error: unknown) => log.error('demo data failed', { reason: (error as Error).message }));
  return {
    url: server.url,
    card: { readers: createInProcessReaders(cie.applet), trust: cie.trust, pin: cie.pin },
    close: () => server.close(),
  };
};

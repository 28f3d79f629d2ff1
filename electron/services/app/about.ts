import { X509Certificate } from 'node:crypto';
import type { About, TrustStatus } from '../../../common/contract/app-methods.ts';
import type { CardTrust } from '../card/cie/index.ts';
import type { AppIdentity } from './app-service.ts';

/** The runtime's versions as `process.versions` gives them; Electron adds `electron` and `chrome`. */
export type RuntimeVersions = Partial<Record<'node' | 'electron' | 'chrome', string>>;

/**
 * The CIE trust material as the login would load it now. Loading is the same call the login
 * makes, so "loaded" here means a sign-in would find it; a failure says why.
 */
export async function trustStatus(loadTrust: () => Promise<CardTrust>): Promise<TrustStatus> {
  let trust: CardTrust;
  try {
    trust = await loadTrust();
  } catch (error) {
    return {
      state: 'missing',
      detail: (error as Error).message,
      cscaCertificates: 0,
      caCertificates: 0,
      nearestExpiry: null,
    };
  }
  const expiries = [...trust.cscaCertificates, ...trust.authenticationChain].map((der) =>
    Date.parse(new X509Certificate(der).validTo),
  );
  return {
    state: 'loaded',
    detail: null,
    cscaCertificates: trust.cscaCertificates.length,
    caCertificates: trust.authenticationChain.length,
    nearestExpiry: expiries.length ? new Date(Math.min(...expiries)).toISOString() : null,
  };
}

/** What the About dialog shows: the release, the runtime under it and the trust material's health. */
export async function aboutConsole(
  identity: AppIdentity,
  versions: RuntimeVersions,
  loadTrust: () => Promise<CardTrust>,
): Promise<About> {
  return {
    name: identity.name,
    version: identity.version,
    host: identity.host,
    platform: identity.platform,
    versions: {
      node: versions.node ?? 'unknown',
      electron: versions.electron ?? null,
      chrome: versions.chrome ?? null,
    },
    trust: await trustStatus(loadTrust),
  };
}

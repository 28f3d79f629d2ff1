import { X509Certificate } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { VirtualCiePki } from './pki.ts';

/**
 * Writes a run-time PKI's trust material in the files a console loads with `loadCardTrust`
 * (docs/cie-protocol-impl.md), plus the root the central API trusts (`npm run api -- --trust`):
 * what a console in another process needs to use a virtual CIE through pcscd.
 */
export interface VirtualCieTrustFiles {
  /** The `loadCardTrust` configuration. */
  card: { cscaCertificateFiles: string[]; authenticationChainFiles: string[]; dappKeyFile: string };
  /** PEM of the authentication root, for the server. */
  serverRoot: string;
}

const pem = (der: Uint8Array) => new X509Certificate(der).toString();
const hexOf = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

export async function writeVirtualCieTrust(pki: VirtualCiePki, dir: string): Promise<VirtualCieTrustFiles> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const trust = pki.cardTrust();
  const file = (name: string) => path.join(dir, name);
  await writeFile(file('csca.pem'), trust.cscaCertificates.map(pem).join(''));
  await writeFile(file('cie-auth-ca.pem'), trust.authenticationChain.map(pem).join(''));
  await writeFile(file('cie-root.pem'), pem(pki.authenticationRoot.der));
  await writeFile(
    file('dapp.json'),
    `${JSON.stringify(
      {
        caPrivateExponent: hexOf(trust.dapp.caPrivateExponent),
        terminalModulus: hexOf(trust.dapp.terminalModulus),
        terminalPrivateExponent: hexOf(trust.dapp.terminalPrivateExponent),
        terminalPublicExponent: hexOf(trust.dapp.terminalPublicExponent),
      },
      null,
      2,
    )}\n`,
    { mode: 0o600 },
  );
  return {
    card: {
      cscaCertificateFiles: [file('csca.pem')],
      authenticationChainFiles: [file('cie-auth-ca.pem')],
      dappKeyFile: file('dapp.json'),
    },
    serverRoot: file('cie-root.pem'),
  };
}

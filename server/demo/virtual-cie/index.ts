import { createVirtualCieApplet, type VirtualCardApplet } from './applet.ts';
import { personaliseVirtualCie, type PersonaliseOptions } from './personalise.ts';
import type { VirtualCiePki } from './pki.ts';

export { createVirtualCieApplet, type VirtualCardApplet } from './applet.ts';
export {
  CIE_ATRS,
  DEMO_PIN,
  DEMO_PUK,
  personaliseVirtualCie,
  type CieChipModel,
  type PersonaliseOptions,
  type VirtualCardProfile,
} from './personalise.ts';
export { createVirtualCiePki, type VirtualCiePki } from './pki.ts';
export type { SodProfile } from './sod.ts';
export { writeVirtualCieTrust, type VirtualCieTrustFiles } from './trust-files.ts';

/**
 * A virtual CIE for tests and demo mode (docs/cie-protocol-impl.md): the applet, what its holder
 * needs to use it, and what a client and a server need to trust it.
 */
export interface VirtualCie {
  applet: VirtualCardApplet;
  nis: string;
  pin: string;
  puk: string;
  documentNumber: string;
  holder: { codiceFiscale: string; givenName: string; surname: string };
  /** The client's CardTrust (CSCA, authentication chain, DAPP keys), generated with the PKI. */
  trust: ReturnType<VirtualCiePki['cardTrust']>;
  /** DER roots the server must trust for the holder's certificate. */
  serverRoots: Buffer[];
}

export async function createVirtualCie(options: PersonaliseOptions): Promise<VirtualCie> {
  const profile = await personaliseVirtualCie(options);
  return {
    applet: createVirtualCieApplet(profile),
    nis: profile.nis,
    pin: profile.pin,
    puk: profile.puk,
    documentNumber: profile.documentNumber,
    holder: profile.holder,
    trust: options.pki.cardTrust(),
    serverRoots: [options.pki.authenticationRoot.der],
  };
}

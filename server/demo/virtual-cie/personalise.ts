import { randomInt } from 'node:crypto';
import * as asn1js from 'asn1js';
import { DEMO_STAFF } from '../../../common/demo/identities.ts';
import { DH_G, DH_P, DH_Q } from './dh-group.ts';
import { layOutFiles, type CardFileSystem } from './file-system.ts';
import { generateCardKey, type CardKeyPair, type VirtualCiePki } from './pki.ts';
import { buildSod, type SodProfile } from './sod.ts';

/**
 * Personalises one virtual CIE: keys generated on the spot, the holder's certificate from the
 * run-time CA, the files of §1.3 and an EF.SOD over them from the run-time document signer.
 */

/** Two real CIE ATRs (docs/cie-protocol.md §1.1): the Actalis "ITJ4A" applet and the first Gemalto chip. */
export const CIE_ATRS = {
  actalis: Buffer.from('3B8F8001803180654954 4A3441120FFF829000 88'.replace(/\s/g, ''), 'hex'),
  gemalto: Buffer.from('3B8F80018031 8065B08504001112 0FFF829000 8A'.replace(/\s/g, ''), 'hex'),
} as const;
export type CieChipModel = keyof typeof CIE_ATRS;

/** EF.ATR of an NXP CIE as the SDKs read it over NFC (PAGOPA CieType.kt). */
const EF_ATR = Buffer.from('80004301B84604101010104703940180', 'hex');

export interface VirtualCardProfile {
  atr: Buffer;
  nis: string;
  documentNumber: string;
  holder: { codiceFiscale: string; givenName: string; surname: string };
  pin: string;
  puk: string;
  /** SN.ICC as DAPP returns it: the last 8 bytes of the PAN (EF D003). */
  iccSerial: Buffer;
  files: CardFileSystem;
  keys: { authentication: CardKeyPair; services: CardKeyPair; chip: CardKeyPair };
  /** Key 0x84: the DAPP CA's public key and references. */
  dappCa: { key: CardKeyPair; chr: Buffer; cha: Buffer };
  dh: { g: Buffer; p: Buffer; q: Buffer };
}

export interface PersonaliseOptions {
  /** A DEMO_STAFF id (common/demo/identities.ts). */
  identity: string;
  pki: VirtualCiePki;
  pin?: string;
  puk?: string;
  nis?: string;
  chip?: CieChipModel;
  sodProfile?: SodProfile;
  certificateValidity?: { notBefore: Date; notAfter: Date };
}

export const DEMO_PIN = '12345678';
export const DEMO_PUK = '87654321';

const digits = (count: number) => Array.from({ length: count }, () => randomInt(10)).join('');
const letters = (count: number) =>
  Array.from({ length: count }, () => String.fromCharCode(65 + randomInt(26))).join('');

/** X9.42 DomainParameters {p, g, q}, the shape EF.DH (D004) is given here. */
const dhParametersFile = () =>
  Buffer.from(
    new asn1js.Sequence({
      value: [DH_P, DH_G, DH_Q].map(
        (v) => new asn1js.Integer({ valueHex: Uint8Array.from(Buffer.concat([Buffer.of(0), v])) }),
      ),
    }).toBER(false),
  );

const publicKeyDer = (key: CardKeyPair) => key.publicKey.export({ type: 'pkcs1', format: 'der' });

export async function personaliseVirtualCie(options: PersonaliseOptions): Promise<VirtualCardProfile> {
  const member = DEMO_STAFF.find((m) => m.id === options.identity);
  if (!member) {
    throw new Error(`Unknown identity "${options.identity}"; known: ${DEMO_STAFF.map((m) => m.id).join(', ')}`);
  }
  const [givenName = member.name, ...rest] = member.name.split(' ');
  const holder = { codiceFiscale: member.codiceFiscale, givenName, surname: rest.join(' ') || member.name };
  const nis = options.nis ?? digits(12);
  const documentNumber = `CA${digits(5)}${letters(2)}`;
  const [authentication, services, chip] = await Promise.all([generateCardKey(), generateCardKey(), generateCardKey()]);
  if (!authentication || !services || !chip) throw new Error('card key generation failed');

  const certificate = await options.pki.issueHolderCertificate({
    ...holder,
    documentNumber,
    publicKey: authentication.cryptoKeys.publicKey,
    ...options.certificateValidity,
  });
  const pan = Buffer.from(digits(24), 'hex');
  const dappKey = publicKeyDer(chip);
  const servicesKey = publicKeyDer(services);
  const dhParameters = dhParametersFile();
  const sod = buildSod({
    files: new Map([
      [0xa1, Buffer.from(nis, 'latin1')],
      [0xa2, Buffer.from(documentNumber, 'latin1')],
      [0xa3, certificate],
      [0xa4, dappKey],
      [0xa5, servicesKey],
      [0x1b, dhParameters],
    ]),
    signerCertificate: options.pki.documentSigner.der,
    signerKey: options.pki.documentSigner.key.privateKey,
    profile: options.sodProfile ?? 'sha512-pss',
  });

  return {
    atr: CIE_ATRS[options.chip ?? 'actalis'],
    nis,
    documentNumber,
    holder,
    pin: options.pin ?? DEMO_PIN,
    puk: options.puk ?? DEMO_PUK,
    iccSerial: pan.subarray(pan.length - 8),
    files: layOutFiles({
      nis,
      documentNumber,
      certificate,
      dappKey,
      servicesKey,
      sod,
      pan,
      dhParameters,
      efAtr: EF_ATR,
    }),
    keys: { authentication, services, chip },
    dappCa: options.pki.dappCa,
    dh: { g: DH_G, p: DH_P, q: DH_Q },
  };
}

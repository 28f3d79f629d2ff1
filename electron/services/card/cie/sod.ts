import { constants, createHash, verify, X509Certificate } from 'node:crypto';
import * as asn1js from 'asn1js';
import { CardError } from '../transport.ts';
import { equalBytes, hex } from './bytes.ts';

/**
 * EF.SOD (docs/cie-protocol.md §2.3): tag `77` around a CMS SignedData whose content is an ICAO
 * LDSSecurityObject listing a hash per file. Both profiles are read from the algorithm OIDs: the
 * older SHA-256 with sha256WithRSA (sha1WithRSA accepted as MWL does), the newer SHA-512 with
 * RSASSA-PSS; ECDSA as NISJ accepts it. The signer certificate must chain to a configured CSCA.
 */

/** The one-byte "data group" tags of the CIE SOD (MWL AbilitaCIE.cpp). */
export const SOD_TAG = {
  NIS: 0xa1,
  SERIAL: 0xa2,
  CERTIFICATE: 0xa3,
  DAPP_KEY: 0xa4,
  SERVICES_KEY: 0xa5,
  DH_PARAMETERS: 0x1b,
} as const;

export interface VerifiedSod {
  /** Node's digest name for the file hashes ("sha256", "sha512"). */
  hashAlgorithm: string;
  /** File hashes keyed by the raw one-byte tag (A1 … A5, 1B). */
  hashes: Map<number, Uint8Array>;
  /** Subject of the document signer that signed it. */
  signer: string;
}

const OID = {
  signedData: '1.2.840.113549.1.7.2',
  ldsSecurityObject: '2.23.136.1.1.1',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  rsaEncryption: '1.2.840.113549.1.1.1',
  rsassaPss: '1.2.840.113549.1.1.10',
  mgf1: '1.2.840.113549.1.1.8',
} as const;

const DIGESTS: Record<string, string> = {
  '1.3.14.3.2.26': 'sha1',
  '2.16.840.1.101.3.4.2.4': 'sha224',
  '2.16.840.1.101.3.4.2.1': 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
};

const RSA_PKCS1_WITH: Record<string, string> = {
  '1.2.840.113549.1.1.5': 'sha1',
  '1.2.840.113549.1.1.11': 'sha256',
  '1.2.840.113549.1.1.12': 'sha384',
  '1.2.840.113549.1.1.13': 'sha512',
};

const ECDSA_WITH: Record<string, string> = {
  '1.2.840.10045.4.3.2': 'sha256',
  '1.2.840.10045.4.3.3': 'sha384',
  '1.2.840.10045.4.3.4': 'sha512',
};

const invalid = (why: string): never => {
  throw new CardError('SOD_INVALID', `EF.SOD refused: ${why}`);
};

type Node = asn1js.AsnType;

const UNIVERSAL = 1;
const APPLICATION = 2;
const CONTEXT = 3;

const isTag = (node: Node | undefined, tagClass: number, tagNumber: number): node is Node =>
  node !== undefined && node.idBlock.tagClass === tagClass && node.idBlock.tagNumber === tagNumber;

const childrenOf = (node: Node, what: string): Node[] => {
  const value: unknown = (node.valueBlock as { value?: unknown }).value;
  return Array.isArray(value) ? (value as Node[]) : invalid(`${what} is not a constructed object`);
};

const child = (nodes: Node[], index: number, tagClass: number, tagNumber: number, what: string): Node => {
  const node = nodes[index];
  return isTag(node, tagClass, tagNumber) ? node : invalid(`${what} missing or malformed`);
};

const oidOf = (node: Node, what: string): string =>
  node instanceof asn1js.ObjectIdentifier ? node.getValue() : invalid(`${what} is not an OID`);

const primitiveBytes = (node: Node, what: string): Uint8Array => {
  const view = (node.valueBlock as { valueHexView?: Uint8Array }).valueHexView;
  return view && !node.idBlock.isConstructed ? view : invalid(`${what} is not a primitive value`);
};

const raw = (node: Node): Uint8Array => node.valueBeforeDecodeView;

const algorithmOf = (node: Node, what: string) => {
  const parts = childrenOf(node, what);
  return { oid: oidOf(child(parts, 0, UNIVERSAL, 6, what), what), parameters: parts[1] };
};

const digestName = (oid: string, what: string): string => DIGESTS[oid] ?? invalid(`${what} ${oid} not supported`);

function parseDer(bytes: Uint8Array, what: string): Node {
  const parsed = asn1js.fromBER(bytes);
  if (parsed.offset === -1 || parsed.offset !== bytes.length) invalid(`${what} is not one DER object`);
  return parsed.result;
}

/** RSASSA-PSS parameters (RFC 4055): hash, MGF1 hash (must be the same here) and salt length. */
function pssParameters(parameters: Node | undefined): { hash: string; saltLength: number } {
  let hash = 'sha1';
  let mgfHash = 'sha1';
  let saltLength = 20;
  for (const field of parameters ? childrenOf(parameters, 'PSS parameters') : []) {
    const inner = childrenOf(field, 'PSS parameter')[0];
    if (!inner) invalid('empty PSS parameter');
    else if (isTag(field, CONTEXT, 0)) hash = digestName(algorithmOf(inner, 'PSS hash').oid, 'PSS hash');
    else if (isTag(field, CONTEXT, 1)) {
      const mgf = algorithmOf(inner, 'PSS mask generation');
      if (mgf.oid !== OID.mgf1 || !mgf.parameters) invalid('PSS mask generation is not MGF1');
      else mgfHash = digestName(algorithmOf(mgf.parameters, 'MGF1 hash').oid, 'MGF1 hash');
    } else if (isTag(field, CONTEXT, 2)) {
      saltLength = inner instanceof asn1js.Integer ? inner.valueBlock.valueDec : invalid('PSS salt length');
    }
  }
  if (mgfHash !== hash) invalid('PSS with an MGF1 hash other than the message hash');
  return { hash, saltLength };
}

function signatureValid(
  signer: X509Certificate,
  algorithm: { oid: string; parameters: Node | undefined },
  digest: string,
  signed: Uint8Array,
  signature: Uint8Array,
): boolean {
  const key = signer.publicKey;
  if (algorithm.oid === OID.rsassaPss) {
    const pss = pssParameters(algorithm.parameters);
    return verify(
      pss.hash,
      signed,
      { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: pss.saltLength },
      signature,
    );
  }
  const pkcs1 = algorithm.oid === OID.rsaEncryption ? digest : RSA_PKCS1_WITH[algorithm.oid];
  if (pkcs1) return verify(pkcs1, signed, { key, padding: constants.RSA_PKCS1_PADDING }, signature);
  const ecdsa = ECDSA_WITH[algorithm.oid];
  if (ecdsa) return verify(ecdsa, signed, { key, dsaEncoding: 'der' }, signature);
  return invalid(`signature algorithm ${algorithm.oid} not supported`);
}

/** The LDSSecurityObject: hash algorithm and one entry per file, tags compared as raw bytes. */
function parseSecurityObject(content: Uint8Array): { hashAlgorithm: string; hashes: Map<number, Uint8Array> } {
  const fields = childrenOf(parseDer(content, 'LDSSecurityObject'), 'LDSSecurityObject');
  const hashAlgorithm = digestName(
    algorithmOf(child(fields, 1, UNIVERSAL, 16, 'LDS hash algorithm'), 'LDS hash algorithm').oid,
    'LDS hash algorithm',
  );
  const hashes = new Map<number, Uint8Array>();
  for (const entry of childrenOf(child(fields, 2, UNIVERSAL, 16, 'data-group hashes'), 'data-group hashes')) {
    const parts = childrenOf(entry, 'data-group hash');
    // Strict DER reads `02 01 A5` as a negative number; the CIE means the byte A5 (§2.3).
    const tag = primitiveBytes(child(parts, 0, UNIVERSAL, 2, 'data-group number'), 'data-group number');
    const hash = primitiveBytes(child(parts, 1, UNIVERSAL, 4, 'data-group hash'), 'data-group hash');
    if (tag.length !== 1 || tag[0] === undefined) return invalid('data-group number is not one byte');
    if (hashes.has(tag[0])) invalid(`data group ${hex(tag)} listed twice`);
    hashes.set(tag[0], hash);
  }
  return { hashAlgorithm, hashes };
}

/** The issuer Name of a certificate as encoded in its TBSCertificate (after the optional version). */
function issuerBytes(certificate: X509Certificate): Uint8Array {
  const fields = childrenOf(parseDer(certificate.raw, 'certificate'), 'certificate');
  const tbs = childrenOf(child(fields, 0, UNIVERSAL, 16, 'TBSCertificate'), 'TBSCertificate');
  const offset = isTag(tbs[0], CONTEXT, 0) ? 1 : 0;
  return raw(child(tbs, offset + 2, UNIVERSAL, 16, 'certificate issuer'));
}

/** SignerInfo names its signer by issuer and serial; the issuer is compared as encoded (DER). */
const namesSigner = (issuer: Uint8Array, serial: string, certificate: X509Certificate): boolean =>
  certificate.serialNumber.replace(/^(?:00)+/, '') === serial.replace(/^(?:00)+/, '') &&
  equalBytes(issuerBytes(certificate), issuer);

const validAt = (certificate: X509Certificate, now: Date) =>
  Date.parse(certificate.validFrom) <= now.getTime() && now.getTime() <= Date.parse(certificate.validTo);

/**
 * Verifies EF.SOD: messageDigest over the content, the signature over the signed attributes
 * (re-tagged as SET), the signer named by the SignerInfo, and the signer's chain to one of `cscas`,
 * every certificate valid at `now`. Returns the file hashes; callers compare the files they read
 * with `checkSodHash`.
 */
export function verifySod(sod: Uint8Array, cscas: readonly X509Certificate[], now: Date): VerifiedSod {
  if (sod[0] !== 0x77) invalid('the file does not start with tag 77');
  const outer = parseDer(sod, 'EF.SOD');
  if (!isTag(outer, APPLICATION, 23)) return invalid('the file does not start with tag 77');
  const contentInfo = childrenOf(child(childrenOf(outer, 'tag 77'), 0, UNIVERSAL, 16, 'ContentInfo'), 'ContentInfo');
  if (oidOf(child(contentInfo, 0, UNIVERSAL, 6, 'content type'), 'content type') !== OID.signedData) {
    invalid('not a CMS SignedData');
  }
  const signedData = childrenOf(
    child(childrenOf(child(contentInfo, 1, CONTEXT, 0, 'SignedData'), 'SignedData'), 0, UNIVERSAL, 16, 'SignedData'),
    'SignedData',
  );
  const encapsulated = childrenOf(child(signedData, 2, UNIVERSAL, 16, 'encapsulated content'), 'content');
  if (oidOf(child(encapsulated, 0, UNIVERSAL, 6, 'eContentType'), 'eContentType') !== OID.ldsSecurityObject) {
    invalid('the signed content is not an LDS security object');
  }
  const explicitContent = childrenOf(child(encapsulated, 1, CONTEXT, 0, 'eContent'), 'eContent');
  const content = primitiveBytes(child(explicitContent, 0, UNIVERSAL, 4, 'eContent'), 'eContent');

  const certificates = signedData
    .filter((node) => isTag(node, CONTEXT, 0))
    .flatMap((node) => childrenOf(node, 'certificates'))
    .map((node) => {
      try {
        return new X509Certificate(Buffer.from(raw(node)));
      } catch {
        return invalid('an embedded certificate is not X.509');
      }
    });
  const signerInfos = signedData.at(-1);
  if (!isTag(signerInfos, UNIVERSAL, 17)) return invalid('no SignerInfos');
  const infos = childrenOf(signerInfos, 'SignerInfos');
  if (infos.length !== 1 || !infos[0]) return invalid('exactly one SignerInfo expected');
  const info = childrenOf(infos[0], 'SignerInfo');

  const sid = childrenOf(child(info, 1, UNIVERSAL, 16, 'issuerAndSerialNumber'), 'issuerAndSerialNumber');
  const sidIssuer = raw(child(sid, 0, UNIVERSAL, 16, 'signer issuer'));
  const sidSerial = hex(primitiveBytes(child(sid, 1, UNIVERSAL, 2, 'signer serial'), 'signer serial'));
  const signer = certificates.find((c) => namesSigner(sidIssuer, sidSerial, c));
  if (!signer) return invalid('the signer certificate is not embedded');

  const digest = digestName(algorithmOf(child(info, 2, UNIVERSAL, 16, 'digest algorithm'), 'digest').oid, 'digest');
  const signedAttributes = child(info, 3, CONTEXT, 0, 'signed attributes');
  const attributes = childrenOf(signedAttributes, 'signed attributes').map((attribute) => {
    const parts = childrenOf(attribute, 'attribute');
    const values = childrenOf(child(parts, 1, UNIVERSAL, 17, 'attribute values'), 'attribute values');
    return { type: oidOf(child(parts, 0, UNIVERSAL, 6, 'attribute type'), 'attribute type'), values };
  });
  const attribute = (type: string) => {
    const found = attributes.filter((a) => a.type === type);
    return found.length === 1 && found[0]?.values.length === 1 && found[0].values[0]
      ? found[0].values[0]
      : invalid(`signed attribute ${type} missing or repeated`);
  };
  if (oidOf(attribute(OID.contentType), 'contentType') !== OID.ldsSecurityObject) invalid('contentType mismatch');
  const messageDigest = primitiveBytes(attribute(OID.messageDigest), 'messageDigest');
  if (!equalBytes(messageDigest, createHash(digest).update(content).digest())) {
    invalid('messageDigest does not match the content');
  }

  // The signature covers the attributes DER-encoded as a SET, not with their [0] IMPLICIT tag.
  const signed = Uint8Array.from(raw(signedAttributes));
  signed[0] = 0x31;
  const algorithm = algorithmOf(child(info, 4, UNIVERSAL, 16, 'signature algorithm'), 'signature algorithm');
  const signature = primitiveBytes(child(info, 5, UNIVERSAL, 4, 'signature'), 'signature');
  if (!signatureValid(signer, algorithm, digest, signed, signature)) invalid('the signature does not verify');

  if (!validAt(signer, now)) invalid(`the document signer certificate is not valid on ${now.toISOString()}`);
  const csca = cscas.find((c) => c.ca && signer.checkIssued(c) && signer.verify(c.publicKey));
  if (!csca) return invalid('the document signer does not chain to a configured CSCA');
  if (!validAt(csca, now)) invalid(`the CSCA certificate is not valid on ${now.toISOString()}`);

  return { ...parseSecurityObject(content), signer: signer.subject };
}

/** Compares a file read from the card with its hash in the verified SOD. */
export function checkSodHash(sod: VerifiedSod, tag: number, content: Uint8Array): void {
  const listed = sod.hashes.get(tag);
  const name = tag.toString(16).toUpperCase().padStart(2, '0');
  if (!listed) invalid(`no hash for data group ${name}`);
  else if (!equalBytes(listed, createHash(sod.hashAlgorithm).update(content).digest())) {
    invalid(`the hash of data group ${name} does not match the card's file`);
  }
}

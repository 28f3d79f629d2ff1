import { constants, createHash, sign, type KeyObject } from 'node:crypto';
import * as asn1js from 'asn1js';

/**
 * Builds a CIE EF.SOD (docs/cie-protocol.md §2.3): tag `77` around a CMS SignedData (version 3)
 * over an ICAO LDSSecurityObject, one SignerInfo (version 1, issuerAndSerialNumber) with the
 * contentType and messageDigest attributes, the document signer's certificate embedded. Both
 * profiles the middleware verifies are available.
 */
export type SodProfile = 'sha512-pss' | 'sha256-rsa';

const OID = {
  signedData: '1.2.840.113549.1.7.2',
  ldsSecurityObject: '2.23.136.1.1.1',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  sha256: '2.16.840.1.101.3.4.2.1',
  sha512: '2.16.840.1.101.3.4.2.3',
  sha256WithRsa: '1.2.840.113549.1.1.11',
  rsassaPss: '1.2.840.113549.1.1.10',
  mgf1: '1.2.840.113549.1.1.8',
} as const;

const algorithm = (oid: string, parameters?: asn1js.AsnType) =>
  new asn1js.Sequence({ value: [new asn1js.ObjectIdentifier({ value: oid }), ...(parameters ? [parameters] : [])] });

const explicit = (tagNumber: number, ...value: asn1js.AsnType[]) =>
  new asn1js.Constructed({ idBlock: { tagClass: 3, tagNumber }, value });

const der = (node: asn1js.AsnType): Buffer => Buffer.from(node.toBER(false));

const parse = (bytes: Buffer): asn1js.AsnType => asn1js.fromBER(Uint8Array.from(bytes)).result;

/** RFC 4055 RSASSA-PSS-params for SHA-512, MGF1-SHA-512, 64-byte salt (the newer CIE profile). */
const pssSha512 = () =>
  new asn1js.Sequence({
    value: [
      explicit(0, algorithm(OID.sha512, new asn1js.Null())),
      explicit(1, algorithm(OID.mgf1, algorithm(OID.sha512, new asn1js.Null()))),
      explicit(2, new asn1js.Integer({ value: 64 })),
    ],
  });

/** Issuer Name and serial number of a certificate, as the SignerInfo names its signer. */
function issuerAndSerial(certificate: Buffer): asn1js.Sequence {
  const tbs = (parse(certificate) as asn1js.Sequence).valueBlock.value[0] as asn1js.Sequence;
  const fields = tbs.valueBlock.value;
  const offset = fields[0]?.idBlock.tagClass === 3 ? 1 : 0;
  const serial = fields[offset];
  const issuer = fields[offset + 2];
  if (!serial || !issuer) throw new Error('document signer certificate without issuer or serial');
  return new asn1js.Sequence({ value: [parse(Buffer.from(issuer.toBER(false))), serial] });
}

export interface SodInput {
  /** File contents keyed by their one-byte tag (A1 … A5, 1B). */
  files: Map<number, Buffer>;
  signerCertificate: Buffer;
  signerKey: KeyObject;
  profile: SodProfile;
}

export function buildSod({ files, signerCertificate, signerKey, profile }: SodInput): Buffer {
  const newer = profile === 'sha512-pss';
  const hash = newer ? 'sha512' : 'sha256';
  const hashOid = newer ? OID.sha512 : OID.sha256;
  const digest = (data: Buffer) => createHash(hash).update(data).digest();

  const securityObject = der(
    new asn1js.Sequence({
      value: [
        new asn1js.Integer({ value: newer ? 1 : 0 }),
        algorithm(hashOid),
        new asn1js.Sequence({
          value: [...files].map(
            ([tag, content]) =>
              new asn1js.Sequence({
                // The tag byte itself as a one-byte INTEGER (negative to strict DER, as on real cards).
                value: [
                  new asn1js.Integer({ valueHex: Uint8Array.of(tag) }),
                  new asn1js.OctetString({ valueHex: digest(content) }),
                ],
              }),
          ),
        }),
        ...(newer
          ? [
              new asn1js.Sequence({
                value: [new asn1js.PrintableString({ value: '0108' }), new asn1js.PrintableString({ value: '040000' })],
              }),
            ]
          : []),
      ],
    }),
  );

  const attributes = [
    new asn1js.Sequence({
      value: [
        new asn1js.ObjectIdentifier({ value: OID.contentType }),
        new asn1js.Set({ value: [new asn1js.ObjectIdentifier({ value: OID.ldsSecurityObject })] }),
      ],
    }),
    new asn1js.Sequence({
      value: [
        new asn1js.ObjectIdentifier({ value: OID.messageDigest }),
        new asn1js.Set({ value: [new asn1js.OctetString({ valueHex: digest(securityObject) })] }),
      ],
    }),
  ];
  const signedAttributes = der(new asn1js.Set({ value: attributes }));
  const signature = newer
    ? sign('sha512', signedAttributes, { key: signerKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 64 })
    : sign('sha256', signedAttributes, { key: signerKey, padding: constants.RSA_PKCS1_PADDING });

  const signerInfo = new asn1js.Sequence({
    value: [
      new asn1js.Integer({ value: 1 }),
      issuerAndSerial(signerCertificate),
      algorithm(hashOid),
      new asn1js.Constructed({ idBlock: { tagClass: 3, tagNumber: 0 }, value: attributes }),
      newer ? algorithm(OID.rsassaPss, pssSha512()) : algorithm(OID.sha256WithRsa, new asn1js.Null()),
      new asn1js.OctetString({ valueHex: signature }),
    ],
  });
  const signedData = new asn1js.Sequence({
    value: [
      new asn1js.Integer({ value: 3 }),
      new asn1js.Set({ value: [algorithm(hashOid)] }),
      new asn1js.Sequence({
        value: [
          new asn1js.ObjectIdentifier({ value: OID.ldsSecurityObject }),
          explicit(0, new asn1js.OctetString({ valueHex: securityObject })),
        ],
      }),
      new asn1js.Constructed({ idBlock: { tagClass: 3, tagNumber: 0 }, value: [parse(signerCertificate)] }),
      new asn1js.Set({ value: [signerInfo] }),
    ],
  });
  const contentInfo = new asn1js.Sequence({
    value: [new asn1js.ObjectIdentifier({ value: OID.signedData }), explicit(0, signedData)],
  });
  return der(new asn1js.Constructed({ idBlock: { tagClass: 2, tagNumber: 23 }, value: [contentInfo] }));
}

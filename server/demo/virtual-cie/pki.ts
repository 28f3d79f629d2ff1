// @peculiar/x509 resolves its parsers through tsyringe, which needs the Reflect metadata polyfill loaded first.
import 'reflect-metadata';
import { KeyObject, webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';

x509.cryptoProvider.set(webcrypto as Crypto);

/**
 * The virtual CIE's trust hierarchy, generated at run time (nothing secret is committed):
 * CSCA → document signer (signs each card's EF.SOD); authentication root → authentication CA
 * (issues each holder's certificate with policy 1.3.76.47.4); the DAPP CA whose public key each
 * card holds as key 0x84, and a terminal key pair. Names say DEMO so no one mistakes them for
 * the Ministry's.
 */

const RSA = {
  name: 'RSASSA-PKCS1-v1_5',
  hash: 'SHA-256',
  publicExponent: new Uint8Array([1, 0, 1]),
  modulusLength: 2048,
} as const;
const DAY = 86_400_000;
const CIE_AUTHENTICATION_POLICY = '1.3.76.47.4';
const CLIENT_AUTH = '1.3.6.1.5.5.7.3.2';

export interface CardKeyPair {
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** The WebCrypto form, for certificate issuance. */
  cryptoKeys: CryptoKeyPair;
}

export async function generateCardKey(): Promise<CardKeyPair> {
  const cryptoKeys = await webcrypto.subtle.generateKey(RSA, true, ['sign', 'verify']);
  return {
    cryptoKeys,
    privateKey: KeyObject.from(cryptoKeys.privateKey),
    publicKey: KeyObject.from(cryptoKeys.publicKey),
  };
}

/** Big-endian bytes of a JWK field. */
const jwkBytes = (key: KeyObject, field: 'n' | 'e' | 'd'): Buffer => {
  const value = key.export({ format: 'jwk' })[field];
  if (!value) throw new Error(`RSA key without ${field}`);
  return Buffer.from(value, 'base64url');
};

export interface IssuedCertificate {
  der: Buffer;
  key: CardKeyPair;
}

export interface HolderCertificateRequest {
  codiceFiscale: string;
  givenName: string;
  surname: string;
  documentNumber: string;
  publicKey: CryptoKey;
  notBefore?: Date;
  notAfter?: Date;
}

export interface VirtualCiePki {
  now: Date;
  csca: IssuedCertificate;
  documentSigner: IssuedCertificate;
  authenticationRoot: IssuedCertificate;
  authenticationCa: IssuedCertificate;
  /** The CA that certifies terminals (card key 0x84): its CHR and CHA as the cards publish them. */
  dappCa: { key: CardKeyPair; chr: Buffer; cha: Buffer };
  terminal: CardKeyPair;
  issueHolderCertificate(request: HolderCertificateRequest): Promise<Buffer>;
  /** What a client needs to talk to these cards: the shape of CardTrust (electron/services/card/cie/trust.ts). */
  cardTrust(): {
    cscaCertificates: Uint8Array[];
    authenticationChain: Uint8Array[];
    dapp: {
      caPrivateExponent: Uint8Array;
      terminalModulus: Uint8Array;
      terminalPublicExponent: Uint8Array;
      terminalPrivateExponent: Uint8Array;
    };
  };
}

/** CA-AID ‖ role byte; the first six bytes go into every terminal certificate's CHA (docs/cie-protocol.md §3.4). */
const DAPP_CA_CHA = Buffer.from('A0000000003901', 'hex');
/** Four leading zero bytes, then the CAR the terminal certificates name. */
const DAPP_CA_CHR = Buffer.concat([Buffer.alloc(4), Buffer.from('ITDEMO01', 'latin1')]);

export async function createVirtualCiePki(options: { now?: Date } = {}): Promise<VirtualCiePki> {
  const now = options.now ?? new Date();
  const [cscaKey, signerKey, rootKey, caKey, dappKey, terminal] = await Promise.all(
    Array.from({ length: 6 }, () => generateCardKey()),
  );
  if (!cscaKey || !signerKey || !rootKey || !caKey || !dappKey || !terminal) throw new Error('key generation failed');
  let serial = 1;
  const nextSerial = () => (serial++).toString(16).padStart(4, '0');

  const selfSigned = async (name: string, key: CardKeyPair, years: number) => {
    const certificate = await x509.X509CertificateGenerator.createSelfSigned({
      serialNumber: nextSerial(),
      name,
      notBefore: new Date(now.getTime() - 30 * DAY),
      notAfter: new Date(now.getTime() + years * 365 * DAY),
      signingAlgorithm: RSA,
      keys: key.cryptoKeys,
      extensions: [
        new x509.BasicConstraintsExtension(true, 1, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
        await x509.SubjectKeyIdentifierExtension.create(key.cryptoKeys.publicKey),
      ],
    });
    return { der: Buffer.from(certificate.rawData), key };
  };

  const issued = async (
    issuer: IssuedCertificate,
    subject: string,
    publicKey: CryptoKey,
    validity: { notBefore: Date; notAfter: Date },
    extensions: x509.Extension[],
  ) => {
    const issuerCertificate = new x509.X509Certificate(Uint8Array.from(issuer.der));
    const certificate = await x509.X509CertificateGenerator.create({
      serialNumber: nextSerial(),
      subject,
      issuer: issuerCertificate.subject,
      ...validity,
      signingAlgorithm: RSA,
      publicKey,
      signingKey: issuer.key.cryptoKeys.privateKey,
      extensions: [
        ...extensions,
        await x509.AuthorityKeyIdentifierExtension.create(issuerCertificate, false),
        await x509.SubjectKeyIdentifierExtension.create(publicKey),
      ],
    });
    return Buffer.from(certificate.rawData);
  };

  const csca = await selfSigned('CN=Accredita DEMO Country Signer CA, O=Accredita demo PKI, C=IT', cscaKey, 15);
  const documentSigner = {
    key: signerKey,
    der: await issued(
      csca,
      'CN=Accredita DEMO Document Signer, 2.5.4.5=00001, O=Accredita demo PKI, C=IT',
      signerKey.cryptoKeys.publicKey,
      { notBefore: new Date(now.getTime() - DAY), notAfter: new Date(now.getTime() + 11 * 365 * DAY) },
      [new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true)],
    ),
  };
  const authenticationRoot = await selfSigned('CN=Accredita DEMO CIE Root CA, O=Accredita demo PKI, C=IT', rootKey, 20);
  const authenticationCa = {
    key: caKey,
    der: await issued(
      authenticationRoot,
      'CN=Accredita DEMO CIE Authentication CA, O=Accredita demo PKI, C=IT',
      caKey.cryptoKeys.publicKey,
      { notBefore: new Date(now.getTime() - 30 * DAY), notAfter: new Date(now.getTime() + 10 * 365 * DAY) },
      [
        new x509.BasicConstraintsExtension(true, 0, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      ],
    ),
  };

  const issueHolderCertificate = (request: HolderCertificateRequest) =>
    issued(
      authenticationCa,
      [
        `CN=${request.codiceFiscale}`,
        `2.5.4.42=${request.givenName}`,
        `2.5.4.4=${request.surname}`,
        `2.5.4.5=${request.documentNumber}`,
        'C=IT',
      ].join(', '),
      request.publicKey,
      {
        notBefore: request.notBefore ?? new Date(now.getTime() - DAY),
        notAfter: request.notAfter ?? new Date(now.getTime() + 5 * 365 * DAY),
      },
      [
        new x509.CertificatePolicyExtension([CIE_AUTHENTICATION_POLICY]),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
        new x509.ExtendedKeyUsageExtension([CLIENT_AUTH]),
      ],
    );

  return {
    now,
    csca,
    documentSigner,
    authenticationRoot,
    authenticationCa,
    dappCa: { key: dappKey, chr: DAPP_CA_CHR, cha: DAPP_CA_CHA },
    terminal,
    issueHolderCertificate,
    cardTrust: () => ({
      cscaCertificates: [csca.der],
      authenticationChain: [authenticationCa.der],
      dapp: {
        caPrivateExponent: jwkBytes(dappKey.privateKey, 'd'),
        terminalModulus: jwkBytes(terminal.publicKey, 'n'),
        terminalPublicExponent: jwkBytes(terminal.publicKey, 'e'),
        terminalPrivateExponent: jwkBytes(terminal.privateKey, 'd'),
      },
    }),
  };
}

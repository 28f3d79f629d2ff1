import 'reflect-metadata';
import { sign, webcrypto, X509Certificate } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import { signedMessage } from '../../server/auth/cie-proof.ts';

x509.cryptoProvider.set(webcrypto as Crypto);

const ALGORITHM = {
  name: 'RSASSA-PKCS1-v1_5',
  hash: 'SHA-256',
  publicExponent: new Uint8Array([1, 0, 1]),
  modulusLength: 2048,
};
const DAY = 86_400_000;

export interface TestCard {
  codiceFiscale: string;
  certificate: Buffer;
  privateKey: CryptoKey;
}

/** A throwaway CIE-like PKI: a CA root and authentication certificates whose CN carries a codice fiscale. */
export async function createTestPki(now = new Date()) {
  const caKeys = await webcrypto.subtle.generateKey(ALGORITHM, true, ['sign', 'verify']);
  const ca = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: '01',
    name: 'CN=Accredita Test CIE CA, O=Accredita test PKI, C=IT',
    notBefore: new Date(now.getTime() - 30 * DAY),
    notAfter: new Date(now.getTime() + 3650 * DAY),
    signingAlgorithm: ALGORITHM,
    keys: caKeys,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
    ],
  });
  let serial = 2;

  async function issue(
    codiceFiscale: string,
    options: { policies?: string[]; notAfter?: Date; signer?: CryptoKey; issuer?: string } = {},
  ): Promise<TestCard> {
    const keys = await webcrypto.subtle.generateKey(ALGORITHM, true, ['sign', 'verify']);
    const certificate = await x509.X509CertificateGenerator.create({
      serialNumber: String(serial++).padStart(2, '0'),
      subject: `CN=${codiceFiscale}/7200000001.abcdef, SN=TEST, C=IT`,
      issuer: options.issuer ?? ca.subject,
      notBefore: new Date(now.getTime() - DAY),
      notAfter: options.notAfter ?? new Date(now.getTime() + 365 * DAY),
      signingAlgorithm: ALGORITHM,
      publicKey: keys.publicKey,
      signingKey: options.signer ?? caKeys.privateKey,
      extensions: [
        new x509.CertificatePolicyExtension(options.policies ?? ['1.3.76.47.4']),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      ],
    });
    return { codiceFiscale, certificate: Buffer.from(certificate.rawData), privateKey: keys.privateKey };
  }

  return { root: new X509Certificate(Buffer.from(ca.rawData)), issue };
}

/** What the card does at login: PKCS#1 v1.5 signature with a SHA-256 DigestInfo over nonce ‖ context. */
export async function cardSign(card: TestCard, nonce: string, context: string): Promise<Buffer> {
  const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', card.privateKey));
  return sign('sha256', signedMessage(nonce, context), { key: pkcs8, format: 'der', type: 'pkcs8' });
}

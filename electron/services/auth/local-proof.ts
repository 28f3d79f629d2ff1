import { verify, X509Certificate } from 'node:crypto';
import { codiceFiscaleOfSubject } from '../../../common/domain/codice-fiscale.ts';
import type { LoginFailureCode } from '../../../common/contract/auth-methods.ts';
import type { CieLoginProof } from '../card/cie/index.ts';
import type { KnownOperator } from './known-operators.ts';

export type LocalVerdict =
  | { ok: true; known: KnownOperator }
  | {
      ok: false;
      code: Extract<LoginFailureCode, 'CERTIFICATE_EXPIRED' | 'PROOF_REFUSED' | 'OFFLINE_UNKNOWN'>;
      detail: string;
    };

/**
 * What the server would check, done here against cached material when it cannot be asked
 * (offline login): the certificate valid now and issued by a configured CIE CA, the signature over
 * this console's own nonce, and the card and certificate the same ones the server accepted at this
 * holder's last online login here. The card's SOD was already verified against the CSCAs by the
 * card flow.
 */
export function verifyProofLocally(
  proof: CieLoginProof,
  message: Uint8Array,
  caCertificates: Uint8Array[],
  find: (codiceFiscale: string) => KnownOperator | undefined,
  now: Date,
): LocalVerdict {
  let leaf: X509Certificate;
  try {
    leaf = new X509Certificate(proof.certificate);
  } catch {
    return { ok: false, code: 'PROOF_REFUSED', detail: 'EF 1003 is not an X.509 certificate' };
  }
  const within = (certificate: X509Certificate) =>
    Date.parse(certificate.validFrom) <= now.getTime() && now.getTime() <= Date.parse(certificate.validTo);
  if (!within(leaf))
    return { ok: false, code: 'CERTIFICATE_EXPIRED', detail: `valid ${leaf.validFrom} – ${leaf.validTo}` };
  const issuer = caCertificates
    .map((der) => new X509Certificate(der))
    .find((ca) => ca.ca && within(ca) && leaf.checkIssued(ca) && leaf.verify(ca.publicKey));
  if (!issuer)
    return { ok: false, code: 'PROOF_REFUSED', detail: 'The certificate is not issued by a configured CIE CA' };
  if (!verify('sha256', message, leaf.publicKey, proof.signature)) {
    return { ok: false, code: 'PROOF_REFUSED', detail: 'The signature over the nonce does not verify' };
  }
  const codiceFiscale = codiceFiscaleOfSubject(leaf.subject);
  const known = codiceFiscale ? find(codiceFiscale) : undefined;
  if (!known) return { ok: false, code: 'OFFLINE_UNKNOWN', detail: 'This holder never signed in online here' };
  if (known.nis !== proof.nis || known.ef1005Hash !== proof.ef1005Hash) {
    return { ok: false, code: 'OFFLINE_UNKNOWN', detail: 'Another card than the one used at the last online login' };
  }
  if (known.certificate !== Buffer.from(proof.certificate).toString('base64')) {
    return { ok: false, code: 'OFFLINE_UNKNOWN', detail: 'The certificate changed since the last online login' };
  }
  return { ok: true, known };
}

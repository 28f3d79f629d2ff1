import { verify, X509Certificate, constants } from 'node:crypto';
import { ApiProblem } from '../http/problem.ts';
import { codiceFiscaleOfSubject } from '../../common/domain/codice-fiscale.ts';

/** Certificate policy of CIE authentication certificates (docs/cie-protocol.md §4). */
export const CIE_AUTH_POLICY = '1.3.76.47.4';

export interface LoginProof {
  nonce: string;
  context: string;
  certificate: Buffer;
  chain: Buffer[];
  signature: Buffer;
}

export interface TrustConfig {
  roots: X509Certificate[];
  /** Policy OIDs a login certificate must carry. */
  requiredPolicies: string[];
  /** Reads the certificate-policy OIDs of a certificate (ASN.1 work kept behind one function). */
  policiesOf: (certificate: X509Certificate) => string[];
}

const refuse = (code: string, detail: string): never => {
  throw new ApiProblem(401, code, detail);
};

/** The message the card signs: the server's nonce, then the context string naming this service. */
export const signedMessage = (nonce: string, context: string): Buffer =>
  Buffer.concat([Buffer.from(nonce, 'utf8'), Buffer.from(context, 'utf8')]);

/**
 * Checks a CIE login proof: the certificate chains to a configured root with every link valid
 * now, carries the CIE authentication policy, and its key signed SHA-256(nonce ‖ context) as
 * PKCS#1 v1.5 with a SHA-256 DigestInfo. Returns the codice fiscale from the subject CN.
 */
export function verifyCieProof(proof: LoginProof, trust: TrustConfig, now: Date): string {
  let leaf: X509Certificate;
  let intermediates: X509Certificate[];
  try {
    leaf = new X509Certificate(proof.certificate);
    intermediates = proof.chain.map((der) => new X509Certificate(der));
  } catch {
    return refuse('CERTIFICATE_UNREADABLE', 'The certificate is not valid DER X.509');
  }
  const within = (c: X509Certificate) =>
    Date.parse(c.validFrom) <= now.getTime() && now.getTime() <= Date.parse(c.validTo);

  let current = leaf;
  for (let depth = 0; ; depth += 1) {
    if (!within(current)) refuse('CERTIFICATE_EXPIRED', `Certificate "${current.subject}" is not valid now`);
    const root = trust.roots.find((r) => current.checkIssued(r) && current.verify(r.publicKey));
    if (root) {
      if (!within(root)) refuse('CERTIFICATE_EXPIRED', 'The CA root is not valid now');
      break;
    }
    const issuer = intermediates.find((c) => c !== current && current.checkIssued(c) && current.verify(c.publicKey));
    if (!issuer || depth >= 4) return refuse('UNTRUSTED_CHAIN', 'The certificate does not chain to a trusted CIE CA');
    if (!issuer.ca) refuse('UNTRUSTED_CHAIN', 'An intermediate certificate is not a CA');
    current = issuer;
  }

  const policies = trust.policiesOf(leaf);
  const missing = trust.requiredPolicies.filter((p) => !policies.includes(p));
  if (missing.length > 0) refuse('POLICY_MISSING', `The certificate lacks policy ${missing.join(', ')}`);

  const ok = verify(
    'sha256',
    signedMessage(proof.nonce, proof.context),
    { key: leaf.publicKey, padding: constants.RSA_PKCS1_PADDING },
    proof.signature,
  );
  if (!ok) refuse('SIGNATURE_INVALID', 'The signature over the nonce does not verify');

  return (
    codiceFiscaleOfSubject(leaf.subject) ??
    refuse('NO_CODICE_FISCALE', 'The certificate subject carries no codice fiscale')
  );
}

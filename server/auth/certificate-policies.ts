// @peculiar/x509 resolves its parsers through tsyringe, which needs the Reflect metadata polyfill loaded first.
import 'reflect-metadata';
import type { X509Certificate } from 'node:crypto';
import { CertificatePolicyExtension, X509Certificate as Parsed } from '@peculiar/x509';

/** The certificate-policy OIDs of a certificate; Node's X509Certificate does not expose them. */
export function certificatePolicies(certificate: X509Certificate): string[] {
  const extension = new Parsed(new Uint8Array(certificate.raw)).getExtension(CertificatePolicyExtension);
  return [...(extension?.policies ?? [])];
}

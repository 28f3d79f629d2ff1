import { X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { fromHex } from './bytes.ts';
import type { DappKeys } from './dapp.ts';

/**
 * What the client must trust to talk to a CIE (docs/cie-protocol.md §8): CSCA certificates for
 * EF.SOD, the CA certificates sent along with the holder's certificate, and the DAPP key material.
 * All of it is configuration: the project ships none of the real values (docs/cie-protocol-impl.md
 * says where a deployer gets them); tests and demo mode build their own at run time.
 */
export interface CardTrust {
  /** Country signing CA certificates (DER) the document signer of EF.SOD must chain to. */
  cscaCertificates: Uint8Array[];
  /** CA certificates (DER) between the holder's certificate and the server's roots, sent with the proof. */
  authenticationChain: Uint8Array[];
  dapp: DappKeys;
}

const hexField = z
  .string()
  .transform((text) => text.replace(/[\s:]/g, ''))
  .pipe(z.string().regex(/^(?:[0-9a-fA-F]{2})+$/, 'even number of hex digits'));

/** The DAPP key file: hex strings, transcribed from where the deployer obtained them. */
export const DappKeyFileSchema = z.strictObject({
  caPrivateExponent: hexField,
  terminalModulus: hexField,
  terminalPrivateExponent: hexField,
  terminalPublicExponent: hexField.default('010001'),
});

export const CardTrustFilesSchema = z.strictObject({
  /** PEM files (one or more certificates each) or DER files. */
  cscaCertificateFiles: z.array(z.string().min(1)).min(1),
  authenticationChainFiles: z.array(z.string().min(1)).default([]),
  dappKeyFile: z.string().min(1),
});
export type CardTrustFiles = z.input<typeof CardTrustFilesSchema>;

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/** Every certificate in a file, PEM (possibly several) or DER; each one must parse as X.509. */
async function readCertificates(path: string): Promise<Uint8Array[]> {
  const bytes = await readFile(path);
  const pems = bytes.toString('latin1').match(PEM_CERTIFICATE);
  const ders = pems ? pems.map((pem) => new X509Certificate(pem).raw) : [new X509Certificate(bytes).raw];
  return ders.map((der) => Uint8Array.from(der));
}

/** Loads the trust material named in the configuration; a missing or malformed file throws with its path. */
export async function loadCardTrust(config: CardTrustFiles): Promise<CardTrust> {
  const files = CardTrustFilesSchema.parse(config);
  const load = async <T>(path: string, read: (p: string) => Promise<T>): Promise<T> => {
    try {
      return await read(path);
    } catch (error) {
      throw new Error(`CIE trust material ${path}: ${(error as Error).message}`, { cause: error });
    }
  };
  const certificates = async (paths: string[]) =>
    (await Promise.all(paths.map((path) => load(path, readCertificates)))).flat();
  const dapp = await load(files.dappKeyFile, async (path) =>
    DappKeyFileSchema.parse(JSON.parse(await readFile(path, 'utf8'))),
  );
  return {
    cscaCertificates: await certificates(files.cscaCertificateFiles),
    authenticationChain: await certificates(files.authenticationChainFiles),
    dapp: {
      caPrivateExponent: fromHex(dapp.caPrivateExponent),
      terminalModulus: fromHex(dapp.terminalModulus),
      terminalPrivateExponent: fromHex(dapp.terminalPrivateExponent),
      terminalPublicExponent: fromHex(dapp.terminalPublicExponent),
    },
  };
}

/**
 * The virtual CIE's files (docs/cie-protocol.md §1.3). The IAS application and the MF are one
 * level here: chips that the middleware drives with "SELECT MF" and chips it drives with
 * "SELECT IAS AID" both land where EF.DH, the PAN and EF.ATR live. The CIE DF holds the services.
 */
export type Access = 'free' | 'pin';

export interface CardFile {
  fid: number;
  sfi?: number;
  access: Access;
  content: Buffer;
}

export type DfName = 'MF' | 'CIE';

export interface CardFileSystem {
  MF: CardFile[];
  CIE: CardFile[];
}

export const IAS_AID = Buffer.from('A0000000308000000009816001', 'hex');
export const CIE_AID = Buffer.from('A00000000039', 'hex');
export const MF_FID = 0x3f00;

export interface CardFilesInput {
  nis: string;
  documentNumber: string;
  certificate: Buffer;
  dappKey: Buffer;
  servicesKey: Buffer;
  sod: Buffer;
  pan: Buffer;
  dhParameters: Buffer;
  efAtr: Buffer;
}

/**
 * Lays the files out with the access conditions the official readers show: the NIS, keys and SOD
 * free to read; the document number and the certificate only after VERIFY PIN (§9.2 left this
 * open; the card is strict). EF.Cert_CIE carries filler after the DER, as real files may.
 */
export function layOutFiles(input: CardFilesInput): CardFileSystem {
  const filler = Buffer.alloc(128 - (input.certificate.length % 128));
  return {
    MF: [
      { fid: 0x2f01, sfi: 0x1d, access: 'free', content: input.efAtr },
      { fid: 0xd003, access: 'free', content: input.pan },
      { fid: 0xd004, access: 'free', content: input.dhParameters },
    ],
    CIE: [
      { fid: 0x1001, sfi: 0x01, access: 'free', content: Buffer.from(input.nis, 'latin1') },
      { fid: 0x1002, access: 'pin', content: Buffer.from(input.documentNumber, 'latin1') },
      { fid: 0x1003, access: 'pin', content: Buffer.concat([input.certificate, filler]) },
      { fid: 0x1004, sfi: 0x04, access: 'free', content: input.dappKey },
      { fid: 0x1005, sfi: 0x05, access: 'free', content: input.servicesKey },
      { fid: 0x1006, sfi: 0x06, access: 'free', content: input.sod },
    ],
  };
}

export const findByFid = (files: CardFile[], fid: number): CardFile | undefined => files.find((f) => f.fid === fid);
export const findBySfi = (files: CardFile[], sfi: number): CardFile | undefined => files.find((f) => f.sfi === sfi);

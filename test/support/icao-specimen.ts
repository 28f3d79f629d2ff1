import type { MrzRecord } from '../../server/demo/mrz.ts';

/** ICAO Doc 9303's specimen holder, whose passport MRZ is the reference test vector. */
export const ANNA: MrzRecord = {
  documentType: 'P',
  issuingState: 'UTO',
  surname: 'Eriksson',
  givenNames: 'Anna Maria',
  documentNumber: 'L898902C3',
  nationality: 'UTO',
  birthDate: '1974-08-12',
  sex: 'F',
  expiryDate: '2012-04-15',
  optionalData: 'ZE184226B',
};

/** The same holder's identity card (TD1), as in Doc 9303 Part 5. */
export const ANNA_CARD: MrzRecord = {
  ...ANNA,
  documentType: 'I',
  documentNumber: 'D23145890',
  optionalData: undefined,
};

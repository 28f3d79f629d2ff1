/** The MRZ checks: parse what was typed or pasted, or read it from an image or scanned PDF. */
export { parseMrz, parseMrzLines, type ParseMrzOptions } from './parse-mrz.ts';
export {
  MRZ_READ_DEFAULTS,
  createMrzReader,
  disposeMrzReader,
  readMrzFromFile,
  type MrzReader,
  type MrzReaderOptions,
  type ReadMrzOptions,
} from '../ocr/read-mrz-file.ts';

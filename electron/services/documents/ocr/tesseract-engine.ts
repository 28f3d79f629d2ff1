/**
 * Character recognition with tesseract.js, fully offline: the English traineddata comes from
 * the @tesseract.js-data/eng package on disk, nothing is fetched and nothing is cached
 * (`cacheMethod: 'none'`). Tesseract's legacy classifier is used, not the LSTM: on single
 * upright OCR-B lines restricted to the MRZ alphabet it reads the `<` fillers, which the LSTM
 * turns into K and L runs (docs/mrz-ocr.md has the comparison).
 */
import { createRequire } from 'node:module';
import { createWorker, OEM, PSM, type Worker } from 'tesseract.js';

export interface RecognisedSymbol {
  text: string;
  /** 0–100, tesseract's own scale. */
  confidence: number;
  /** Horizontal extent in the strip, pixels. */
  x0: number;
  x1: number;
}

export interface TesseractEngine {
  /** The symbols read on one line strip (a grey PNG), left to right. */
  recognise(png: Uint8Array): Promise<RecognisedSymbol[]>;
  terminate(): Promise<void>;
}

const MRZ_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<';
const require = createRequire(import.meta.url);
const ENGLISH = require('@tesseract.js-data/eng') as { langPath: string };

interface JsonSymbol {
  text: string;
  confidence: number;
  bbox: { x0: number; x1: number };
}
interface JsonBlock {
  paragraphs: { lines: { words: { symbols: JsonSymbol[] }[] }[] }[];
}

export async function createTesseractEngine(): Promise<TesseractEngine> {
  const worker: Worker = await createWorker(
    'eng',
    OEM.TESSERACT_ONLY,
    {
      langPath: ENGLISH.langPath,
      gzip: true,
      cacheMethod: 'none',
      legacyCore: true,
      legacyLang: true,
      // Without a handler tesseract.js rethrows a failed job inside its message listener, where
      // nobody can catch it; the job's own promise rejects anyway.
      errorHandler: () => {},
    },
    // MRZ lines are not words: no dictionary may pull a reading towards English.
    {
      load_system_dawg: 'F',
      load_freq_dawg: 'F',
      load_unambig_dawg: 'F',
      load_punc_dawg: 'F',
      load_number_dawg: 'F',
      load_bigram_dawg: 'F',
    },
  );
  // An idle warm worker must not keep the process alive, a busy one must.
  const thread = (worker as unknown as { worker?: { ref(): void; unref(): void } }).worker;
  const busy = async <T>(job: () => Promise<T>): Promise<T> => {
    thread?.ref();
    try {
      return await job();
    } finally {
      thread?.unref();
    }
  };
  await busy(() =>
    worker.setParameters({ tessedit_char_whitelist: MRZ_ALPHABET, tessedit_pageseg_mode: PSM.SINGLE_LINE }),
  );
  // A job started after terminate makes tesseract.js post to a null worker from a promise nobody
  // awaits (an unhandled rejection, found by test/fuzz/id-images.test.ts): none starts once stopped,
  // and one already started (tesseract.js awaits loadImage before posting) is posted first.
  let stopped = false;
  return {
    async recognise(png) {
      if (stopped) throw new Error('the recogniser was stopped');
      const image = Buffer.from(png.buffer, png.byteOffset, png.byteLength);
      const { data } = await busy(() => worker.recognize(image, {}, { blocks: true }));
      const blocks = (data.blocks ?? []) as unknown as JsonBlock[];
      const symbols = blocks.flatMap((b) =>
        b.paragraphs.flatMap((p) => p.lines.flatMap((l) => l.words.flatMap((w) => w.symbols))),
      );
      return symbols.map((s) => ({ text: s.text, confidence: s.confidence, x0: s.bbox.x0, x1: s.bbox.x1 }));
    },
    async terminate() {
      stopped = true;
      await new Promise((resolve) => setImmediate(resolve));
      await worker.terminate();
    },
  };
}

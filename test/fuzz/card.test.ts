/**
 * APDU answers from a hostile card, bounded for `npm test` (`npm run bench -- fuzz` runs 10,000):
 * every failure of the CIE client a CardError with a known code, never a crash or a hang.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { sendAssembled } from '../../electron/services/card/pcsc/response-assembly.ts';
import { CardError } from '../../electron/services/card/transport.ts';
import { fuzzCard, startCardTarget, type CardTarget } from './card-fuzzer.ts';
import { reportFailures } from './harness.ts';

let target: CardTarget;
beforeAll(async () => {
  target = await startCardTarget();
}, 30_000);

describe('hostile card fuzzing', () => {
  it('fails 300 damaged card sessions with coded CardErrors only', async () => {
    const result = await fuzzCard(target, { cases: 300, seed: 9303 });
    console.info(`card: ${result.cases} cases in ${result.seconds.toFixed(1)} s, ${JSON.stringify(result.outcomes)}`);
    expect(reportFailures(result)).toBe('');
    expect([result.crashes, result.hangs]).toEqual([0, 0]);
    expect(result.outcomes.PROTOCOL).toBeGreaterThan(80);
    // Faults aimed past the end of a short flow leave it intact: the card still works end to end.
    expect(result.outcomes.completed).toBeGreaterThan(5);
  }, 60_000);

  it('ends the PC/SC transport’s 61xx/6Cxx assembly on any answer sequence, endless "more data" included', async () => {
    const answer = fc.oneof(
      fc.uint8Array({ maxLength: 300 }),
      fc
        .tuple(fc.uint8Array({ maxLength: 256 }), fc.integer({ min: 0, max: 255 }))
        .map(([data, sw2]) => Uint8Array.of(...data, 0x61, sw2)),
      fc.integer({ min: 0, max: 255 }).map((sw2) => Uint8Array.of(0x6c, sw2)),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(answer, { minLength: 1, maxLength: 20 }), fc.boolean(), async (answers, endless) => {
        let sent = 0;
        // Past the scripted answers, an endless card keeps saying "61 00" with no data.
        const send = async () => answers[sent++] ?? (endless ? Uint8Array.of(0x61, 0x00) : Uint8Array.of(0x90, 0x00));
        try {
          await sendAssembled(send, Uint8Array.of(0x00, 0xb0, 0x00, 0x00, 0x00));
        } catch (error) {
          expect(error).toBeInstanceOf(CardError);
        }
        expect(sent).toBeLessThan(1_000);
      }),
      { numRuns: 300, seed: 61 },
    );
  });
});

/**
 * One fuzzing campaign over one boundary: fast-check generates the cases from a seed (so a
 * failure names a case that can be rebuilt), each case runs under a deadline, and every case
 * ends as a pass, a crash (an exception, an unhandled rejection, or a broken invariant) or a hang.
 * The same campaigns run bounded in `npm test` and at 10,000 cases in `npm run bench -- fuzz`.
 */
import fc from 'fast-check';

export interface Campaign<T> {
  /** The metric prefix: `<boundary>_cases`, `<boundary>_crashes`, `<boundary>_hangs`. */
  boundary: string;
  cases: number;
  seed: number;
  /** A case still running after this is a hang. */
  deadlineMs: number;
  arbitrary: fc.Arbitrary<T>;
  /** Runs one case; throws when an invariant breaks. May return a label to tally outcomes by. */
  run(input: T, index: number): Promise<string | void>;
  /** A short description of an input for the report (never the whole input). */
  describe(input: T): string;
}

export interface Failure {
  index: number;
  kind: 'crash' | 'hang';
  input: string;
  error: string;
}

export interface CampaignResult {
  boundary: string;
  seed: number;
  cases: number;
  crashes: number;
  hangs: number;
  /** How the cases ended, by the label each run returned (e.g. the error code). */
  outcomes: Record<string, number>;
  /** The first failures, with enough to rebuild them: the seed and the case index. */
  failures: Failure[];
  seconds: number;
}

/** Thrown by a case that gave up waiting on the system under test (a request timeout, a card that never answers). */
export class Hang extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'Hang';
  }
}

const KEPT_FAILURES = 10;
const HANG = Symbol('hang');

function errorText(error: unknown): string {
  if (error instanceof Error)
    return `${error.name}: ${error.message}\n${error.stack?.split('\n').slice(1, 6).join('\n') ?? ''}`;
  return String(error);
}

export async function runCampaign<T>(campaign: Campaign<T>): Promise<CampaignResult> {
  const started = performance.now();
  const result: CampaignResult = {
    boundary: campaign.boundary,
    seed: campaign.seed,
    cases: 0,
    crashes: 0,
    hangs: 0,
    outcomes: {},
    failures: [],
    seconds: 0,
  };
  const stray: unknown[] = [];
  const onStray = (reason: unknown) => stray.push(reason);
  process.on('unhandledRejection', onStray);
  process.on('uncaughtException', onStray);

  const record = (failure: Failure) => {
    if (failure.kind === 'crash') result.crashes++;
    else result.hangs++;
    if (result.failures.length < KEPT_FAILURES) result.failures.push(failure);
  };

  try {
    // The property always holds: outcomes are recorded here, so one failure does not end the campaign.
    await fc.assert(
      fc.asyncProperty(campaign.arbitrary, async (input) => {
        const index = result.cases++;
        let timer: NodeJS.Timeout | undefined;
        const deadline = new Promise<typeof HANG>((resolve) => {
          timer = setTimeout(() => resolve(HANG), campaign.deadlineMs);
        });
        try {
          const outcome = await Promise.race([campaign.run(input, index), deadline]);
          if (outcome === HANG) {
            record({
              index,
              kind: 'hang',
              input: campaign.describe(input),
              error: `no answer in ${campaign.deadlineMs} ms`,
            });
          } else {
            const label = outcome ?? 'ok';
            result.outcomes[label] = (result.outcomes[label] ?? 0) + 1;
          }
        } catch (error) {
          const kind = error instanceof Hang ? 'hang' : 'crash';
          record({ index, kind, input: campaign.describe(input), error: errorText(error) });
        } finally {
          clearTimeout(timer);
        }
        // A rejection nobody awaited, raised by this case, is this case's crash.
        await new Promise((resolve) => setImmediate(resolve));
        for (const reason of stray.splice(0)) {
          record({ index, kind: 'crash', input: campaign.describe(input), error: `unhandled: ${errorText(reason)}` });
        }
        return true;
      }),
      { numRuns: campaign.cases, seed: campaign.seed, endOnFailure: true },
    );
  } finally {
    process.off('unhandledRejection', onStray);
    process.off('uncaughtException', onStray);
  }
  result.seconds = (performance.now() - started) / 1000;
  return result;
}

/** The campaign as bench metrics: `<boundary>_cases`, `_crashes`, `_hangs`, `_seconds`. */
export function campaignMetrics(result: CampaignResult): Record<string, number> {
  const b = result.boundary;
  return {
    [`${b}_cases`]: result.cases,
    [`${b}_crashes`]: result.crashes,
    [`${b}_hangs`]: result.hangs,
    [`${b}_seconds`]: Math.round(result.seconds * 10) / 10,
  };
}

/** One line per failure, for a test's assertion message or the bench's log. */
export const reportFailures = (result: CampaignResult): string =>
  result.failures
    .map((f) => `${result.boundary} seed ${result.seed} case #${f.index} ${f.kind}: ${f.input}\n  ${f.error}`)
    .join('\n');

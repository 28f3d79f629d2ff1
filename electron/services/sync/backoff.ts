/**
 * Exponential backoff with jitter (AWS "equal jitter"): half the delay fixed, half random, so a
 * fleet of consoles coming back online does not retry in lockstep.
 */
export function backoffDelayMs(
  attempt: number,
  random: () => number = Math.random,
  baseMs = 500,
  capMs = 60_000,
): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.min(attempt, 20));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

import { measureCieLogin } from '../cie/login.ts';
import type { Benchmark } from '../harness.ts';

/**
 * CIE sign-in through pcscd with the virtual card: the whole auth.login (median and p95 of 20),
 * the APDUs one login sends (the official middleware's sequence: docs/cie-protocol-impl.md), and
 * the lock latency after the card leaves the reader (median and worst of 10). Goals: login
 * ≤ 1.5 s, lock ≤ 1 s.
 */
export const cie: Benchmark = {
  name: 'cie',
  description: 'CIE login through pcscd + vpcd + virtual CIE; lock latency after removal',
  run: () => measureCieLogin({ logins: 20, locks: 10 }),
};

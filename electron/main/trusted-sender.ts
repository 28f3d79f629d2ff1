/** The parts of Electron's WebFrameMain the check needs; tests pass plain objects. */
export interface FrameLike {
  readonly url: string;
  readonly parent: unknown;
}

/**
 * Origin of a URL including custom schemes: WHATWG reports `null` as the origin of a
 * non-special scheme such as `app:`, which would make every app URL look alike.
 */
export function originOf(url: string): string | undefined {
  try {
    const parsed = new URL(url);
    return parsed.host ? `${parsed.protocol}//${parsed.host}` : undefined;
  } catch {
    return undefined;
  }
}

/** Only the top frame of a page from our own origin may call the contract. */
export function isTrustedSender(frame: FrameLike | null | undefined, trustedOrigins: readonly string[]): boolean {
  if (!frame || frame.parent) return false;
  const origin = originOf(frame.url);
  return origin !== undefined && trustedOrigins.includes(origin);
}

export interface SessionOperator {
  id: string;
  name: string;
  role: 'operator' | 'supervisor';
}

export interface Session {
  /** Bearer token for the central API; absent after an offline login. */
  token?: string;
  operator: SessionOperator;
}

/** Who is signed in on this console, and the bearer token for the central API. */
export function createSessionHolder(initial?: Session) {
  let current = initial;
  const listeners = new Set<() => void>();
  return {
    current: (): Session | undefined => current,
    set(next: Session | undefined): void {
      current = next;
      listeners.forEach((listener) => listener());
    },
    onChange(listener: () => void): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

export type SessionHolder = ReturnType<typeof createSessionHolder>;

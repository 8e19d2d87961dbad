/**
 * The logged-in session: the token from POST /api/login, kept in
 * sessionStorage so a reload keeps the user logged in while closing the tab
 * ends it (a shared bureau computer must not keep a session for the next
 * person).
 */
export interface StoredSession {
  readonly token: string;
  /** Last instant the token is accepted, ms UTC. */
  readonly expiresAt: number;
  readonly user: { readonly id: string; readonly name: string; readonly role: 'regulator' | 'enterprise'; readonly enterprise: string | null };
}

const KEY = 'linewatch.session';

export function loadSession(now: number): StoredSession | null {
  try {
    const raw = sessionStorage.getItem(KEY);
    if (!raw) return null;
    const s = JSON.parse(raw) as StoredSession;
    if (typeof s?.token !== 'string' || typeof s.expiresAt !== 'number' || s.expiresAt <= now) {
      sessionStorage.removeItem(KEY);
      return null;
    }
    return s;
  } catch {
    return null;
  }
}

export function saveSession(session: StoredSession): void {
  sessionStorage.setItem(KEY, JSON.stringify(session));
}

export function clearSession(): void {
  sessionStorage.removeItem(KEY);
}

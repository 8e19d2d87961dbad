/**
 * The HTTP API (dashboard/README.md) from the page: JSON in and out, the
 * bearer token on every call, and errors as ApiError carrying the API's
 * stable code. A 401 means the session is over, whatever the call was.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export interface ApiClientDeps {
  token(): string | null;
  /** Called once per 401 answer, before the call rejects. */
  onUnauthorized(message: string): void;
}

export class ApiClient {
  constructor(private readonly deps: ApiClientDeps) {}

  get<T>(path: string, signal?: AbortSignal): Promise<T> {
    return this.call<T>('GET', path, undefined, signal);
  }

  post<T>(path: string, body: unknown): Promise<T> {
    return this.call<T>('POST', path, body);
  }

  private async call<T>(method: string, path: string, body?: unknown, signal?: AbortSignal): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' };
    const token = this.deps.token();
    if (token) headers.authorization = `Bearer ${token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    let res: Response;
    try {
      res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal });
    } catch (err) {
      if ((err as Error).name === 'AbortError') throw err;
      throw new ApiError(0, 'LW_NETWORK', 'the server cannot be reached; check the connection and try again');
    }
    const answer = (await res.json().catch(() => null)) as unknown;
    if (res.ok) return answer as T;
    const error = (answer as { error?: { code?: string; message?: string } } | null)?.error;
    const failure = new ApiError(res.status, error?.code ?? `HTTP_${res.status}`, error?.message ?? `the server answered ${res.status}`);
    if (res.status === 401 && token) this.deps.onUnauthorized(failure.message);
    throw failure;
  }
}

/** POST /api/login, outside any session. */
export async function login(username: string, password: string): Promise<{ token: string; expiresAt: number; user: { id: string; name: string; role: 'regulator' | 'enterprise'; enterprise: string | null } }> {
  const client = new ApiClient({ token: () => null, onUnauthorized: () => {} });
  return client.post('/api/login', { username, password });
}

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
    /** The request field the API named as wrong, if one. */
    readonly field: string | null = null,
    /** A refused CSV import's bad rows, as a spreadsheet numbers them. */
    readonly rows: readonly { readonly row: number; readonly reason: string }[] = [],
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

  put<T>(path: string, body: unknown): Promise<T> {
    return this.call<T>('PUT', path, body);
  }

  delete<T>(path: string): Promise<T> {
    return this.call<T>('DELETE', path);
  }

  /** Sends a file as it is (a CSV import), with its content type. */
  postText<T>(path: string, text: string, contentType: string): Promise<T> {
    return this.call<T>('POST', path, undefined, undefined, { text, contentType });
  }

  /** A text answer (a CSV export) rather than JSON. */
  async getText(path: string): Promise<string> {
    const res = await this.send('GET', path, { accept: 'text/csv, text/plain' }, undefined);
    if (res.ok) return res.text();
    throw await this.failure(res);
  }

  private async call<T>(method: string, path: string, body?: unknown, signal?: AbortSignal, raw?: { text: string; contentType: string }): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (raw) headers['content-type'] = raw.contentType;
    const res = await this.send(method, path, headers, raw ? raw.text : body === undefined ? undefined : JSON.stringify(body), signal);
    if (res.ok) return (await res.json().catch(() => null)) as T;
    throw await this.failure(res);
  }

  private async send(method: string, path: string, headers: Record<string, string>, body: string | undefined, signal?: AbortSignal): Promise<Response> {
    const token = this.deps.token();
    if (token) headers.authorization = `Bearer ${token}`;
    try {
      return await fetch(path, { method, headers, body, signal });
    } catch (err) {
      if ((err as Error).name === 'AbortError') throw err;
      throw new ApiError(0, 'LW_NETWORK', 'the server cannot be reached; check the connection and try again');
    }
  }

  private async failure(res: Response): Promise<ApiError> {
    const answer = (await res.json().catch(() => null)) as unknown;
    const error = (answer as { error?: { code?: string; message?: string; field?: string; rows?: { row: number; reason: string }[] } } | null)?.error;
    const failure = new ApiError(res.status, error?.code ?? `HTTP_${res.status}`, error?.message ?? `the server answered ${res.status}`, error?.field ?? null, error?.rows ?? []);
    if (res.status === 401 && this.deps.token()) this.deps.onUnauthorized(failure.message);
    return failure;
  }
}

/** POST /api/login, outside any session. */
export async function login(
  username: string,
  password: string,
): Promise<{ token: string; expiresAt: number; user: { id: string; name: string; role: 'regulator' | 'enterprise'; enterprise: string | null } }> {
  const client = new ApiClient({ token: () => null, onUnauthorized: () => {} });
  return client.post('/api/login', { username, password });
}

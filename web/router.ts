/**
 * Pages are addressed by the URL fragment, so the server serves one page and
 * a bookmark or a reload lands where the user was:
 *   #/                       overview (regulators)
 *   #/alerts?status=...      alerts
 *   #/enterprises/<id>?window=15m
 *   #/report?month=YYYY-MM[&enterprise=<id>]   the printable monthly report
 *   #/register?enterprise=<id>   the supervision register (an enterprise user's own, read-only)
 *   #/proposals              class proposals and decisions (regulators)
 *   #/draws                  double-random draws (regulators)
 *   #/routine?period=daily&start=YYYY-MM-DD   the enterprise's routine reports (regulators: ?month=YYYY-MM, compliance)
 */
export type Route =
  | { readonly name: 'overview' }
  | { readonly name: 'alerts'; readonly params: URLSearchParams }
  | { readonly name: 'enterprise'; readonly id: string; readonly params: URLSearchParams }
  | { readonly name: 'report'; readonly params: URLSearchParams }
  | { readonly name: 'register'; readonly params: URLSearchParams }
  | { readonly name: 'proposals' }
  | { readonly name: 'draws' }
  | { readonly name: 'routine'; readonly params: URLSearchParams }
  | { readonly name: 'unknown'; readonly path: string };

export function parseRoute(hash: string): Route {
  const raw = hash.replace(/^#/, '') || '/';
  const [path, query = ''] = raw.split('?', 2);
  const params = new URLSearchParams(query);
  if (path === '/' || path === '') return { name: 'overview' };
  if (path === '/alerts') return { name: 'alerts', params };
  if (path === '/report') return { name: 'report', params };
  if (path === '/register') return { name: 'register', params };
  if (path === '/proposals') return { name: 'proposals' };
  if (path === '/draws') return { name: 'draws' };
  if (path === '/routine') return { name: 'routine', params };
  const m = /^\/enterprises\/([^/]+)$/.exec(path);
  if (m) return { name: 'enterprise', id: decodeURIComponent(m[1]), params };
  return { name: 'unknown', path };
}

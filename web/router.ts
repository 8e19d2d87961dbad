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
 *   #/trace?enterprise=<id>&line=&from=&to= | &episode= | &lot=   the trace of affected reels
 *   #/reels/<reel>?enterprise=<id>   one reel traced back
 *   #/recalls[?enterprise=<id>]  recall cases; #/recalls/<id> one case
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
  | { readonly name: 'trace'; readonly params: URLSearchParams }
  | { readonly name: 'reel'; readonly reel: string; readonly params: URLSearchParams }
  | { readonly name: 'recalls'; readonly params: URLSearchParams }
  | { readonly name: 'recall'; readonly id: string }
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
  if (path === '/trace') return { name: 'trace', params };
  if (path === '/recalls') return { name: 'recalls', params };
  const reel = /^\/reels\/([^/]+)$/.exec(path);
  if (reel) return { name: 'reel', reel: decodeURIComponent(reel[1]), params };
  const recall = /^\/recalls\/([^/]+)$/.exec(path);
  if (recall) return { name: 'recall', id: decodeURIComponent(recall[1]) };
  if (path === '/routine') return { name: 'routine', params };
  const m = /^\/enterprises\/([^/]+)$/.exec(path);
  if (m) return { name: 'enterprise', id: decodeURIComponent(m[1]), params };
  return { name: 'unknown', path };
}

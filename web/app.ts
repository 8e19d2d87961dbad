/**
 * The page's life: log in, then one session (live connection, models, the
 * frame and the current view) until logging out or the session ending.
 * Steps of a session: connect the socket; on its session message load the
 * alerts, the catalogue of causes, the risk entries and the findings, and
 * show the page the URL names; apply live events as they come; after a
 * reconnect reload, since events may have been missed while offline.
 */
import { contextFor, type AppContext, type View } from './app-context.js';
import { formatAgo } from './lib/format.js';
import { h } from './lib/dom.js';
import { AlertsModel, type Alert } from './model/alerts-model.js';
import { Catalogue, type CatalogueAnswer } from './model/catalogue.js';
import { FindingsModel, type Finding } from './model/findings-model.js';
import { RiskModel } from './model/risk-model.js';
import type { EnterprisesAnswer } from './model/risk-types.js';
import { parseRoute } from './router.js';
import { ApiClient, ApiError } from './services/api-client.js';
import { connectLive } from './services/live-client.js';
import { clearSession, loadSession, saveSession, type StoredSession } from './services/session-store.js';
import { alertsView } from './views/alerts-view.js';
import { enterpriseView } from './views/enterprise-view.js';
import { loginView } from './views/login-view.js';
import { overviewView } from './views/overview-view.js';
import { drawsView } from './views/draws-view.js';
import { proposalsView } from './views/proposals-view.js';
import { registerView } from './views/register-view.js';
import { recallView } from './views/recall-view.js';
import { recallsView } from './views/recalls-view.js';
import { reelView } from './views/reel-view.js';
import { routineView } from './views/routine-view.js';
import { reportView } from './views/report-view.js';
import { shell } from './views/shell.js';
import { traceView } from './views/trace-view.js';

/** Alerts loaded at start, newest first; live events add the rest. */
const ALERTS_PAGE = 2000;
/** Closed findings loaded at start: those closed in the last day (open ones always). ms */
const FINDINGS_SINCE_MS = 24 * 3_600_000;
const AGO_TICK_MS = 15_000;

export function startApp(root: HTMLElement): void {
  const stored = loadSession(Date.now());
  if (stored) runSession(root, stored);
  else showLogin(root, null);
}

function showLogin(root: HTMLElement, message: string | null): void {
  document.title = 'Log in · linewatch';
  root.replaceChildren(
    loginView(message, (session) => {
      saveSession(session);
      location.hash = homeOf(session.user);
      runSession(root, session);
    }),
  );
}

function homeOf(user: StoredSession['user']): string {
  return user.role === 'regulator' ? '#/' : `#/enterprises/${encodeURIComponent(user.enterprise ?? '')}`;
}

function runSession(root: HTMLElement, stored: StoredSession): void {
  let ended = false;
  let view: View | null = null;
  let ctx: AppContext | null = null;
  const alerts = new AlertsModel();
  const risk = new RiskModel();
  const findings = new FindingsModel();
  const catalogue = new Catalogue();
  const resync = new Set<() => void>();
  const end = (message: string | null) => {
    if (ended) return;
    ended = true;
    live.close();
    view?.destroy();
    window.removeEventListener('hashchange', route);
    clearInterval(ticker);
    clearSession();
    showLogin(root, message);
  };
  const api = new ApiClient({ token: () => stored.token, onUnauthorized: (m) => end(`Your session has ended (${m}). Log in again.`) });
  const frame = shell(stored.user, () => end(null));
  frame.main.replaceChildren(h('p', { class: 'loading boot' }, 'Connecting to the live service…'));
  root.replaceChildren(frame.element);

  const loadAlerts = () =>
    api
      .get<{ alerts: Alert[]; total: number }>(`/api/alerts?limit=${ALERTS_PAGE}`)
      .then((a) => alerts.load(a.alerts, a.total))
      .catch((err: unknown) => {
        if (!(err instanceof ApiError && err.status === 401)) alerts.load([], 0);
      });

  const loadCatalogue = () =>
    catalogue.loaded
      ? Promise.resolve()
      : api
          .get<CatalogueAnswer>('/api/alerts/causes')
          .then((c) => catalogue.load(c))
          .catch(() => undefined);

  const loadFindings = (features: AppContext['session']['features']) => {
    if (!features.findings) return Promise.resolve();
    return api
      .get<{ findings: Finding[] }>(`/api/findings?since=${Date.now() - FINDINGS_SINCE_MS}`)
      .then((answer) => findings.load(answer.findings))
      .catch((err: unknown) => {
        if (!(err instanceof ApiError && err.status === 401)) findings.load([]);
      });
  };

  const loadRisk = (features: AppContext['session']['features']) => {
    if (!features.enterprisesApi) {
      risk.unavailable(features.riskEvents ? 'the risk model has not reported yet' : 'this server does not run the risk model yet');
      return;
    }
    api
      .get<EnterprisesAnswer>('/api/enterprises')
      .then((answer) => risk.load(answer))
      .catch((err: unknown) =>
        risk.unavailable(err instanceof ApiError && err.status === 404 ? 'GET /api/enterprises is not available' : `the risk entries could not be loaded: ${(err as Error).message}`),
      );
  };

  function route(): void {
    if (!ctx || ended) return;
    const r = parseRoute(location.hash);
    const own = stored.user.enterprise;
    // An enterprise user has one enterprise: the overview is its page.
    if (r.name === 'overview' && stored.user.role !== 'regulator' && own) {
      location.replace(`#/enterprises/${encodeURIComponent(own)}`);
      return;
    }
    const first = view === null;
    view?.destroy();
    if (r.name === 'overview') view = overviewView(ctx);
    else if (r.name === 'alerts') view = alertsView(ctx, r.params);
    else if (r.name === 'enterprise') view = enterpriseView(ctx, r.id, r.params);
    else if (r.name === 'report') view = reportView(ctx, r.params);
    else if (r.name === 'register') view = registerView(ctx, r.params);
    else if (r.name === 'routine') view = routineView(ctx, r.params);
    else if (r.name === 'proposals' && stored.user.role === 'regulator') view = proposalsView(ctx);
    else if (r.name === 'draws' && stored.user.role === 'regulator') view = drawsView(ctx);
    else if (r.name === 'trace') view = traceView(ctx, r.params);
    else if (r.name === 'reel') view = reelView(ctx, r.reel, r.params);
    else if (r.name === 'recalls') view = recallsView(ctx, r.params);
    else if (r.name === 'recall') view = recallView(ctx, r.id);
    else {
      location.replace(homeOf(stored.user));
      return;
    }
    frame.main.replaceChildren(view.element);
    frame.setActive(r.name === 'reel' ? 'trace' : r.name === 'recall' ? 'recalls' : r.name);
    const heading = view.element.querySelector('h1')?.textContent ?? 'linewatch';
    document.title = `${heading} · linewatch`;
    // Moving focus to the new page tells a screen reader that the page changed; not on first load.
    if (!first) frame.main.focus({ preventScroll: true });
    window.scrollTo(0, 0);
  }

  const live = connectLive(stored.token, {
    session(session, reconnected) {
      ctx = contextFor(session, { api, alerts, risk, findings, catalogue, onResync: (l) => (resync.add(l), () => resync.delete(l)) });
      const loads = Promise.all([loadAlerts(), loadCatalogue(), loadRisk(session.features), loadFindings(session.features)]);
      if (!reconnected) route();
      else
        void loads.then(() => {
          for (const l of resync) l();
        });
    },
    alert: (event) => alerts.apply(event),
    risk: (event) => risk.apply(event),
    finding: (event) => findings.apply(event),
    status: (s) => frame.setStatus(s),
    ended: (message) => end(`Your session has ended: ${message}.`),
  });
  window.addEventListener('hashchange', route);
  // Relative times ("3 min ago") age without re-rendering the lists.
  const ticker = setInterval(() => {
    const now = Date.now();
    for (const t of root.querySelectorAll<HTMLTimeElement>('time.ago[data-ts]')) t.textContent = formatAgo(Number(t.dataset.ts), now);
  }, AGO_TICK_MS);
}

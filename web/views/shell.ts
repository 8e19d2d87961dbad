/**
 * The frame around every page once logged in: the product name, the pages
 * this user has, whether the live connection is up (in words, not only a
 * dot), who is logged in, and log out.
 */
import { h } from '../lib/dom.js';
import type { LiveStatus } from '../services/live-client.js';
import type { StoredSession } from '../services/session-store.js';

export interface Shell {
  readonly element: HTMLElement;
  readonly main: HTMLElement;
  setStatus(status: LiveStatus): void;
  setActive(route: string): void;
}

const STATUS_TEXT: Record<LiveStatus, string> = { connecting: 'Connecting…', live: 'Live', reconnecting: 'Reconnecting…' };

export function shell(user: StoredSession['user'], logout: () => void): Shell {
  const status = h('span', { class: 'live-status status-connecting', role: 'status' }, STATUS_TEXT.connecting);
  const links =
    user.role === 'regulator'
      ? [
          ['overview', '#/', 'Overview'],
          ['alerts', '#/alerts', 'Alerts'],
          ['register', '#/register', 'Register'],
          ['proposals', '#/proposals', 'Proposals'],
          ['draws', '#/draws', 'Draws'],
          ['trace', '#/trace', 'Trace'],
          ['recalls', '#/recalls', 'Recalls'],
          ['routine', '#/routine', 'Routine'],
          ['report', '#/report', 'Report'],
        ]
      : [
          ['enterprise', `#/enterprises/${encodeURIComponent(user.enterprise ?? '')}`, 'My lines'],
          ['register', '#/register', 'My records'],
          ['alerts', '#/alerts', 'Alerts'],
          ['trace', '#/trace', 'Trace'],
          ['recalls', '#/recalls', 'Recalls'],
          ['report', '#/report', 'Report'],
          ['routine', '#/routine', 'Routine'],
        ];
  const nav = h(
    'nav',
    { class: 'nav', 'aria-label': 'Pages' },
    links.map(([key, href, text]) => h('a', { href, 'data-route': key }, text)),
  );
  const main = h('main', { id: 'main', class: 'main', tabindex: '-1' });
  const element = h(
    'div',
    { class: 'shell' },
    h(
      'header',
      { class: 'topbar' },
      h(
        'a',
        { href: user.role === 'regulator' ? '#/' : `#/enterprises/${encodeURIComponent(user.enterprise ?? '')}`, class: 'brand' },
        h('span', { class: 'logo', 'aria-hidden': 'true' }),
        'linewatch',
      ),
      nav,
      h(
        'div',
        { class: 'session' },
        status,
        h('span', { class: 'user', 'data-user': user.id }, user.name, h('span', { class: 'role' }, user.role === 'regulator' ? ' · regulator' : ` · ${user.enterprise}`)),
        h('button', { type: 'button', class: 'button ghost', onclick: () => logout() }, 'Log out'),
      ),
    ),
    main,
  );
  return {
    element,
    main,
    setStatus(s) {
      status.className = `live-status status-${s}`;
      status.textContent = STATUS_TEXT[s];
    },
    setActive(route) {
      for (const a of nav.querySelectorAll('a')) {
        if (a.dataset.route === route) a.setAttribute('aria-current', 'page');
        else a.removeAttribute('aria-current');
      }
    },
  };
}

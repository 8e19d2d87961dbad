/** The login form: user name and password, and the reason when the last session ended. */
import { h } from '../lib/dom.js';
import { ApiError, login } from '../services/api-client.js';
import type { StoredSession } from '../services/session-store.js';

export function loginView(message: string | null, done: (session: StoredSession) => void): HTMLElement {
  const user = h('input', { id: 'login-user', name: 'username', autocomplete: 'username', required: true, autocapitalize: 'none', spellcheck: 'false' });
  const password = h('input', { id: 'login-password', name: 'password', type: 'password', autocomplete: 'current-password', required: true });
  const error = h('p', { class: 'form-error', role: 'alert' }, message ?? '');
  const submit = h('button', { type: 'submit', class: 'button primary wide' }, 'Log in');
  const form = h(
    'form',
    { class: 'login-form', 'aria-labelledby': 'login-title' },
    h('h1', { id: 'login-title' }, 'Log in'),
    h('p', { class: 'muted' }, 'Regulators see the whole cluster; enterprise quality staff see their own lines.'),
    h('label', { for: 'login-user' }, 'User name'),
    user,
    h('label', { for: 'login-password' }, 'Password'),
    password,
    error,
    submit,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    submit.disabled = true;
    submit.textContent = 'Logging in…';
    error.textContent = '';
    login(user.value.trim(), password.value)
      .then((answer) => done({ token: answer.token, expiresAt: answer.expiresAt, user: answer.user }))
      .catch((err: unknown) => {
        submit.disabled = false;
        submit.textContent = 'Log in';
        error.textContent = err instanceof ApiError ? (err.status === 401 ? 'Wrong user name or password.' : err.message) : 'Login failed; try again.';
        password.select();
      });
  });
  queueMicrotask(() => user.focus());
  return h(
    'div',
    { class: 'login-page' },
    h(
      'div',
      { class: 'login-brand' },
      h('span', { class: 'logo', 'aria-hidden': 'true' }),
      h('span', { class: 'brand-name' }, 'linewatch'),
      h('p', null, 'Quality-risk early warning for wire and cable production lines'),
    ),
    h('main', { id: 'main', class: 'login-main' }, form),
  );
}

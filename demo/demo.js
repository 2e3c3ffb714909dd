// The demo page's own script: everything a site would write around <gotrue-auth>, and nothing
// more. Kept out of the HTML so the page runs under `Content-Security-Policy: default-src 'self'`.
// Server data is only ever written with textContent.
import { describeUser, logEvents, whenRestored } from './event-log.js';
import './locale-fr.js';

const auth = document.querySelector('#auth');
const status = document.querySelector('#user-status');

function showUser(user) {
  status.textContent = describeUser(user);
}

// A restored session is known once `ready` settles (gotrue:init may fire before this module runs);
// then the events a site listens for: login (with how), logout (with why), and profile updates.
whenRestored(auth, showUser);
auth.addEventListener('gotrue:login', (event) => showUser(event.detail.user));
auth.addEventListener('gotrue:user', (event) => showUser(event.detail.user));
auth.addEventListener('gotrue:logout', () => showUser(null));

for (const button of document.querySelectorAll('[data-open]')) {
  button.addEventListener('click', () => auth.open(button.dataset.open));
}
document.querySelector('#logout').addEventListener('click', () => auth.logout());

// "Call my function": el.fetch adds `Authorization: Bearer <fresh JWT>`; netlify/functions/whoami.js
// reads the caller the runtime verified from it, as any Netlify function would.
const result = document.querySelector('#function-result');
document.querySelector('#call-function').addEventListener('click', async () => {
  result.textContent = 'Calling…';
  try {
    const response = await auth.fetch('/.netlify/functions/whoami');
    const body = await response.json();
    result.textContent = response.ok
      ? `${response.status}: the function sees ${body.email} (roles: ${(body.roles ?? []).join(', ') || 'none'})`
      : `${response.status}: ${body.msg}`;
  } catch (error) {
    result.textContent = `Not sent: ${error.message}`;
  }
});

// Theming: attributes and custom properties only, no inline styles (CSP).
function toggle(button, apply) {
  const pressed = button.getAttribute('aria-pressed') !== 'true';
  button.setAttribute('aria-pressed', String(pressed));
  apply(pressed);
}
const themed = document.querySelector('#themed');
document.querySelector('#toggle-dark').addEventListener('click', (event) =>
  toggle(event.currentTarget, (dark) => {
    for (const element of document.querySelectorAll('gotrue-auth')) {
      if (dark) element.setAttribute('theme', 'dark');
      else element.removeAttribute('theme'); // back to following prefers-color-scheme
    }
    document.documentElement.classList.toggle('demo-dark', dark);
  }),
);
document
  .querySelector('#toggle-brand')
  .addEventListener('click', (event) =>
    toggle(event.currentTarget, (brand) => themed.classList.toggle('demo-brand', brand)),
  );

// The language picker: every shipped language, each loaded when first picked; ./locale-fr.js
// changes some French texts through registerLocale, the way a site would.
document.querySelector('#locale').addEventListener('change', (event) => {
  for (const element of document.querySelectorAll('gotrue-auth')) element.setAttribute('locale', event.target.value);
});

logEvents(document, document.querySelector('#event-log'));
document
  .querySelector('#clear-log')
  .addEventListener('click', () => document.querySelector('#event-log').replaceChildren());

// Options: the second instance shows redirect, close-on-login, remember, providers, the
// signup-fields slot, open('signup', { metadata }) and jwt().
const optionsAuth = document.querySelector('#options-auth');
document.querySelector('#options-login').addEventListener('click', () => optionsAuth.open('login'));
document
  .querySelector('#options-signup')
  .addEventListener('click', () => optionsAuth.open('signup', { metadata: { source: 'demo options' } }));
const jwtResult = document.querySelector('#jwt-result');
document.querySelector('#show-jwt').addEventListener('click', async () => {
  try {
    const token = await optionsAuth.jwt();
    const part = atob(token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/'));
    const claims = JSON.parse(new TextDecoder().decode(Uint8Array.from(part, (c) => c.charCodeAt(0))));
    jwtResult.textContent = JSON.stringify(claims, null, 2);
  } catch (error) {
    jwtResult.textContent = `No token: ${error.message}`;
  }
});

// strings: one element's own texts for some message ids, over every language's.
document.querySelector('#providers-auth').strings = { 'title.login': 'Members, come in' };

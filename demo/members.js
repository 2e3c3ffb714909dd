// A page protected by role: content appears only when the user's app_metadata.roles includes
// "member". This is a convenience for the page, not security: protect the data on the server.
import { describeUser, whenRestored } from './event-log.js';

const REQUIRED_ROLE = 'member';

const auth = document.querySelector('#auth');
const status = document.querySelector('#members-status');
const content = document.querySelector('#members-content');
const denied = document.querySelector('#members-denied');

function render(user) {
  const isMember = Boolean(user?.app_metadata?.roles?.includes(REQUIRED_ROLE));
  content.hidden = !isMember;
  denied.hidden = isMember;
  status.textContent = user
    ? `${describeUser(user)} ${isMember ? '' : `You do not have the "${REQUIRED_ROLE}" role yet.`}`
    : 'Log in to see the members-only content.';
}

whenRestored(auth, render);
auth.addEventListener('gotrue:login', (event) => render(event.detail.user));
auth.addEventListener('gotrue:user', (event) => render(event.detail.user));
auth.addEventListener('gotrue:logout', () => render(null));

document.querySelector('[data-open]').addEventListener('click', () => auth.open('login'));
document.querySelector('#logout').addEventListener('click', () => auth.logout());

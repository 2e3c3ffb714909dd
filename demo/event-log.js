// The live event log shared by the demo pages: every gotrue:* event with its detail, written
// with textContent (never innerHTML) and with tokens redacted, since a log is a place tokens leak.
export const EVENT_NAMES = [
  'gotrue:init',
  'gotrue:login',
  'gotrue:logout',
  'gotrue:user',
  'gotrue:token',
  'gotrue:error',
  'gotrue:open',
  'gotrue:close',
];

const SECRET_KEYS = new Set(['access_token', 'refresh_token', 'token']);

function redact(key, value) {
  if (SECRET_KEYS.has(key) && typeof value === 'string') return '[redacted]';
  if (key === 'token' && value && typeof value === 'object') return '[redacted]';
  return value;
}

/** Calls `render(user)` once the element has restored its session, whenever this script runs. */
export async function whenRestored(element, render) {
  await customElements.whenDefined(element.localName);
  await element.ready;
  render(element.user);
}

export function describeUser(user) {
  if (!user) return 'Not logged in.';
  const name = user.user_metadata?.full_name;
  const roles = user.app_metadata?.roles ?? [];
  return `Logged in as ${name ? `${name} <${user.email}>` : user.email}${roles.length ? ` (roles: ${roles.join(', ')})` : ''}.`;
}

/** Appends one entry per gotrue:* event reaching `target` to the list `log`, newest last. */
export function logEvents(target, log) {
  for (const name of EVENT_NAMES) {
    target.addEventListener(name, (event) => {
      const entry = document.createElement('li');
      entry.dataset.event = name;
      const title = document.createElement('strong');
      const source = event.target instanceof Element && event.target.id ? ` on #${event.target.id}` : '';
      title.textContent = `${new Date().toLocaleTimeString()} ${name}${source}`;
      const detail = document.createElement('pre');
      detail.textContent = JSON.stringify(event.detail, redact, 2);
      entry.append(title, detail);
      log.append(entry);
      // Scroll the log only: scrolling the page would hide the dialog that fired the event.
      log.scrollTop = log.scrollHeight;
    });
  }
}

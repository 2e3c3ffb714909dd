// What a page using netlify-identity-widget writes: a button that opens it, and its event listeners.
/* global netlifyIdentity */
netlifyIdentity.on('init', () => window.bench.mark('ready'));
netlifyIdentity.on('login', () => window.bench.mark('login'));
window.benchWidget = {
  refresh: () => netlifyIdentity.refresh(true),
  email: () => netlifyIdentity.currentUser()?.email ?? null,
};
document.addEventListener('click', (event) => {
  if (event.target instanceof Element && event.target.closest('#login')) netlifyIdentity.open('login');
});

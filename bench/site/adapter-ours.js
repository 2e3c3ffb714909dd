// What a page using <gotrue-auth> writes: a button that opens it. Its events reach the probe by bubbling.
const element = () => document.querySelector('gotrue-auth');
window.benchWidget = {
  refresh: () => element().jwt(true),
  email: () => element().user?.email ?? null,
};
document.addEventListener('click', (event) => {
  if (event.target instanceof Element && event.target.closest('#login')) element().open('login');
});

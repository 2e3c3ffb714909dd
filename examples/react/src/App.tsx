// Registers <gotrue-auth> and its companions, and brings their JSX types (gotrue-auth's own
// `declare module 'react'`): attributes, properties and `ongotrue:*` event props are checked.
import 'gotrue-auth';
import type { GotrueAuth, User } from 'gotrue-auth';
import { useRef, useState } from 'react';

export function App() {
  const auth = useRef<GotrueAuth>(null);
  const [user, setUser] = useState<User | null>(null);
  const [how, setHow] = useState('');

  return (
    <main>
      <h1>React and gotrue-auth</h1>
      <p role="status">{user ? `Logged in as ${user.email} (${how})` : 'Not logged in.'}</p>
      {user ? (
        <button type="button" onClick={() => auth.current?.logout()}>
          Log out
        </button>
      ) : (
        <button type="button" onClick={() => auth.current?.open('login')}>
          Log in
        </button>
      )}
      <gotrue-auth
        ref={auth}
        api-url="/.netlify/identity"
        // React 19 sets properties of custom elements and adds listeners for `on<event>` props.
        ongotrue:init={(event) => {
          setUser(event.detail.user);
          setHow('restored');
        }}
        ongotrue:login={(event) => {
          setUser(event.detail.user);
          setHow(event.detail.method);
        }}
        ongotrue:logout={() => setUser(null)}
      />
    </main>
  );
}

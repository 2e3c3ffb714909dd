import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// In development, Identity's path on this origin goes to the local GoTrue server
// (`npx gotrue-auth-server`); on Netlify the site serves it itself.
const identity = {
  target: process.env.GOTRUE_URL ?? 'http://127.0.0.1:9999',
  rewrite: (path: string) => path.replace(/^\/\.netlify\/identity/, ''),
};

export default defineConfig({
  server: { proxy: { '/.netlify/identity': identity } },
  plugins: [react()],
});

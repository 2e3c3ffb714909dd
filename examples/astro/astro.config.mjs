import process from 'node:process';
import { defineConfig } from 'astro/config';

// A static site: the page is HTML, and <gotrue-auth> comes to life in the browser from the
// page's <script>, which Astro bundles. In development, Identity's path on this origin goes to the
// local GoTrue server (`npx gotrue-auth-server`); on Netlify the site serves it itself.
export default defineConfig({
  vite: {
    server: {
      proxy: {
        '/.netlify/identity': {
          target: process.env.GOTRUE_URL ?? 'http://127.0.0.1:9999',
          rewrite: (path) => path.replace(/^\/\.netlify\/identity/, ''),
        },
      },
    },
  },
});

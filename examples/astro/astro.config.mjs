import { defineConfig } from 'astro/config';

// A static site: the page is HTML, and <gotrue-auth> comes to life in the browser from the
// page's <script>, which Astro bundles.
export default defineConfig({});

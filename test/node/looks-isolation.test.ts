/**
 * The element keeps its look on pages styled by the CSS people actually use: for each page (Bootstrap
 * 5, Tailwind's preflight, Pico CSS, water.css, and a sheet of hostile global rules on every element
 * the element renders), the computed styles and boxes of the dialog's parts match those on a page
 * with no stylesheet at all. A picture of each page is saved to screenshots/looks/ (ignored by git).
 *
 * Vite serves the element's source (as `npm run dev` does); the GoTrue API is answered by the
 * browser's request interception, since only `/settings` matters to what the dialog shows.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { createServer, type Plugin, type ViteDevServer } from 'vite';
import { launchBrowser } from '../e2e/browser.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const shotsDir = join(root, 'screenshots', 'looks');

/** Global type selectors at every element the dialog renders, as careless site CSS writes them. */
const HOSTILE = `
  * { box-sizing: content-box; letter-spacing: 0.1em; }
  html { font-size: 22px; }
  body { font: italic 13px/3 Georgia, serif; color: purple; text-align: center; text-transform: lowercase; word-spacing: 6px; }
  dialog { position: absolute; inset: 0 auto auto 0; margin: 40px; padding: 0; border: 6px double red; background: yellow; width: 90vw; }
  dialog::backdrop { background: lime; }
  div { display: block; margin: 12px; padding: 8px; border: 1px dotted green; }
  section { padding: 30px; }
  h2 { margin: 40px; font-size: 44px; font-weight: 100; color: red; text-decoration: underline; float: left; }
  p { margin: 30px; padding: 10px; font-size: 20px; color: blue; }
  form { border: 3px dashed orange; padding: 20px; margin: 20px; display: flex; flex-direction: row; }
  label { float: right; color: purple; font-weight: 900; display: block; margin: 15px; width: 50%; }
  span { font-size: 30px; color: green; }
  input { width: 50px; height: 60px; padding: 20px; margin: 20px; border: 5px solid red; border-radius: 20px; background: pink; font-size: 10px; }
  input[type=checkbox] { width: 40px; height: 40px; appearance: none; }
  button { text-transform: uppercase; padding: 30px; margin: 10px; border: 4px solid black; border-radius: 0; background: black; color: white; width: 100%; font-size: 9px; float: left; }
  button::before { content: '> '; }
  a { color: red; text-decoration: none; }
  img { width: 400px; border: 8px solid red; }
  svg { width: 200px; height: 200px; fill: red; }
  path { fill: red; stroke: blue; stroke-width: 3; }
  :focus { outline: none; }
`;

const SHEETS = {
  plain: [],
  bootstrap: ['/node_modules/bootstrap/dist/css/bootstrap.min.css'],
  tailwind: ['/node_modules/tailwindcss/preflight.css'],
  pico: ['/node_modules/@picocss/pico/css/pico.min.css'],
  water: ['/node_modules/water.css/out/water.min.css'],
  hostile: [],
} as const;
type PageName = keyof typeof SHEETS;

function pageHtml(name: PageName): string {
  const links = SHEETS[name].map((href) => `<link rel="stylesheet" href="${href}" />`).join('\n');
  const style = name === 'hostile' ? `<style>${HOSTILE}</style>` : '';
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>${name}</title>
    ${links}
    ${style}
    <script type="module">import '/src/index.ts';</script>
  </head>
  <body>
    <main>
      <h1>A ${name} page</h1>
      <p>Some text of the page, styled by the page.</p>
      <gotrue-auth id="auth"></gotrue-auth>
    </main>
  </body>
</html>`;
}

/** Serves /looks/<page>.html. */
function looksPages(): Plugin {
  return {
    name: 'looks-pages',
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const name = /^\/looks\/(\w+)\.html$/.exec(req.url ?? '')?.[1];
        if (!name || !(name in SHEETS)) return next();
        res.setHeader('content-type', 'text/html');
        res.end(pageHtml(name as PageName));
      });
    },
  };
}

const SETTINGS = {
  external: { email: true, github: true, google: true, gitlab: false, bitbucket: false, facebook: false, saml: true },
  external_labels: { saml: 'Acme SSO' },
  disable_signup: false,
  autoconfirm: false,
};

/** The parts of the dialog whose look is compared, by a selector inside `#auth`. */
const PARTS = {
  dialog: 'dialog',
  header: '.gotrue-auth-header',
  title: '.gotrue-auth-title',
  close: '.gotrue-auth-close',
  closeIcon: '.gotrue-auth-close svg',
  providers: '.gotrue-auth-providers',
  provider: '.gotrue-auth-provider[data-provider=github]',
  providerIcon: '.gotrue-auth-provider[data-provider=github] svg',
  providerIconPath: '.gotrue-auth-provider[data-provider=google] path',
  saml: '.gotrue-auth-provider[data-provider=saml]',
  separator: '.gotrue-auth-separator',
  form: 'form',
  emailField: 'label:has(input[name=email])',
  emailLabel: 'label:has(input[name=email]) > span',
  emailInput: 'input[name=email]',
  passwordInput: 'input[name=password]',
  reveal: '.gotrue-auth-reveal',
  remember: '.gotrue-auth-check',
  checkbox: 'input[name=remember]',
  submit: 'button[type=submit]',
  submitBefore: 'button[type=submit]::before',
  links: '.gotrue-auth-links',
  link: '.gotrue-auth-link',
} as const;

const PROPERTIES = [
  'display',
  'position',
  'float',
  'box-sizing',
  'font-family',
  'font-size',
  'font-style',
  'font-weight',
  'line-height',
  'letter-spacing',
  'word-spacing',
  'text-transform',
  'text-align',
  'text-decoration-line',
  'color',
  'background-color',
  'fill',
  'stroke',
  'content',
  'margin-top',
  'margin-right',
  'margin-bottom',
  'margin-left',
  'padding-top',
  'padding-right',
  'padding-bottom',
  'padding-left',
  'border-top-width',
  'border-top-style',
  'border-top-color',
  'border-left-width',
  'border-left-style',
  'border-top-left-radius',
  'outline-style',
  'appearance',
  'opacity',
];

/** What matters of an SVG shape: its paint (its geometry stays its own). */
const SHAPE_PROPERTIES = ['fill', 'stroke', 'opacity', 'visibility'];

type Looks = Record<string, Record<string, string>>;

/** Computed styles of each part, and its box relative to the dialog (position and size). */
function measure(page: Page): Promise<Looks> {
  return page.evaluate(
    ({ parts, properties, shapeProperties }) => {
      const host = document.querySelector('#auth')!;
      const dialog = host.querySelector('dialog')!.getBoundingClientRect();
      const looks: Record<string, Record<string, string>> = {};
      for (const [part, selector] of Object.entries(parts)) {
        const [element = selector, pseudo] = selector.split('::');
        const node = host.querySelector(element);
        if (!node) {
          looks[part] = { missing: selector };
          continue;
        }
        const style = getComputedStyle(node, pseudo ? `::${pseudo}` : null);
        const values: Record<string, string> = {};
        const compared = node instanceof SVGElement && !(node instanceof SVGSVGElement) ? shapeProperties : properties;
        for (const property of compared) values[property] = style.getPropertyValue(property);
        if (!pseudo) {
          const box = node.getBoundingClientRect();
          Object.assign(values, {
            x: String(Math.round(box.x - dialog.x)),
            y: String(Math.round(box.y - dialog.y)),
            width: String(Math.round(box.width)),
            height: String(Math.round(box.height)),
          });
        }
        looks[part] = values;
      }
      return looks;
    },
    { parts: PARTS, properties: PROPERTIES, shapeProperties: SHAPE_PROPERTIES },
  );
}

/** The page's own heading and body, outside the element. */
function pageLook(page: Page): Promise<string> {
  return page.evaluate(() =>
    ['h1', 'body']
      .map((selector) => {
        const style = getComputedStyle(document.querySelector(selector)!);
        return [style.fontFamily, style.fontSize, style.margin, style.color, style.backgroundColor].join(' ');
      })
      .join(' | '),
  );
}

/** Differences between two measurements, one line per property, for a readable failure. */
function differences(expected: Looks, actual: Looks): string[] {
  const lines: string[] = [];
  for (const [part, values] of Object.entries(expected)) {
    for (const [property, value] of Object.entries(values)) {
      if (actual[part]?.[property] !== value) lines.push(`${part} ${property}: ${value} → ${actual[part]?.[property]}`);
    }
  }
  return lines;
}

let server: ViteDevServer;
let url: string;
let browser: Browser;

/** The page with the element open on login; `scheme` is the visitor's `prefers-color-scheme`. */
async function openLogin(name: PageName, scheme: 'light' | 'dark' = 'light'): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 900, height: 900 }, colorScheme: scheme });
  page.setDefaultTimeout(15_000);
  await page.route('**/.netlify/identity/settings', (route) =>
    route.fulfill({ json: SETTINGS, headers: { 'access-control-allow-origin': '*' } }),
  );
  await page.goto(`${url}/looks/${name}.html`);
  await page.waitForFunction(() => customElements.get('gotrue-auth'));
  await page.evaluate(async () => {
    const el = document.querySelector('gotrue-auth')!;
    await el.ready;
    await el.open('login');
  });
  await page.locator('#auth .gotrue-auth-provider[data-provider=saml]').waitFor();
  // Busy looks are compared too: a spinner before the submit button's text.
  await page.evaluate(() => {
    const submit = document.querySelector('#auth button[type=submit]')!;
    submit.setAttribute('aria-busy', 'true');
  });
  await page.evaluate(() => document.fonts.ready);
  return page;
}

before(async () => {
  mkdirSync(shotsDir, { recursive: true });
  server = await createServer({
    root,
    configFile: false,
    logLevel: 'warn',
    plugins: [looksPages()],
    server: { host: '127.0.0.1', port: 0, strictPort: false, hmr: false, watch: null },
  });
  await server.listen();
  url = server.resolvedUrls!.local[0]!.replace(/\/$/, '');
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

describe('the element keeps its look on any page', () => {
  const plain: Record<'light' | 'dark', Looks> = { light: {}, dark: {} };
  let plainPageLook: string;

  before(async () => {
    for (const scheme of ['light', 'dark'] as const) {
      const page = await openLogin('plain', scheme);
      plain[scheme] = await measure(page);
      plainPageLook = await pageLook(page);
      await page.screenshot({ path: join(shotsDir, `plain-${scheme}.png`) });
      await page.close();
    }
  });

  test('the plain page shows every part measured, SAML under its `external_labels` name with a mark', async () => {
    const missing = Object.entries(plain.light).filter(([, values]) => 'missing' in values);
    assert.deepEqual(missing, []);
    const page = await openLogin('plain');
    try {
      const saml = page.locator('#auth .gotrue-auth-provider[data-provider=saml]');
      assert.equal((await saml.textContent())!.trim(), 'Continue with Acme SSO');
      assert.equal(await saml.locator('svg[aria-hidden=true] path').count(), 1);
    } finally {
      await page.close();
    }
  });

  test('a page restyles a part on purpose by naming the element by tag and id, or through a custom property', async () => {
    const page = await openLogin('hostile');
    try {
      await page.addStyleTag({
        content: `gotrue-auth#auth .gotrue-auth-title { font-size: 40px; }
          #auth { --gotrue-auth-accent: rgb(200, 0, 100); }`,
      });
      const title = await page.evaluate(
        () => getComputedStyle(document.querySelector('#auth .gotrue-auth-title')!).fontSize,
      );
      assert.equal(title, '40px');
      const submit = await page.evaluate(
        () => getComputedStyle(document.querySelector('#auth button[type=submit]')!).backgroundColor,
      );
      assert.equal(submit, 'rgb(200, 0, 100)');
    } finally {
      await page.close();
    }
  });

  for (const name of ['bootstrap', 'tailwind', 'pico', 'water', 'hostile'] as const) {
    for (const scheme of ['light', 'dark'] as const) {
      test(`on a ${name} page, in ${scheme}, the dialog's parts look as on a plain page`, async () => {
        const page = await openLogin(name, scheme);
        try {
          // The page's own stylesheet did load, and restyles the page around the element.
          assert.notEqual(await pageLook(page), plainPageLook, `${name} did not style its own page`);
          await page.screenshot({ path: join(shotsDir, `${name}-${scheme}.png`) });
          assert.deepEqual(differences(plain[scheme], await measure(page)), []);
        } finally {
          await page.close();
        }
      });
    }
  }
});

// `npm run build`: the two published packages from the one source tree in src/, each into its
// folder under packages/ (see "Layout" in the README):
//   packages/gotrue-auth/dist         the one-file script-tag bundle and its language files, ES
//                                     modules for bundlers, .d.ts files (custom-elements.json and
//                                     the README are copied beside dist/)
//   packages/gotrue-auth-server/dist  the local server, its CLI and the Vite plugin, with the shared
//                                     wire contract imported from `gotrue-auth/core`, not copied
// The netlify-identity-widget drop-in (src/compat) is a second script-tag file beside the first.
// A size report fails the build when either script-tag file is over its budget. Vite 8 builds
// with rolldown, hence `rolldownOptions`; two passes because the npm build keeps `lit` external
// and the script-tag bundle must contain everything.
import { build } from 'vite';
import minifyHtmlLiterals from '@lit-labs/rollup-plugin-minify-html-literals';
import { spawn } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

export const root = fileURLToPath(new URL('..', import.meta.url));
export const SCRIPT_TAG_FILE = 'gotrue-auth.js';
/** The script-tag file, brotli quality 11: half of netlify-identity-widget 2.0.3 (48,736 B). */
export const BUDGET_BYTES = 24 * 1024;
export const DROP_IN_FILE = 'netlify-identity.js';
/**
 * The drop-in for netlify-identity-widget's script tag, brotli quality 11: the element (without its
 * companions) plus the widget's API and controls, a little more than gotrue-auth.js; the budget
 * keeps it near half of the widget.
 */
export const DROP_IN_BUDGET_BYTES = 26 * 1024;

const RUNTIME_DEPENDENCIES = [/^lit(\/|$)/, /^@lit\/context(\/|$)/, /^jwt-decode(\/|$)/];

/**
 * The stylesheet (src/components/gotrue-auth.css, imported with `?inline`) is minified by
 * lightningcss for these browsers: the first releases with both CSS nesting and `light-dark()`,
 * which the element relies on. An older target would make lightningcss rewrite both into longer
 * fallbacks.
 */
const CSS = { cssMinify: 'lightningcss', cssTarget: ['chrome123', 'edge123', 'firefox120', 'safari17.5'] };

const fromRoot = (path) => join(root, path);

/** The published packages: their manifests live in packages/<name>/, their code in src/. */
export const PACKAGES_DIR = fromRoot('packages');
export const WIDGET_PACKAGE = 'gotrue-auth';
export const SERVER_PACKAGE = 'gotrue-auth-server';
/** What the server package imports the shared code as; its modules are listed by exportedCoreModules(). */
const CORE_SPECIFIER = `${WIDGET_PACKAGE}/core`;

/** ES modules for bundlers: one file per source module, so class modules stay side-effect free. */
export async function buildModules(outDir) {
  await build({
    configFile: false,
    root,
    logLevel: 'warn',
    build: {
      outDir,
      emptyOutDir: false,
      target: 'es2022',
      ...CSS,
      minify: false,
      sourcemap: true,
      copyPublicDir: false,
      lib: {
        entry: {
          index: fromRoot('src/index.ts'),
          core: fromRoot('src/core/index.ts'),
          'compat/index': fromRoot('src/compat/index.ts'),
        },
        formats: ['es'],
      },
      rolldownOptions: {
        external: RUNTIME_DEPENDENCIES,
        output: {
          preserveModules: true,
          preserveModulesRoot: fromRoot('src'),
          entryFileNames: '[name].js',
        },
      },
    },
  });
}

/**
 * The script-tag file cannot split off chunks, so there the languages are not imported: the
 * module that would import them (src/core/i18n/load.ts) is swapped for one that fetches
 * `gotrue-auth.<tag>.json` from next to the script (writeLocaleFiles).
 */
const LOCALE_LOADER = fromRoot('src/core/i18n/load.ts');
const LOCALE_FILE_LOADER = fromRoot('src/core/i18n/load-file.ts');
const localeFilesInstead = {
  name: 'gotrue-auth:locale-files',
  enforce: 'pre',
  async resolveId(source, importer, options) {
    if (!importer || !/\/load\.js$/.test(source)) return null;
    const resolved = await this.resolve(source, importer, { ...options, skipSelf: true });
    return resolved?.id === LOCALE_LOADER ? LOCALE_FILE_LOADER : null;
  },
};

/** One `gotrue-auth.<tag>.json` per shipped language, next to the script-tag file that fetches it. */
export async function writeLocaleFiles(outDir) {
  const { tsImport } = await import('tsx/esm/api');
  const { LOCALES } = await tsImport(fromRoot('src/core/i18n/locales.ts'), import.meta.url);
  for (const tag of LOCALES) {
    const { default: messages } = await tsImport(fromRoot(`src/core/i18n/locales/${tag}.ts`), import.meta.url);
    writeFileSync(join(outDir, `gotrue-auth.${tag}.json`), JSON.stringify(messages));
  }
}

/** A classic `<script src>` file: everything bundled and minified, from `entry` into `outDir/fileName`. */
async function bundleClassicScript(outDir, { entry, fileName, name }) {
  await build({
    configFile: false,
    root,
    logLevel: 'warn',
    define: { __GOTRUE_AUTH_DEV__: 'false' },
    build: {
      outDir,
      emptyOutDir: false,
      target: 'es2022',
      ...CSS,
      minify: true,
      sourcemap: true,
      copyPublicDir: false,
      lib: { entry: fromRoot(entry), formats: ['iife'], name, fileName: () => fileName },
      // window.GoTrueAuth is a plain object of the exports: no `Symbol.toStringTag` "Module".
      rolldownOptions: { output: { generatedCode: { symbols: false }, esModule: false } },
    },
    // Lit's own template minifier: collapses the whitespace that indentation leaves inside html``
    // and svg`` templates of our views (lit's own code is already minified).
    plugins: [localeFilesInstead, minifyHtmlLiterals({ include: ['src/**/*.ts'] })],
  });
  await recompress(join(outDir, fileName));
  await writeLocaleFiles(outDir);
  return join(outDir, fileName);
}

/** The `<script src>` file: everything bundled and minified into one self-registering classic script. */
export function buildScriptTag(outDir) {
  return bundleClassicScript(outDir, {
    entry: 'src/gotrue-auth.iife.ts',
    fileName: SCRIPT_TAG_FILE,
    name: 'GoTrueAuth',
  });
}

/**
 * The drop-in for netlify-identity-widget: `window.netlifyIdentity` on a `<gotrue-auth>`, one
 * classic script that inits itself as the widget's does. It fetches the same
 * `gotrue-auth.<tag>.json` language files from next to itself.
 */
export function buildDropIn(outDir) {
  // No exports, so `name` (which the IIFE format requires) declares no global.
  return bundleClassicScript(outDir, {
    entry: 'src/compat/netlify-identity.iife.ts',
    fileName: DROP_IN_FILE,
    name: 'GoTrueAuthNetlifyIdentity',
  });
}

/**
 * A second minifier over the bundler's output, source map chained: terser's two compress passes
 * find what rolldown's single pass leaves (about 300 B brotli on the script-tag file).
 */
async function recompress(file) {
  const { minify } = await import('terser');
  const mapFile = `${file}.map`;
  const name = file.split(/[\\/]/).at(-1);
  const result = await minify(readFileSync(file, 'utf8'), {
    ecma: 2020,
    compress: { passes: 2 },
    format: { comments: false },
    sourceMap: { content: readFileSync(mapFile, 'utf8'), url: `${name}.map` },
  });
  writeFileSync(file, result.code);
  writeFileSync(mapFile, result.map);
}

/**
 * The source modules `gotrue-auth/core` re-exports (`export * from './x.js'` in src/core/index.ts),
 * without extension. The server may import these, and gets them from the gotrue-auth package.
 */
function exportedCoreModules() {
  const index = fromRoot('src/core/index.ts');
  const specifiers = [...readFileSync(index, 'utf8').matchAll(/^export\s[^;]*?from\s+'(\.[^']+)\.js';/gm)];
  return new Set(specifiers.map(([, specifier]) => resolve(dirname(index), specifier)));
}

/**
 * Maps an import of the server's source to what the published server imports: a module of src/server
 * stays relative, a module that `gotrue-auth/core` exports becomes `gotrue-auth/core`. Anything
 * else (a component, a core module the package does not export) has no published home: an error.
 * `from` and `specifier` are in `tree`, which mirrors src/ (the sources, or the emitted .d.ts).
 */
function serverImport(tree, from, specifier, coreModules) {
  const target = resolve(dirname(from), specifier).replace(/\.(js|ts|d\.ts)$/, '');
  if (target.startsWith(join(tree, 'server') + sep)) return null;
  const source = join(root, 'src', relative(tree, target));
  if (coreModules.has(source)) return CORE_SPECIFIER;
  throw new Error(
    `src/${relative(tree, from).replace(/\.d\.ts$/, '.ts')} imports ${specifier}, which the ${SERVER_PACKAGE} package cannot reach: ` +
      `it is neither in src/server nor exported by ${CORE_SPECIFIER} (src/core/index.ts)`,
  );
}

/** esbuild: the server's imports of src/core become imports of the gotrue-auth package. */
function coreFromWidgetPackage() {
  const coreModules = exportedCoreModules();
  const src = fromRoot('src');
  return {
    name: 'gotrue-auth:core-from-package',
    setup(pluginBuild) {
      pluginBuild.onResolve({ filter: /^\.\.?\// }, ({ path, importer }) => {
        const mapped = serverImport(src, importer, path, coreModules);
        return mapped ? { path: mapped, external: true } : undefined;
      });
    },
  };
}

/** The local server, its CLI and the Vite plugin for the gotrue-auth-server package (Node, deps external). */
export async function buildServer(outDir) {
  const { build: esbuild } = await import('esbuild');
  await esbuild({
    entryPoints: {
      index: fromRoot('src/server/index.ts'),
      cli: fromRoot('src/server/cli.ts'),
      vite: fromRoot('src/server/vite-plugin.ts'),
    },
    outdir: outDir,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    plugins: [coreFromWidgetPackage()],
    // The entries share the server: one copy in a chunk instead of one in each.
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    sourcemap: true,
    logLevel: 'warning',
  });
}

/** Runs a tool from node_modules/.bin in its own process, so it works beside the builds in this one. */
function runTool(command, args) {
  const child = spawn(join(root, 'node_modules/.bin', command), args, { cwd: root, stdio: 'inherit' });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${command} ${args.join(' ')} failed`))));
  });
}

/**
 * `.d.ts` files, from one tsc run over src/: the widget's into `<widgetDist>/types`, the server's
 * into `<serverDist>/types` with their imports of src/core rewritten to `gotrue-auth/core`.
 */
export async function buildTypes(widgetDist, serverDist) {
  const cache = fromRoot('node_modules/.cache');
  mkdirSync(cache, { recursive: true });
  const emitted = mkdtempSync(join(cache, 'gotrue-auth-types-'));
  try {
    await runTool('tsc', ['-p', 'tsconfig.build.json', '--outDir', emitted]);
    cpSync(emitted, join(widgetDist, 'types'), {
      recursive: true,
      filter: (path) => path !== join(emitted, 'server'),
    });
    const coreModules = exportedCoreModules();
    const serverTypes = join(serverDist, 'types');
    for (const file of readdirSync(join(emitted, 'server'), { recursive: true }).map(String)) {
      const from = join(emitted, 'server', file);
      if (!file.endsWith('.d.ts')) continue;
      const text = readFileSync(from, 'utf8').replace(
        /(\bfrom\s+|\bimport\s*\(\s*)(['"])(\.\.?\/[^'"]+)\2/g,
        (whole, keyword, quote, specifier) => {
          const mapped = serverImport(emitted, from, specifier, coreModules);
          return mapped ? `${keyword}${quote}${mapped}${quote}` : whole;
        },
      );
      mkdirSync(dirname(join(serverTypes, file)), { recursive: true });
      writeFileSync(join(serverTypes, file), text);
    }
  } finally {
    rmSync(emitted, { recursive: true, force: true });
  }
}

/** custom-elements.json for IDEs and docs, from the elements' JSDoc (`cem analyze --litelement`). */
export function buildManifest() {
  return runTool('cem', ['analyze', '--config', 'custom-elements-manifest.config.mjs']);
}

export function measure(file) {
  const bytes = readFileSync(file);
  return {
    raw: bytes.length,
    gzip: gzipSync(bytes, { level: 9 }).length,
    brotli: brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
}

const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;

function listJs(dir) {
  return readdirSync(dir, { recursive: true })
    .map(String)
    .filter((file) => file.endsWith('.js') && statSync(join(dir, file)).isFile())
    .sort();
}

/** Prints raw / gzip / brotli of every output under a heading; returns the rows. */
export function reportSizes(outDir, heading = relative(root, outDir) || outDir) {
  const rows = listJs(outDir).map((file) => ({ file, ...measure(join(outDir, file)) }));
  const width = Math.max(...rows.map((row) => row.file.length));
  console.log(
    `\n${heading}\n${'file'.padEnd(width)}  ${'raw'.padStart(9)}  ${'gzip'.padStart(9)}  ${'brotli'.padStart(9)}`,
  );
  for (const row of rows) {
    console.log(
      `${row.file.padEnd(width)}  ${kb(row.raw).padStart(9)}  ${kb(row.gzip).padStart(9)}  ${kb(row.brotli).padStart(9)}`,
    );
  }
  return new Map(rows.map((row) => [row.file, row]));
}

/**
 * Makes `<outDir>/<name>` a package folder npm can pack: its manifest and bin (when built somewhere
 * other than packages/), and the README and custom-elements.json beside its dist/.
 */
function assemblePackage(outDir, name, extras) {
  const target = join(outDir, name);
  const manifestDir = join(PACKAGES_DIR, name);
  if (resolve(target) !== manifestDir) {
    cpSync(join(manifestDir, 'package.json'), join(target, 'package.json'));
    if (existsSync(join(manifestDir, 'bin')))
      cpSync(join(manifestDir, 'bin'), join(target, 'bin'), { recursive: true });
  }
  for (const [from, to] of Object.entries(extras)) cpSync(fromRoot(from), join(target, to));
}

// `--out-dir <dir>` assembles the package folders in <dir> instead of packages/ (the packing test
// uses it); `--script-tag-only` builds just the script-tag file and its language files, into
// --out-dir itself (the CSP test does), `--drop-in-only` just the netlify-identity-widget drop-in;
// `--budget <bytes>` checks the script-tag file against another budget (a site adding locales, the tests).
function parseArgs(args) {
  const valueOf = (flag) => (args.includes(flag) ? args[args.indexOf(flag) + 1] : undefined);
  const budget = valueOf('--budget');
  const scriptTagOnly = args.includes('--script-tag-only');
  const dropInOnly = args.includes('--drop-in-only');
  return {
    outDir: args.includes('--out-dir') ? valueOf('--out-dir') : scriptTagOnly || dropInOnly ? undefined : PACKAGES_DIR,
    scriptTagOnly,
    dropInOnly,
    budget: budget === undefined ? BUDGET_BYTES : Number(budget),
  };
}

/** Both packages into `<outDir>/gotrue-auth` and `<outDir>/gotrue-auth-server`. */
export async function buildPackages(outDir) {
  const widgetDist = join(outDir, WIDGET_PACKAGE, 'dist');
  const serverDist = join(outDir, SERVER_PACKAGE, 'dist');
  for (const dir of [widgetDist, serverDist]) rmSync(dir, { recursive: true, force: true });
  // Independent steps, at once: tsc and cem run in their own processes while Vite and esbuild build here.
  await Promise.all([
    buildTypes(widgetDist, serverDist),
    buildManifest(),
    // One after another: both script-tag files write the same language files beside themselves.
    buildScriptTag(widgetDist)
      .then(() => buildDropIn(widgetDist))
      .then(() => buildModules(widgetDist)),
    buildServer(serverDist),
  ]);
  assemblePackage(outDir, WIDGET_PACKAGE, { 'README.md': 'README.md', 'custom-elements.json': 'custom-elements.json' });
  assemblePackage(outDir, SERVER_PACKAGE, { 'src/server/README.md': 'README.md' });
  return { widgetDist, serverDist };
}

async function main() {
  const { outDir, scriptTagOnly, dropInOnly, budget } = parseArgs(process.argv.slice(2));
  if (!outDir) throw new Error('--out-dir needs a directory');
  if (!Number.isInteger(budget) || budget <= 0) throw new Error('--budget needs a number of bytes');
  let widgetDist = outDir;
  if (scriptTagOnly || dropInOnly) {
    rmSync(outDir, { recursive: true, force: true });
    await (scriptTagOnly ? buildScriptTag(outDir) : buildDropIn(outDir));
  } else {
    const built = await buildPackages(outDir);
    widgetDist = built.widgetDist;
    reportSizes(built.serverDist);
  }

  const sizes = reportSizes(widgetDist);
  const checks = [
    { label: 'script-tag bundle', file: SCRIPT_TAG_FILE, budget },
    { label: 'netlify-identity drop-in', file: DROP_IN_FILE, budget: DROP_IN_BUDGET_BYTES },
  ].filter((check) => sizes.has(check.file));
  let over = false;
  console.log('');
  for (const check of checks) {
    const { brotli } = sizes.get(check.file);
    const verdict = brotli <= check.budget ? '' : ' OVER BUDGET';
    over ||= Boolean(verdict);
    console.log(`${check.label}: ${kb(brotli)} brotli (budget ${kb(check.budget)})${verdict}`);
    console.log(`  ${relative(root, join(widgetDist, check.file))}`);
  }
  if (over) process.exit(1);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}

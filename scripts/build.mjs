// `npm run build`: the npm package (ES modules + .d.ts + server), the one-file script-tag bundle,
// the netlify-identity-widget drop-in (another script-tag file), custom-elements.json, and a size
// report that fails the build when either script-tag file is over its budget. Vite 8 builds with rolldown, hence `rolldownOptions`; two passes because the npm
// build keeps `lit` external and the script-tag bundle must contain everything.
import { build } from 'vite';
import minifyHtmlLiterals from '@lit-labs/rollup-plugin-minify-html-literals';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
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

/** The local server for `gotrue-auth/server` and the `gotrue-auth-server` bin (Node, deps external). */
export async function buildServer(outDir) {
  const entries = ['src/server/index.ts', 'src/server/cli.ts'].filter((path) => existsSync(fromRoot(path)));
  if (!entries.length) return;
  const { build: esbuild } = await import('esbuild');
  await esbuild({
    entryPoints: entries.map(fromRoot),
    outdir: join(outDir, 'server'),
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    // cli.js and index.js share the server: one copy in a chunk instead of one in each.
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    sourcemap: true,
    logLevel: 'warning',
  });
}

function runTool(command, args) {
  const result = spawnSync(join(root, 'node_modules/.bin', command), args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed`);
}

/** `.d.ts` files into dist/types, next to the JS that package.json `exports` points at. */
export function buildTypes(outDir) {
  runTool('tsc', ['-p', 'tsconfig.build.json', '--outDir', join(outDir, 'types')]);
}

/** custom-elements.json for IDEs and docs, from the elements' JSDoc (`cem analyze --litelement`). */
export function buildManifest() {
  runTool('cem', ['analyze', '--config', 'custom-elements-manifest.config.mjs']);
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

/** Prints raw / gzip / brotli of every output; returns every row, by file. */
export function reportSizes(outDir) {
  const rows = listJs(outDir).map((file) => ({ file, ...measure(join(outDir, file)) }));
  const width = Math.max(...rows.map((row) => row.file.length));
  console.log(`\n${'file'.padEnd(width)}  ${'raw'.padStart(9)}  ${'gzip'.padStart(9)}  ${'brotli'.padStart(9)}`);
  for (const row of rows) {
    console.log(
      `${row.file.padEnd(width)}  ${kb(row.raw).padStart(9)}  ${kb(row.gzip).padStart(9)}  ${kb(row.brotli).padStart(9)}`,
    );
  }
  return new Map(rows.map((row) => [row.file, row]));
}

// `--out-dir <dir>` builds elsewhere; `--script-tag-only` builds just the one file (the CSP test
// uses both), `--drop-in-only` just the netlify-identity-widget drop-in; `--budget <bytes>` checks
// the script-tag file against another budget (a site adding locales, the tests).
function parseArgs(args) {
  const valueOf = (flag) => (args.includes(flag) ? args[args.indexOf(flag) + 1] : undefined);
  const budget = valueOf('--budget');
  return {
    outDir: valueOf('--out-dir') ?? fromRoot('dist'),
    scriptTagOnly: args.includes('--script-tag-only'),
    dropInOnly: args.includes('--drop-in-only'),
    budget: budget === undefined ? BUDGET_BYTES : Number(budget),
  };
}

async function main() {
  const { outDir, scriptTagOnly, dropInOnly, budget } = parseArgs(process.argv.slice(2));
  if (!outDir) throw new Error('--out-dir needs a directory');
  if (!Number.isInteger(budget) || budget <= 0) throw new Error('--budget needs a number of bytes');
  rmSync(outDir, { recursive: true, force: true });
  if (!dropInOnly) await buildScriptTag(outDir);
  if (!scriptTagOnly) await buildDropIn(outDir);
  if (!scriptTagOnly && !dropInOnly) {
    await buildModules(outDir);
    await buildServer(outDir);
    buildTypes(outDir);
    buildManifest();
  }

  const sizes = reportSizes(outDir);
  const checks = [
    { label: 'script-tag bundle', row: sizes.get(SCRIPT_TAG_FILE), budget },
    { label: 'netlify-identity drop-in', row: sizes.get(DROP_IN_FILE), budget: DROP_IN_BUDGET_BYTES },
  ].filter((check) => check.row);
  let over = false;
  console.log('');
  for (const check of checks) {
    const verdict = check.row.brotli <= check.budget ? '' : ' OVER BUDGET';
    over ||= Boolean(verdict);
    console.log(`${check.label}: ${kb(check.row.brotli)} brotli (budget ${kb(check.budget)})${verdict}`);
  }
  const only = scriptTagOnly || dropInOnly;
  console.log(`wrote ${relative(root, outDir) || outDir}/${only ? '' : ' and custom-elements.json'}`);
  if (over) process.exit(1);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}

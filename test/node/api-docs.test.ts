// custom-elements.json, analyzed afresh from the source, lists everything each element offers:
// every gotrue:* event, reactive property, public method, slot, part, custom property and class
// hook found in the code. docs/api.md is what scripts/api-docs.mjs renders from it: on a change,
// `npm run docs:api` writes both.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LitElement } from 'lit';
import { GotrueAuth, GotrueButton, GotrueGate, GotrueUser } from '../../src/index.js';
// @ts-expect-error: a plain .mjs script without type declarations.
import { customElements, renderApiDocs } from '../../scripts/api-docs.mjs';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');

interface Named {
  name: string;
}
interface Declaration {
  tagName: string;
  name: string;
  attributes?: (Named & { fieldName?: string })[];
  members?: (Named & { kind: string; privacy?: string; static?: boolean })[];
  events?: Named[];
  slots?: Named[];
  cssParts?: Named[];
  cssProperties?: Named[];
  cssClasses?: Named[];
}

const ELEMENTS = {
  'gotrue-auth': { element: GotrueAuth, source: 'src/components/gotrue-auth.ts' },
  'gotrue-button': { element: GotrueButton, source: 'src/components/gotrue-button.ts' },
  'gotrue-user': { element: GotrueUser, source: 'src/components/gotrue-user.ts' },
  'gotrue-gate': { element: GotrueGate, source: 'src/components/gotrue-gate.ts' },
} as const;

let dir: string;
let manifest: { modules: unknown[] };
let declarations: Map<string, Declaration>;

before(() => {
  dir = mkdtempSync(join(ROOT, 'node_modules/.cache/gotrue-auth-manifest-'));
  const cem = join(ROOT, 'node_modules/.bin/cem');
  const args = ['analyze', '--config', 'custom-elements-manifest.config.mjs', '--outdir', relative(ROOT, dir)];
  const result = spawnSync(cem, args, { cwd: ROOT, encoding: 'utf8' });
  assert.equal(result.status, 0, result.stdout + result.stderr);
  manifest = JSON.parse(readFileSync(join(dir, 'custom-elements.json'), 'utf8'));
  declarations = new Map(
    customElements(manifest).map((declaration: Declaration) => [declaration.tagName, declaration]),
  );
});

after(() => rmSync(dir, { recursive: true, force: true }));

const names = (list: Named[] | undefined) => (list ?? []).map((item) => item.name).sort();
const unique = (list: string[]) => [...new Set(list)].sort();
const matches = (text: string, pattern: RegExp) => [...text.matchAll(pattern)].map((match) => match[1]!);

function declared(tag: keyof typeof ELEMENTS): Declaration {
  const declaration = declarations.get(tag);
  assert.ok(declaration, `custom-elements.json declares <${tag}>`);
  return declaration;
}

test('docs/api.md is what scripts/api-docs.mjs renders from the manifest (run `npm run docs:api`)', () => {
  assert.equal(read('docs/api.md'), renderApiDocs(manifest));
});

test('the manifest declares the four elements', () => {
  assert.deepEqual([...declarations.keys()].sort(), Object.keys(ELEMENTS).sort());
});

test('every gotrue:* event the source declares or emits is in <gotrue-auth>’s events', () => {
  const declaredEvents = matches(read('src/components/emit.ts'), /^\s*'(gotrue:[a-z]+)': \{/gm);
  assert.ok(declaredEvents.length >= 8, `GotrueAuthEventDetail lists: ${declaredEvents.join(', ')}`);
  const sources = readdirSync(join(ROOT, 'src/components'), { recursive: true })
    .map(String)
    .filter((file) => file.endsWith('.ts'))
    .map((file) => read(join('src/components', file)))
    .join('\n');
  const emitted = matches(sources, /emit\(this, '(gotrue:[a-z]+)'/g);
  assert.ok(emitted.includes('gotrue:init'), 'emit() calls are found');
  assert.deepEqual(names(declared('gotrue-auth').events), unique([...declaredEvents, ...emitted]));
});

for (const [tag, { element, source }] of Object.entries(ELEMENTS) as [
  keyof typeof ELEMENTS,
  (typeof ELEMENTS)[keyof typeof ELEMENTS],
][]) {
  test(`<${tag}>: every reactive property, its attribute and every public method are listed`, () => {
    const declaration = declared(tag);
    const attributes = new Map(
      (declaration.attributes ?? []).map((attribute) => [attribute.name, attribute.fieldName]),
    );
    const members = new Set((declaration.members ?? []).map((member) => member.name));
    const properties = [...element.elementProperties].filter(([, options]) => !options.state);
    assert.ok(properties.length > 0);
    for (const [name, options] of properties) {
      assert.ok(members.has(String(name)), `property ${String(name)}`);
      if (options.attribute === false) continue;
      const attribute = typeof options.attribute === 'string' ? options.attribute : String(name).toLowerCase();
      assert.equal(attributes.get(attribute), name, `attribute ${attribute} of ${String(name)}`);
    }
    const inherited = (key: string) => key in LitElement.prototype;
    const own = Object.getOwnPropertyNames(element.prototype).filter((key) => key !== 'constructor' && !inherited(key));
    for (const key of own) assert.ok(members.has(key), `member ${key}`);
  });

  test(`<${tag}>: every slot, part, custom property and class hook in its markup and styles is listed`, () => {
    const declaration = declared(tag);
    const code = read(source);
    const slots = [
      ...matches(code, /<slot name="([\w-]+)"/g),
      ...(/<slot><\/slot>/.test(code) ? [''] : []),
      // <gotrue-auth> has no shadow root: it moves its children with these slot names.
      ...matches(code, /\[slot="([\w-]+)"\]/g),
    ];
    assert.deepEqual(names(declaration.slots), unique(slots));
    assert.deepEqual(names(declaration.cssParts), unique(matches(code, /part="([\w-]+)"/g)));
    if (tag !== 'gotrue-auth') return;
    const css = read('src/components/gotrue-auth.css');
    assert.deepEqual(names(declaration.cssProperties), unique(matches(css, /var\((--gotrue-auth-[\w-]+)/g)));
    const templates = [
      'src/components/views/index.ts',
      'src/components/views/parts.ts',
      'src/components/views/icons.ts',
    ]
      .map(read)
      .join('\n');
    const classes = matches(`${code}\n${templates}`, /class="([^"$]+)"/g).flatMap((value) => value.split(/\s+/));
    // The icons' own drawing (their size, the slash of "Show password") is not a styling hook.
    const drawing = ['gotrue-auth-icon', 'gotrue-auth-slash'];
    const hooks = classes.filter((name) => name.startsWith('gotrue-auth-') && !drawing.includes(name));
    assert.deepEqual(names(declaration.cssClasses), unique(hooks));
  });
}

// docs/api.md from custom-elements.json: every attribute, property, method, event, slot and styling
// hook of every element, as the elements' JSDoc declares them, so the reference cannot drift from
// the code. `npm run docs:api` analyzes the source and writes both; test/node/api-docs.test.ts
// fails when docs/api.md is not what this renders from a fresh manifest.
//
//   node scripts/api-docs.mjs [manifest] [output]   defaults: custom-elements.json docs/api.md
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

/** One line of table-cell text: whitespace collapsed, pipes escaped (also inside code spans, as GitHub needs). */
const cell = (text = '') => text.replace(/\s+/g, ' ').trim().replace(/\|/g, '\\|');
const code = (text) => (text ? `\`${text.replace(/\s+/g, ' ').trim()}\`` : '');

function table(headings, rows) {
  if (!rows.length) return [];
  return [
    `| ${headings.join(' | ')} |`,
    `| ${headings.map(() => '---').join(' | ')} |`,
    ...rows.map((row) => `| ${row.map((value) => cell(value) || ' ').join(' | ')} |`),
    '',
  ];
}

function section(title, headings, rows) {
  return rows.length ? [`### ${title}`, '', ...table(headings, rows)] : [];
}

/** Paragraphs of a JSDoc description, each on one line. */
function paragraphs(text = '') {
  return text
    .split(/\n\s*\n/)
    .map((paragraph) => paragraph.replace(/\s+/g, ' ').trim())
    .filter(Boolean)
    .flatMap((paragraph) => [paragraph, '']);
}

const isPublic = (member) =>
  !member.static && (member.privacy ?? 'public') === 'public' && !member.name.startsWith('#');

function signature(method) {
  const parameters = (method.parameters ?? []).map((parameter) => {
    const optional = parameter.optional || parameter.default !== undefined ? '?' : '';
    return `${parameter.name}${optional}${parameter.type ? `: ${parameter.type.text}` : ''}`;
  });
  return `${method.name}(${parameters.join(', ')})`;
}

/** `CustomEvent<{ user: User }>` → `{ user: User }`: what `event.detail` holds. */
const detailOf = (event) => /^CustomEvent<([\s\S]*)>$/.exec(event.type?.text ?? '')?.[1] ?? event.type?.text ?? '';

function element(declaration) {
  const tag = declaration.tagName;
  const members = (declaration.members ?? []).filter(isPublic);
  const fields = members.filter((member) => member.kind === 'field');
  const withAttribute = new Set((declaration.attributes ?? []).map((attribute) => attribute.fieldName));
  return [
    `## \`<${tag}>\``,
    '',
    ...paragraphs(declaration.summary),
    ...paragraphs(declaration.description),
    `Class: \`${declaration.name}\`.`,
    '',
    ...section(
      'Attributes',
      ['Attribute', 'Property', 'Type', 'Default', 'Description'],
      (declaration.attributes ?? []).map((attribute) => {
        const field = fields.find((member) => member.name === attribute.fieldName);
        const reflects = field?.reflects ? ' Reflected to the attribute.' : '';
        return [
          code(attribute.name),
          code(attribute.fieldName),
          code(attribute.type?.text),
          code(attribute.default),
          `${attribute.description ?? ''}${reflects}`,
        ];
      }),
    ),
    ...section(
      'Properties',
      ['Property', 'Type', 'Description'],
      fields
        .filter((field) => !withAttribute.has(field.name))
        .map((field) => [
          code(field.name),
          code(field.type?.text),
          `${field.readonly ? 'Read-only. ' : ''}${field.description ?? ''}`,
        ]),
    ),
    ...section(
      'Methods',
      ['Method', 'Returns', 'Description'],
      members
        .filter((member) => member.kind === 'method')
        .map((method) => [code(signature(method)), code(method.return?.type?.text), method.description]),
    ),
    ...section(
      'Events',
      ['Event', 'Detail', 'Description'],
      (declaration.events ?? []).map((event) => [code(event.name), code(detailOf(event)), event.description]),
    ),
    ...section(
      'Slots',
      ['Slot', 'Description'],
      (declaration.slots ?? []).map((slot) => [slot.name ? code(slot.name) : '(default)', slot.description]),
    ),
    ...section(
      'CSS custom properties',
      ['Property', 'Description'],
      (declaration.cssProperties ?? []).map((property) => [code(property.name), property.description]),
    ),
    ...section(
      'CSS parts',
      ['Part', 'Description'],
      (declaration.cssParts ?? []).map((part) => [code(`::part(${part.name})`), part.description]),
    ),
    ...section(
      'CSS classes',
      ['Class', 'Description'],
      (declaration.cssClasses ?? []).map((hook) => [code(`.${hook.name}`), hook.description]),
    ),
  ];
}

/** The custom elements a manifest declares, in its module order. */
export function customElements(manifest) {
  return manifest.modules.flatMap((module) =>
    (module.declarations ?? []).filter((declaration) => declaration.customElement && declaration.tagName),
  );
}

export function renderApiDocs(manifest) {
  const elements = customElements(manifest);
  return [
    '# API reference',
    '',
    '<!-- Generated from custom-elements.json by scripts/api-docs.mjs (`npm run docs:api`). Edit the JSDoc in src/components, not this file. -->',
    '',
    "Every element `import 'gotrue-auth'` (or the script-tag file) registers, with its attributes, properties, methods, events, slots and styling hooks. Start with [Getting started](getting-started.md); tasks are in [Recipes](recipes.md).",
    '',
    ...elements.map((declaration) => `- [\`<${declaration.tagName}>\`](#${declaration.tagName})`),
    '',
    ...elements.flatMap(element),
  ]
    .join('\n')
    .replace(/\n+$/, '\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [manifestPath = join(root, 'custom-elements.json'), outPath = join(root, 'docs/api.md')] =
    process.argv.slice(2);
  writeFileSync(outPath, renderApiDocs(JSON.parse(readFileSync(manifestPath, 'utf8'))));
  console.log(`wrote ${outPath}`);
}

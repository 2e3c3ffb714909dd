// `cem analyze` settings: the manifest documents the public elements from their JSDoc
// (@summary, @fires, @slot, @csspart, @cssproperty, and @cssclass for the class names a page may
// style). Written to custom-elements.json at the package root, where package.json
// `customElements` points; docs/api.md is generated from it (scripts/api-docs.mjs).

/**
 * The analyzer's Lit support reads `static properties` but ignores `{ state: true }`, so internal
 * reactive state would be listed as a public attribute. This drops those from the manifest.
 */
function internalStateIsNotAnAttribute() {
  const stateFields = new Set();
  return {
    name: 'gotrue-auth:internal-state',
    collectPhase({ ts, node }) {
      if (!ts.isPropertyAssignment(node) || !ts.isObjectLiteralExpression(node.initializer)) return;
      const isState = node.initializer.properties.some(
        (property) =>
          ts.isPropertyAssignment(property) &&
          property.name.getText() === 'state' &&
          property.initializer.kind === ts.SyntaxKind.TrueKeyword,
      );
      if (isState) stateFields.add(node.name.getText());
    },
    packageLinkPhase({ customElementsManifest }) {
      for (const module of customElementsManifest.modules) {
        for (const declaration of module.declarations ?? []) {
          if (!declaration.customElement) continue;
          declaration.attributes = (declaration.attributes ?? []).filter(
            (attribute) => !stateFields.has(attribute.fieldName),
          );
          declaration.members = (declaration.members ?? []).filter((member) => !stateFields.has(member.name));
        }
      }
    },
  };
}

/**
 * `@cssclass name - description`: a class name of the light-DOM markup that pages may style and
 * keep across releases. The manifest's schema has no field for these (it knows shadow parts), so
 * they go into `cssClasses`, beside `cssParts`, shaped like them.
 */
function cssClassTags() {
  return {
    name: 'gotrue-auth:css-classes',
    analyzePhase({ ts, node, moduleDoc }) {
      if (!ts.isClassDeclaration(node) || !node.name) return;
      const classes = ts
        .getJSDocTags(node)
        .filter((tag) => tag.tagName.text === 'cssclass')
        .map((tag) => {
          const text = ts.getTextOfJSDocComment(tag.comment) ?? '';
          const [, name = '', description = ''] = /^\s*(\S+)(?:\s+-\s+)?([\s\S]*)$/.exec(text) ?? [];
          return { name, description: description.replace(/\s+/g, ' ').trim() };
        });
      const declaration = moduleDoc.declarations?.find((candidate) => candidate.name === node.name.getText());
      if (classes.length && declaration) declaration.cssClasses = classes;
    },
  };
}

export default {
  globs: ['src/components/**/*.ts', 'src/define.ts'],
  exclude: ['src/**/*.test.ts', 'src/**/*.styles.ts'],
  outdir: '.',
  litelement: true,
  dev: false,
  // package.json names the manifest itself; a run into another folder (its test) must not rewrite it.
  packagejson: false,
  plugins: [internalStateIsNotAnAttribute(), cssClassTags()],
};

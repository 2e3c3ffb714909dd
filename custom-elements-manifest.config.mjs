// `cem analyze` settings: the manifest documents the public elements from their JSDoc
// (@summary, @fires, @slot, @csspart, @cssproperty). Written to custom-elements.json at the
// package root, where package.json `customElements` points.

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

export default {
  globs: ['src/components/**/*.ts', 'src/define.ts'],
  exclude: ['src/**/*.test.ts', 'src/**/*.styles.ts'],
  outdir: '.',
  litelement: true,
  dev: false,
  plugins: [internalStateIsNotAnAttribute()],
};

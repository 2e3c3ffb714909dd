// `cem analyze` settings: the manifest documents the public elements from their JSDoc
// (@summary, @fires, @slot, @csspart, @cssproperty). Written to custom-elements.json at the
// package root, where package.json `customElements` points.
export default {
  globs: ['src/components/**/*.ts', 'src/define.ts'],
  exclude: ['src/**/*.test.ts', 'src/**/*.styles.ts'],
  outdir: '.',
  litelement: true,
  dev: false,
};

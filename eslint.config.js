// `npm run lint`: ESLint's and typescript-eslint's recommended rules everywhere, Lit's rules for
// templates and the web-component rules for the elements. Formatting is Prettier's job
// (`npm run format`), so no rule here is about layout.
import js from '@eslint/js';
import lit from 'eslint-plugin-lit';
import wc from 'eslint-plugin-wc';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const NODE_CODE = [
  'scripts/**',
  'bin/**',
  'packages/*/bin/**',
  'src/server/**',
  'test/server/**',
  'test/node/**',
  'test/e2e/**',
  'demo/netlify-functions.ts',
  'netlify/functions/**',
  'test/functions/**',
  '*.config.{js,mjs,ts}',
  'vite.config.ts',
];

export default tseslint.config(
  {
    ignores: [
      'dist/',
      'packages/*/dist/',
      'coverage/',
      'screenshots/',
      '.gotrue*/',
      '**/.astro/',
      'custom-elements.json',
    ],
  },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    languageOptions: { globals: globals.browser },
    rules: {
      // `_name` marks a parameter an interface requires but this implementation does not use.
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true },
      ],
    },
  },
  {
    // A promise nobody awaits or catches in the product code is a lost error or a race. Tests are
    // left out: node:test's test() returns a promise that its runner awaits.
    files: ['src/**/*.ts', 'demo/**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
    },
  },
  { files: NODE_CODE, languageOptions: { globals: globals.node } },
  { files: ['**/*.cjs'], languageOptions: { sourceType: 'commonjs', globals: globals.commonjs } },
  {
    files: ['src/components/**/*.ts', 'src/define.ts', 'src/index.ts', 'src/gotrue-auth.iife.ts'],
    ...lit.configs['flat/recommended'],
  },
  {
    files: ['src/components/**/*.ts', 'src/define.ts', 'src/index.ts', 'src/gotrue-auth.iife.ts'],
    ...wc.configs['flat/recommended'],
  },
  {
    files: ['src/components/**/*.ts', 'src/define.ts', 'src/index.ts', 'src/gotrue-auth.iife.ts'],
    ...wc.configs['flat/best-practice'],
  },
  {
    files: ['test/**/*.ts'],
    languageOptions: { globals: { ...globals.mocha, ...globals.browser, ...globals.node } },
    rules: {
      // Test doubles and recorded event details are loosely typed on purpose.
      '@typescript-eslint/no-explicit-any': 'off',
      // chai's `expect(x).to.be.true` style reads as an unused expression.
      '@typescript-eslint/no-unused-expressions': 'off',
    },
  },
);

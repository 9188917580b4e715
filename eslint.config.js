// A small rule set that catches real bugs: promises nobody awaits or handles, unused code, `any`
// where types exist. `npm test` runs it; it must report nothing.
const js = require('@eslint/js');
const tseslint = require('typescript-eslint');

module.exports = tseslint.config(
  { ignores: ['node_modules/', 'scratch/', 'dist/', 'coverage/', '.rekog/', 'site/config.js', 'tests/e2e/artifacts/'] },
  {
    files: ['**/*.ts'],
    extends: [tseslint.configs.base],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: __dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false } }],
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }],
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      'no-fallthrough': 'error',
      eqeqeq: ['error', 'smart'],
    },
  },
  {
    // Shipped code has types for everything it touches; tests may read parsed JSON loosely.
    files: ['scripts/**/*.ts', 'functions/**/*.ts', 'config/**/*.ts', 'bench/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'error' },
  },
  {
    files: ['**/*.js'],
    extends: [js.configs.recommended],
    languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly', module: 'writable', process: 'readonly', __dirname: 'readonly', __filename: 'readonly', console: 'readonly', Buffer: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', performance: 'readonly' } },
  },
  {
    files: ['site/**/*.js'],
    languageOptions: { sourceType: 'script', globals: { window: 'readonly', document: 'readonly', fetch: 'readonly', FormData: 'readonly', XMLHttpRequest: 'readonly', URL: 'readonly', localStorage: 'readonly', requestAnimationFrame: 'readonly', Image: 'readonly', AbortController: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', module: 'writable', console: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', navigator: 'readonly', globalThis: 'readonly', crypto: 'readonly', self: 'readonly' } },
  },
);

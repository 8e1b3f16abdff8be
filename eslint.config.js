import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

export default tseslint.config(
  { ignores: ['node_modules/', 'cdk.out/', '.local/', 'dist/', 'coverage/', 'console/dist/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.name='parseFloat']",
          message: 'Money is bigint; never parseFloat.',
        },
      ],
    },
  },
  {
    // The product code never reaches into entry points, the local stack or tests.
    files: ['shared/**/*.ts'],
    ignores: ['shared/domain/**/*.ts'],
    rules: {
      // The function catalog is a data table (routes for the OpenAPI document), not an entry point.
      'no-restricted-imports': [
        'error',
        { patterns: ['**/functions/**', '!**/functions/catalog', '**/scripts/**', '**/tests/**'] },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.name='parseFloat']",
          message: 'Money is bigint; never parseFloat.',
        },
        {
          selector: 'ImportExpression[source.value=/(functions|scripts|tests)\\//]',
          message: 'shared/ never loads entry points, the local stack or tests, not even lazily.',
        },
      ],
    },
  },
  {
    files: ['shared/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            '**/adapters/**',
            '**/functions/**',
            '**/scripts/**',
            '@aws-sdk/*',
            'node:fs',
            'node:http',
          ],
        },
      ],
    },
  },
);

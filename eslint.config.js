import js from '@eslint/js';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'dist',
      'dist-e2e',
      '**/*.tmp.*',
      'node_modules',
      'public',
      'playwright-report',
      'test-results',
      '**/*.tsbuildinfo',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['src/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser, ...globals.worker } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
    },
  },
  {
    // The science core runs in node tests, in the worker and in the CLI: no DOM, no React, no
    // worker globals, and it never picks a tfjs backend.
    files: ['src/core/**/*.ts'],
    languageOptions: { globals: {} },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: ['react', 'react-dom', 'three', 'zustand'],
          patterns: ['**/ui/**', '**/state/**', '**/worker/**', '**/client/**'],
        },
      ],
      'no-restricted-properties': [
        'error',
        { object: 'tf', property: 'setBackend', message: 'Only src/worker chooses a backend.' },
      ],
    },
  },
  {
    files: ['scripts/**/*.ts', 'test/**/*.ts', 'e2e/**/*.ts', '*.config.{ts,js}'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
    },
  },
);

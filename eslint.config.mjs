import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'packages/*/dist/',
      'packages/*/tests/fixtures/',
      '.aws-sam/',
      'coverage/',
      'bench/results/',
      'test-artifacts/',
      '**/*.js',
      '!eslint.config.mjs',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      'no-console': ['error', { allow: ['error', 'warn'] }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    files: [
      'packages/*/src/**',
      'packages/*/bin/**',
      'packages/*/*.mjs',
      'bench/**',
      'contract/generator/**',
      'tests/**',
      'packages/*/tests/**',
    ],
    rules: { 'no-console': 'off' },
  },
);

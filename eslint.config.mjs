// Lint rules that protect the architecture, not just the style:
// - floating promises are errors everywhere (a lost promise is a lost side effect);
// - workflow code must stay deterministic and bundle-safe, so Node built-ins, Nest and TypeORM are banned there.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';
import { builtinModules } from 'node:module';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'dist/**',
      '.caseflow/**',
      'coverage/**',
      'reports/**',
      '**/*.js',
      '**/*.mjs',
      '**/*.cjs',
      // Generated from the OpenAPI document (npm run console:schema).
      'apps/console/src/api/schema.d.ts',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx', '**/*.mts'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: false }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
  {
    files: ['workflows/**/*.ts', 'apps/temporal-devserver/test/workflows/**/*.ts'],
    ignores: ['**/*-spec.ts', '**/*.spec.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: nodeBuiltins.map((name) => ({
            name,
            message: 'Workflow code runs in a deterministic sandbox: no Node built-ins. Use an activity.',
          })),
          patterns: [
            {
              group: ['@nestjs/*'],
              message: 'Workflows must not import Nest: put side effects in activities.',
            },
            {
              group: ['typeorm', 'typeorm/*'],
              message: 'Workflows must not touch the database: use an activity.',
            },
          ],
        },
      ],
    },
  },
  prettier,
);

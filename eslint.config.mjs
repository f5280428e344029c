// Lint rules that protect the architecture, not just the style:
// - floating promises are errors everywhere (a lost promise is a lost side effect);
// - the layers (DESIGN.md, "Folders"): pure libraries at the bottom, workflows and activities in the middle,
//   apps on top; nothing below imports anything above, so a library never imports an app, a workflow or an
//   activity;
// - workflow code must stay deterministic and bundle-safe, so Node built-ins, Nest and TypeORM are banned there,
//   and it imports activities for their types only (the worker binds the implementations);
// - the libraries the workflow bundle pulls in (libs/domain, libs/sla) are held to the same rules as workflows.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';
import { builtinModules } from 'node:module';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

/** No Node built-ins in code that runs in Temporal's workflow sandbox (or is bundled into it). */
const noNodeBuiltins = (why) => nodeBuiltins.map((name) => ({ name, message: why }));

// Import sources are matched as written: relative paths (`../../apps/…`) as well as any alias.
const appImports = {
  regex: '(^|/)apps/',
  message: 'Only apps import apps (they sit on top): move what both need into a library.',
};
const upperLayerImports = {
  regex: '(^|/)(workflows|activities)(/|$)',
  message: 'A library must not import workflows or activities (they sit above the libraries).',
};
const notBundleSafe = [
  {
    group: ['@nestjs/*'],
    message: 'Bundle-safe code must not import Nest: it runs in the workflow sandbox.',
  },
  { group: ['typeorm', 'typeorm/*', 'pg'], message: 'Bundle-safe code must not touch the database.' },
  {
    group: ['@caseflow/persistence', '@caseflow/persistence/*', '@caseflow/temporal', '@caseflow/temporal/*'],
    message: 'Bundle-safe code may import only bundle-safe libraries (@caseflow/domain, @caseflow/sla).',
  },
  {
    group: ['@caseflow/config', '@caseflow/config/*'],
    message: 'Bundle-safe code must not read configuration: pass what it needs in.',
  },
];
const testFiles = ['**/*-spec.ts', '**/*.spec.ts'];

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
    // A function a reader can hold in their head: the shared workflow kernel, the dev server's one handler
    // per command and the console's named page parts keep everything under this (tests and migrations,
    // long by nature, are exempt).
    files: ['**/*.ts', '**/*.tsx'],
    ignores: [
      ...testFiles,
      '**/*.test.ts',
      '**/*.test.tsx',
      '**/test/**',
      'test/**',
      'bench/**',
      '**/bench/**',
      'libs/persistence/src/migrations/**',
    ],
    rules: {
      'max-lines-per-function': ['error', { max: 150, skipBlankLines: true, skipComments: true }],
    },
  },
  {
    files: ['libs/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [appImports, upperLayerImports] }],
    },
  },
  {
    // Bundle-safe: the workflow bundle imports these libraries (keep the list in step with what
    // `workflows/**` imports from `@caseflow/*`).
    files: ['libs/domain/src/**/*.ts', 'libs/sla/src/**/*.ts'],
    ignores: testFiles,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: noNodeBuiltins(
            'libs/domain and libs/sla are bundled into the workflow sandbox: no Node built-ins.',
          ),
          patterns: [appImports, upperLayerImports, ...notBundleSafe],
        },
      ],
      'no-restricted-globals': [
        'error',
        ...['process', 'Buffer', 'require', '__dirname', '__filename', 'setImmediate'].map((name) => ({
          name,
          message: 'libs/domain and libs/sla are bundled into the workflow sandbox: no Node globals.',
        })),
      ],
    },
  },
  {
    files: ['activities/**/*.ts'],
    ignores: ['activities/test/**', ...testFiles],
    rules: {
      'no-restricted-imports': ['error', { patterns: [appImports] }],
    },
  },
  {
    // Workflows import activities for their types only: a value import would bundle the activity (and its
    // database and network code) into the sandbox. Tests and fakes under workflows/test may import them.
    files: ['workflows/**/*.ts'],
    ignores: ['workflows/test/**', ...testFiles],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '(^|/)activities(/|$)',
              allowTypeImports: true,
              message:
                'Workflows import activities as types only (`import type`); call them through proxyActivities.',
            },
            appImports,
          ],
        },
      ],
    },
  },
  {
    files: ['workflows/**/*.ts', 'apps/temporal-devserver/test/workflows/**/*.ts'],
    ignores: testFiles,
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

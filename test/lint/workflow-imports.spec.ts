// The lint rule that keeps workflow code deterministic: Node built-ins, Nest and TypeORM are refused in
// workflows/**, while the same imports stay allowed elsewhere.
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';

const script = path.join(__dirname, 'lint-imports.mjs');

function restrictedImportErrors(relativePath: string, code: string): string[] {
  const out = execFileSync(process.execPath, [script, relativePath], { input: code });
  const messages = JSON.parse(out.toString()) as { ruleId: string; message: string }[];
  return messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('workflow import rules', () => {
  it.each([
    ["import * as fs from 'node:fs';", /Node built-ins/],
    ["import { randomUUID } from 'crypto';", /Node built-ins/],
    ["import { Injectable } from '@nestjs/common';", /Nest/],
    ["import { DataSource } from 'typeorm';", /database/],
  ])('refuses %s in workflows/', (line, message) => {
    const errors = restrictedImportErrors('workflows/probe.ts', `${line}\nexport const x = 1;\n`);
    expect(errors).toEqual([expect.stringMatching(message)]);
  });

  it('allows the Temporal workflow API and the pure libraries in workflows/', () => {
    const code =
      "import { sleep } from '@temporalio/workflow';\nimport { CASE_KINDS } from '@caseflow/domain';\nexport const x = [sleep, CASE_KINDS];\n";
    expect(restrictedImportErrors('workflows/probe.ts', code)).toEqual([]);
  });

  it('allows Node built-ins in activities, which run outside the sandbox', () => {
    expect(
      restrictedImportErrors('activities/probe.ts', "import * as fs from 'node:fs';\nexport const x = fs;\n"),
    ).toEqual([]);
  });
});

describe('floating promises', () => {
  it.each(['workflows/x.ts', 'activities/x.ts', 'apps/api/src/x.ts'])('are a lint error in %s', (file) => {
    const level = execFileSync(process.execPath, [
      script,
      '--rule-level',
      '@typescript-eslint/no-floating-promises',
      file,
    ]);
    expect(JSON.parse(level.toString())).toBe(2);
  });
});

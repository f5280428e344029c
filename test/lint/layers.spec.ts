// The lint rules that hold the layers (DESIGN.md, "Folders"): pure libraries at the bottom, workflows and
// activities in the middle, apps on top; nothing below imports anything above. Workflows take activities
// as types only, and the libraries bundled into the workflow sandbox (libs/domain, libs/sla) use no Node.
// Every probe is linted in one ESLint process (starting one per probe costs seconds each).
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';

const script = path.join(__dirname, 'lint-imports.mjs');
const source = (...lines: string[]) => `${lines.join('\n')}\nexport const x = 1;\n`;

type Probe = [file: string, code: string, expected: RegExp[]];

const refused = (message: RegExp) => [message];
const APP = /Only apps import apps/;

const probes: Record<string, Probe> = {
  'a library may not import an app (persistence)': [
    'libs/persistence/src/probe.ts',
    source("import { bootstrap } from '../../../apps/api/src/main';"),
    refused(APP),
  ],
  'a library may not import an app (temporal)': [
    'libs/temporal/src/probe.ts',
    source("import { startDevServer } from '../../../apps/temporal-devserver/src/server';"),
    refused(APP),
  ],
  'a library may not import an app, not even a type': [
    'libs/config/src/probe.ts',
    source("import type { AppModule } from '../../../apps/api/src/app.module';"),
    refused(APP),
  ],
  'a library may not import a workflow': [
    'libs/persistence/src/probe.ts',
    source("import { raiseComplaint } from '../../../workflows/raise-complaint';"),
    refused(/must not import workflows or activities/),
  ],
  'a library may not import an activity, not even a type': [
    'libs/persistence/src/probe.ts',
    source("import type { Activities } from '../../../activities';"),
    refused(/must not import workflows or activities/),
  ],
  'a library outside the bundle-safe ones may use Node and the database': [
    'libs/persistence/src/probe.ts',
    source("import * as fs from 'node:fs';", "import { DataSource } from 'typeorm';"),
    [],
  ],
  'a workflow may not value-import an activity': [
    'workflows/probe.ts',
    source("import { createActivities } from '../activities';"),
    refused(/activities as types only/),
  ],
  'a workflow may import activities as types': [
    'workflows/probe.ts',
    source(
      "import type { CaseRecordActivities } from '../activities/types';",
      "import { type StaffActivities } from '../activities/staff-types';",
    ),
    [],
  ],
  'a workflow may not import an app': [
    'workflows/probe.ts',
    source("import { x } from '../apps/api/src/x';"),
    refused(APP),
  ],
  "the workflows' own tests and fakes may value-import activities": [
    'workflows/test/fake-probe.ts',
    source("import { createActivities } from '../../activities';"),
    [],
  ],
  'an activity may not import an app': [
    'activities/probe.ts',
    source("import { x } from '../apps/worker/src/x';"),
    refused(APP),
  ],
  'libs/domain may not use a Node built-in': [
    'libs/domain/src/probe.ts',
    source("import { createHash } from 'node:crypto';"),
    refused(/no Node built-ins/),
  ],
  'libs/sla may not use a Node built-in by its bare name': [
    'libs/sla/src/probe.ts',
    source("import * as fs from 'fs';"),
    refused(/no Node built-ins/),
  ],
  'libs/sla may not touch the database': [
    'libs/sla/src/probe.ts',
    source("import { DataSource } from 'typeorm';"),
    refused(/must not touch the database/),
  ],
  'libs/domain may not import Nest': [
    'libs/domain/src/probe.ts',
    source("import { Injectable } from '@nestjs/common';"),
    refused(/must not import Nest/),
  ],
  'libs/domain may not read configuration': [
    'libs/domain/src/probe.ts',
    source("import { loadConfig } from '@caseflow/config';"),
    refused(/must not read configuration/),
  ],
  'libs/sla may not import a library that is not bundle-safe': [
    'libs/sla/src/probe.ts',
    source("import { ENTITIES } from '@caseflow/persistence';"),
    refused(/only bundle-safe libraries/),
  ],
  'libs/domain may not import an app': [
    'libs/domain/src/probe.ts',
    source("import { x } from '../../../apps/api/src/x';"),
    refused(APP),
  ],
  'libs/sla may not use a Node global': [
    'libs/sla/src/probe.ts',
    'export const zone = process.env.TZ;\n',
    refused(/no Node globals/),
  ],
  'libs/sla may import libs/domain': [
    'libs/sla/src/probe.ts',
    source("import { CASE_KINDS } from '@caseflow/domain';"),
    [],
  ],
  "the bundle-safe libraries' tests may use Node": [
    'libs/domain/src/probe.spec.ts',
    source("import { createHash } from 'node:crypto';"),
    [],
  ],
};

let results: Record<string, string[]>;

beforeAll(() => {
  const names = Object.keys(probes);
  const input = JSON.stringify(names.map((name) => ({ file: probes[name][0], code: probes[name][1] })));
  const out = execFileSync(process.execPath, [script, '--batch'], { input });
  const messages = JSON.parse(out.toString()) as { message: string }[][];
  results = Object.fromEntries(names.map((name, i) => [name, messages[i].map((m) => m.message)]));
}, 120_000);

it.each(Object.keys(probes))('%s', (name) => {
  const expected = probes[name][2];
  expect(results[name]).toEqual(expected.map((message) => expect.stringMatching(message)));
});

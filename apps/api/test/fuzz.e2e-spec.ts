// The fuzz suite: requests generated from the OpenAPI document (/docs-json) for every route and every
// parameter, property-based with fast-check over the schemas, with a fixed seed and a bounded count, sent
// to the real API (real PostgreSQL, real dev server and worker). It asserts that
//   - nothing answers 5xx;
//   - every 4xx names what to fix: a field or parameter (the 422 tree), or a message saying what is wrong;
//   - a refused request writes nothing and starts nothing: the row count of every table and the dev
//     server's workflow count are the same before and after it.
// A route or a field added later is covered without touching this file. FUZZ_RUNS (requests per route)
// and FUZZ_SEED change the bounds; the figures are printed at the end.
import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import * as path from 'node:path';
import fc from 'fast-check';
import request from 'supertest';
import {
  ArbitraryFactory,
  type GeneratedRequest,
  type OpenApiDocument,
  type Route,
  routesOf,
} from './fuzz/openapi-arbitraries';
import { createCasesWorld, type CasesWorld, type Who } from './harness/cases-harness';

const SEED = Number(process.env.FUZZ_SEED ?? 20261206);
const RUNS_PER_ROUTE = Number(process.env.FUZZ_RUNS ?? 12);
/** Whose token each route is called with: the first role the route admits (the admin logs no cases). */
const ROLE_ORDER: Who[] = ['operator', 'supervisor', 'quality', 'engineer', 'admin'];
/**
 * A refusal may write exactly one kind of row: the audit of the refusal itself (a failed sign-in, a wrong
 * current password, a case asked for outside one's scope), which is written because it was refused. So
 * the audit log is compared by its successful entries only.
 */
const AUDIT_TABLE = 'public.audit_log';
/**
 * Refusals that are counted on purpose: a failed sign-in is remembered per username and address, so that
 * guessing is throttled (apps/api/src/auth): that row exists because the sign-in was refused.
 */
const REFUSAL_BOOKKEEPING = new Set(['public.sign_in_throttle']);
const AUDITED_SUCCESSES = 'audit_log (outcome success)';
/**
 * Node answers these itself, before the app sees the request (a URL or headers beyond its 16 KB limit);
 * the status line says what is wrong and there is no body to put more in.
 */
const NODE_REFUSALS = new Set([414, 431]);
/** Generic reason phrases: a message that is only one of these does not say what is wrong. */
const GENERIC = new Set([
  'bad request',
  'not found',
  'validation failed',
  'conflict',
  'error',
  'unprocessable entity',
]);

let w: CasesWorld;
let server: Server;

beforeAll(async () => {
  w = await createCasesWorld();
  server = w.app.getHttpServer() as Server;
}, 120_000);

afterAll(async () => {
  await w?.close();
}, 60_000);

interface Fingerprint {
  rows: Record<string, number>;
  workflows: number;
}

let countSql: string | undefined;

/** Row counts of every table (one statement) and the number of workflows the dev server knows. */
async function fingerprint(): Promise<Fingerprint> {
  if (!countSql) {
    const tables = await w.query<{ name: string }>(
      `SELECT quote_ident(table_schema) || '.' || quote_ident(table_name) AS name
         FROM information_schema.tables
        WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema')
        ORDER BY 1`,
    );
    countSql = `SELECT ${tables
      .map((t, i) => `(SELECT count(*) FROM ${t.name}) AS "${i}:${t.name.replace(/"/g, '')}"`)
      .join(', ')}, (SELECT count(*) FROM audit_log WHERE outcome = 'success') AS "${AUDITED_SUCCESSES}"`;
  }
  const [row] = await w.query<Record<string, string>>(countSql);
  const rows = Object.fromEntries(
    Object.entries(row).map(([name, n]) => [name.replace(/^\d+:/, ''), Number(n)]),
  );
  const { count } = await w.env.client.workflow.count();
  return { rows, workflows: count };
}

function difference(before: Fingerprint, after: Fingerprint): string[] {
  const changes = Object.keys(after.rows)
    .filter((table) => after.rows[table] !== before.rows[table])
    .map((table) => `${table}: ${before.rows[table]} → ${after.rows[table]}`);
  if (after.workflows !== before.workflows)
    changes.push(`workflows: ${before.workflows} → ${after.workflows}`);
  return changes;
}

/** After a request that was accepted, wait until its workflow's activities have written what they write. */
async function settled(): Promise<Fingerprint> {
  let last = await fingerprint();
  for (let i = 0; i < 30; i++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    const next = await fingerprint();
    if (difference(last, next).length === 0) return next;
    last = next;
  }
  return last;
}

function send(who: Who, generated: GeneratedRequest): request.Test {
  const agent = request(server);
  const method = generated.method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete';
  let call = agent[method](generated.url).set('Authorization', `Bearer ${w.tokens[who]}`);
  if (Object.keys(generated.query).length > 0) call = call.query(generated.query as Record<string, string>);
  if (generated.body !== undefined) {
    // JSON.stringify keeps NUL and lone surrogates as \u escapes, which the server's parser restores.
    call = call.set('Content-Type', 'application/json').send(JSON.stringify(generated.body));
  }
  return call;
}

interface ErrorBody {
  message?: unknown;
  errors?: Record<string, unknown>;
}

/** A 4xx names what to fix: a field or parameter in the 422 tree, or a message that says what is wrong. */
function whatToFixIsMissing(
  status: number,
  body: ErrorBody,
  generated: GeneratedRequest,
): string | undefined {
  const errors = body.errors;
  if (errors && typeof errors === 'object') {
    const fields = Object.entries(errors);
    if (fields.length === 0) return 'an empty errors tree';
    for (const [field, messages] of fields) {
      if (
        !Array.isArray(messages) ||
        messages.length === 0 ||
        messages.some((m) => typeof m !== 'string' || !m)
      ) {
        return `no message for ${field}`;
      }
    }
    return undefined;
  }
  const message = typeof body.message === 'string' ? body.message.trim() : '';
  if (!message || GENERIC.has(message.toLowerCase())) return `message ${JSON.stringify(body.message)}`;
  if (status === 422) return 'a 422 without a field → messages tree';
  // A 400 is about the request's shape: it must say which part (a named parameter or field, or the body).
  if (status === 400) {
    const named =
      generated.names.some((name) => message.includes(name)) || /body|JSON|parameter|field/i.test(message);
    if (!named) return `a 400 naming nothing: ${message}`;
  }
  return undefined;
}

interface Figures {
  requests: number;
  byStatus: Record<string, number>;
  serverErrors: string[];
  refusedButWrote: string[];
  unnamed: string[];
}

test('every generated request is answered without a 5xx, every refusal names what to fix and writes nothing', async () => {
  const docResponse = await request(server).get('/docs-json').expect(200);
  const doc = docResponse.body as OpenApiDocument;
  const routes = routesOf(doc);
  expect(routes.length).toBeGreaterThan(50);

  // A few real things for path parameters to name, so that generated bodies reach the routes' own rules.
  const caseNumber = (
    await w
      .as('operator')
      .post('/api/cases')
      .send({
        kind: 'service_request',
        channel: 'phone',
        category: 'technical',
        customer: { name: 'Fuzz Target', phone: '+86 138-0013-8000', tier: 'standard' },
        product: 'Printer X200',
        description: 'The case the fuzz suite acts on',
        branchId: 'sh',
      })
      .expect(201)
  ).body.number as string;
  const complaintNumber = (
    await w
      .as('operator')
      .post('/api/complaints')
      .send({
        source: 'hotline',
        category: 'technical',
        complexity: 'simple',
        customer: { name: 'Fuzz Target', phone: '+86 138-0013-8000', tier: 'standard' },
        description: 'The complaint the fuzz suite acts on',
        branchId: 'sh',
      })
      .expect(201)
  ).body.number as string;
  const known: Record<string, string[]> = {
    number: [caseNumber, complaintNumber],
    id: ['default', 'sh', w.org.engineerId],
    staffId: [w.org.engineerId],
    month: ['2026-11'],
    language: ['en', 'zh-CN'],
    version: ['1'],
  };
  const factory = new ArbitraryFactory(doc, known);

  const figures: Figures = { requests: 0, byStatus: {}, serverErrors: [], refusedButWrote: [], unnamed: [] };
  let before = await settled();

  for (const [index, route] of routes.entries()) {
    const who = roleFor(route);
    const samples = fc.sample(factory.request(route), { seed: SEED + index, numRuns: RUNS_PER_ROUTE });
    for (const generated of samples) {
      const response = await send(who, generated);
      figures.requests++;
      figures.byStatus[response.status] = (figures.byStatus[response.status] ?? 0) + 1;
      if (process.env.FUZZ_VERBOSE) {
        const errors = (response.body as ErrorBody).errors;
        process.stdout.write(
          `${route.method} ${route.path} ${response.status} ${errors ? Object.keys(errors).join(',') : String((response.body as ErrorBody).message ?? '').slice(0, 80)}\n`,
        );
      }
      const label = `${route.method} ${route.path} → ${response.status} (seed ${SEED + index}): ${describe(generated)}`;
      if (response.status >= 500) {
        figures.serverErrors.push(`${label} ${JSON.stringify(response.body).slice(0, 300)}`);
        before = await settled();
        continue;
      }
      if (response.status >= 400) {
        const missing = NODE_REFUSALS.has(response.status)
          ? undefined
          : whatToFixIsMissing(response.status, response.body as ErrorBody, generated);
        if (missing) figures.unnamed.push(`${label}: ${missing}`);
        const after = await fingerprint();
        const changes = difference(before, after).filter(
          (c) => !c.startsWith(`${AUDIT_TABLE}:`) && !REFUSAL_BOOKKEEPING.has(c.split(':')[0]),
        );
        if (changes.length > 0) {
          // Something still in flight from an earlier accepted request? Settle and look once more.
          const later = await settled();
          const persisting = difference(before, later).filter((c) => changes.includes(c));
          if (persisting.length > 0) figures.refusedButWrote.push(`${label}: ${changes.join(', ')}`);
          before = later;
        } else {
          before = after;
        }
        continue;
      }
      before = await settled();
    }
  }

  const summary = {
    seed: SEED,
    routes: routes.length,
    generatedRequests: figures.requests,
    byStatus: figures.byStatus,
    serverErrors: figures.serverErrors.length,
    refusalsThatWrote: figures.refusedButWrote.length,
    fourXxNotNamingWhatToFix: figures.unnamed.length,
  };
  process.stdout.write(`\nfuzz figures: ${JSON.stringify(summary)}\n`);
  expect({
    serverErrors: figures.serverErrors.slice(0, 20),
    refusedButWrote: figures.refusedButWrote.slice(0, 20),
    unnamed: figures.unnamed.slice(0, 20),
  }).toEqual({ serverErrors: [], refusedButWrote: [], unnamed: [] });
}, 600_000);

/** The matrix as written in docs/permissions.md: `| METHOD | `/api/path/:param` | ✓ | — | … |`. */
function documentedRoles(): Map<string, Who[]> {
  const lines = readFileSync(path.join(__dirname, '..', '..', '..', 'docs', 'permissions.md'), 'utf8').split(
    '\n',
  );
  const header = lines.find((line) => /^\|\s*Method\s*\|\s*Route\s*\|/.test(line)) ?? '';
  const columns = header.split('|').map((c) => c.trim().toLowerCase());
  const matrix = new Map<string, Who[]>();
  for (const line of lines) {
    const cells = line.split('|').map((c) => c.trim());
    if (!/^(GET|POST|PUT|PATCH|DELETE)$/.test(cells[1] ?? '')) continue;
    const route = cells[2].replace(/`/g, '');
    const allowed = ROLE_ORDER.filter((who) => ['✓', 'public'].includes(cells[columns.indexOf(who)] ?? ''));
    matrix.set(`${cells[1]} ${route}`, allowed);
  }
  return matrix;
}

let matrix: Map<string, Who[]> | undefined;

/** Whose token a route is called with: the first role of ROLE_ORDER the permission matrix admits. */
function roleFor(route: Route): Who {
  matrix ??= documentedRoles();
  const allowed = matrix.get(`${route.method} ${route.path.replace(/\{([^}]+)\}/g, ':$1')}`);
  return allowed?.[0] ?? 'admin';
}

function describe(generated: GeneratedRequest): string {
  const body = generated.body === undefined ? '' : ` body ${JSON.stringify(generated.body)}`;
  const query = Object.keys(generated.query).length ? ` query ${JSON.stringify(generated.query)}` : '';
  return `${generated.url}${query}${body}`.slice(0, 400);
}

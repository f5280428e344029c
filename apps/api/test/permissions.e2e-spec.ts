// The permission matrix, walked end to end. The routes are discovered from the running Nest app (every
// controller's handlers, their paths and their @Roles / @Public metadata) and compared with the written
// matrix in docs/permissions.md, so a route added without documenting it — or a doc that says something
// the code does not — fails here. Then every route × every role is called: an allowed role is never refused
// by the roles guard (and never 401), a refused role always is (403 naming the required roles), and no
// route but the public ones answers without a token. Object-level rules (another team's case → 404) are
// checked on real cases at the end.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { RequestMethod } from '@nestjs/common';
import { PATH_METADATA, METHOD_METADATA } from '@nestjs/common/constants';
import { DiscoveryService, MetadataScanner, ModulesContainer, Reflector } from '@nestjs/core';
import request from 'supertest';
import { Role } from '@caseflow/domain';
import { createCalendar, DEFAULT_CALENDAR } from '@caseflow/sla';
import { IS_PUBLIC, REQUIRED_ROLES } from '../src/auth/decorators';
import { createCasesWorld, eventually, type CasesWorld, type Who } from './harness/cases-harness';

const DOC = path.join(__dirname, '..', '..', '..', 'docs', 'permissions.md');
const UNKNOWN_UUID = '00000000-0000-4000-8000-000000000000';
const UNKNOWN_CASE = '20990101-99-9999';
const ROLE_ORDER: Role[] = [Role.Operator, Role.Engineer, Role.Supervisor, Role.Quality, Role.Admin];

interface Route {
  method: string;
  path: string;
  /** Roles the guard admits; every role for a route without @Roles; 'public' needs no sign-in. */
  roles: Role[] | 'public';
}

let w: CasesWorld;

beforeAll(async () => {
  w = await createCasesWorld();
}, 60_000);

afterAll(async () => {
  await w?.close();
});

/** Every HTTP route of the running app, from Nest's own metadata. */
function discoverRoutes(): Route[] {
  const discovery = new DiscoveryService(w.app.get(ModulesContainer));
  const scanner = new MetadataScanner();
  const reflector = w.app.get(Reflector);
  const routes: Route[] = [];
  for (const wrapper of discovery.getControllers()) {
    const instance = wrapper.instance as object | undefined;
    if (!instance || !wrapper.metatype) continue;
    const controller = wrapper.metatype;
    const base = [Reflect.getMetadata(PATH_METADATA, controller) as string | string[]].flat()[0] ?? '';
    const prototype = Object.getPrototypeOf(instance) as Record<string, unknown>;
    for (const name of scanner.getAllMethodNames(prototype)) {
      const handler = prototype[name] as (...args: unknown[]) => unknown;
      const sub = Reflect.getMetadata(PATH_METADATA, handler) as string | string[] | undefined;
      const verb = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
      if (sub === undefined || verb === undefined) continue;
      const isPublic = reflector.getAllAndOverride<boolean>(IS_PUBLIC, [handler, controller]);
      const required = reflector.getAllAndOverride<Role[] | undefined>(REQUIRED_ROLES, [handler, controller]);
      const joined = ['', base, [sub].flat()[0]].join('/').replace(/\/+/g, '/').replace(/\/$/, '');
      // The global prefix: everything under /api except the health check and Prometheus's /metrics.
      const full = joined === '/health' || joined === '/metrics' ? joined : `/api${joined}`;
      routes.push({
        method: RequestMethod[verb],
        path: full,
        // A route without @Roles admits every role; a manager acts as a supervisor (effectiveRoles), so the
        // matrix's five columns speak for it.
        roles: isPublic ? 'public' : required?.length ? [...required].sort() : [...ROLE_ORDER].sort(),
      });
    }
  }
  return routes.sort((a, b) => `${a.path} ${a.method}`.localeCompare(`${b.path} ${b.method}`));
}

/** The matrix as written: `| METHOD | /api/path | ✓ | — | … |` rows, role columns in the header's order. */
function documentedRoutes(): Route[] {
  const lines = readFileSync(DOC, 'utf8').split('\n');
  const header = lines.find((line) => /^\|\s*Method\s*\|\s*Route\s*\|/.test(line));
  if (!header) throw new Error('docs/permissions.md has no "| Method | Route | …" table');
  const columns = header.split('|').map((c) => c.trim().toLowerCase());
  const roleColumns = ROLE_ORDER.map((role) => columns.indexOf(role));
  expect(roleColumns.every((i) => i > 0)).toBe(true);
  const routes: Route[] = [];
  for (const line of lines) {
    const cells = line.split('|').map((c) => c.trim().replace(/`/g, ''));
    if (!/^(GET|POST|PUT|PATCH|DELETE)$/.test(cells[1] ?? '')) continue;
    const marks = roleColumns.map((i) => cells[i]);
    const roles: Route['roles'] = marks.every((m) => /public/i.test(m))
      ? 'public'
      : ROLE_ORDER.filter((_, i) => marks[i].startsWith('✓')).sort();
    routes.push({ method: cells[1], path: cells[2], roles });
  }
  return routes.sort((a, b) => `${a.path} ${a.method}`.localeCompare(`${b.path} ${b.method}`));
}

const concrete = (routePath: string) =>
  routePath.replace(/:(\w+)/g, (_, name: string) => (/number/i.test(name) ? UNKNOWN_CASE : UNKNOWN_UUID));

function call(route: Route, token?: string): request.Test {
  const server = w.app.getHttpServer();
  const url = concrete(route.path);
  const method = route.method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete';
  let test = request(server)[method](url);
  if (token) test = test.set('Authorization', `Bearer ${token}`);
  // An empty body: allowed roles stop at validation (422) or at the unknown id (404), never doing anything.
  return method === 'get' || method === 'delete' ? test : test.send({});
}

/**
 * The roles guard's refusal: 403 naming exactly the route's roles. A data-level 403 (e.g. every
 * escalation without `mine=true`) names other roles, or none.
 */
function refusedByGuard(response: request.Response, route: Route): boolean {
  const required = (response.body as { details?: { requiredRoles?: string[] } }).details?.requiredRoles;
  return (
    response.status === 403 &&
    Array.isArray(required) &&
    route.roles !== 'public' &&
    JSON.stringify([...required].sort()) === JSON.stringify(route.roles)
  );
}

describe('the written permission matrix', () => {
  it('documents exactly the routes the app serves, with the roles the code enforces', () => {
    expect(documentedRoutes()).toEqual(discoverRoutes());
  });

  it('is linked from the README', () => {
    const readme = readFileSync(path.join(__dirname, '..', '..', '..', 'README.md'), 'utf8');
    expect(readme).toContain('docs/permissions.md');
  });
});

describe('every route × every role', () => {
  it('answers 401 without a token on every route but the public ones', async () => {
    const unexpected: string[] = [];
    for (const route of discoverRoutes()) {
      const response = await call(route);
      if (route.roles === 'public' ? response.status === 401 : response.status !== 401) {
        unexpected.push(`${route.method} ${route.path} → ${response.status}`);
      }
    }
    expect(unexpected).toEqual([]);
  });

  it('admits each allowed role and refuses (403, audited) each other one', async () => {
    const wrong: string[] = [];
    let refusals = 0;
    for (const route of discoverRoutes()) {
      if (route.roles === 'public') continue;
      for (const role of ROLE_ORDER) {
        const response = await call(route, w.tokens[role as Who]);
        const allowed = route.roles.includes(role);
        if (allowed && (response.status === 401 || refusedByGuard(response, route))) {
          wrong.push(`${role} ${route.method} ${route.path}: refused (${response.status})`);
        }
        if (!allowed) {
          refusals++;
          if (!refusedByGuard(response, route))
            wrong.push(`${role} ${route.method} ${route.path}: ${response.status}, not 403`);
        }
      }
    }
    expect(wrong).toEqual([]);
    // Every refusal is in the audit log, with who, what and from where.
    const [audited] = await w.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM "audit_log" WHERE "action" = 'authorisation.refused' AND "entity_type" = 'route'
         AND "outcome" = 'refused' AND "ip" IS NOT NULL`,
    );
    expect(audited.n).toBeGreaterThanOrEqual(refusals);
  }, 120_000);
});

describe('who sees which case', () => {
  let otherTeamCase: string;
  let ownCase: string;

  beforeAll(async () => {
    // A second team in the same branch: its own supervisor and engineer, nobody of Li's team.
    const [otherSupervisor] = await w.query<{ id: string }>(
      `INSERT INTO "staff" ("name", "role", "department", "branch_id", "supervisor_id")
       VALUES ('Tang (supervisor, sh)', 'supervisor', 'tech_support', 'sh', $1) RETURNING "id"`,
      [w.org.managerId],
    );
    const [otherEngineer] = await w.query<{ id: string }>(
      `INSERT INTO "staff" ("name", "role", "department", "branch_id", "supervisor_id", "certified",
         "certification_expires_at")
       VALUES ('Song (engineer, sh)', 'engineer', 'tech_support', 'sh', $1, true, now() + interval '1 year')
       RETURNING "id"`,
      [otherSupervisor.id],
    );
    const intake = {
      kind: 'service_request',
      channel: 'phone',
      category: 'technical',
      branchId: 'sh',
      customer: { name: 'Visibility', phone: '13900000001', tier: 'standard' },
      description: 'Printer jams',
    };
    const create = async () =>
      (await w.as('operator').post('/api/cases').send(intake).expect(201)).body as { number: string };
    otherTeamCase = (await create()).number;
    ownCase = (await create()).number;
    await w
      .as('operator')
      .post(`/api/cases/${otherTeamCase}/actions/assign`)
      .send({ assigneeId: otherEngineer.id })
      .expect(200);
    await w
      .as('operator')
      .post(`/api/cases/${ownCase}/actions/assign`)
      .send({ assigneeId: w.org.secondEngineerId })
      .expect(200);
    await eventually(async () => {
      const rows = await w.query(
        `SELECT 1 FROM "cases" WHERE "number" = ANY ($1) AND "assignee_id" IS NOT NULL`,
        [[otherTeamCase, ownCase]],
      );
      expect(rows).toHaveLength(2);
    });
  }, 60_000);

  it('gives an engineer another team’s case as 404, not the case — and audits the refusal', async () => {
    const response = await w.as('engineer').get(`/api/cases/${otherTeamCase}`).expect(404);
    expect(JSON.stringify(response.body)).not.toContain('Visibility');
    await w
      .as('engineer')
      .post(`/api/cases/${otherTeamCase}/actions/add-note`)
      .send({ text: 'peek' })
      .expect(404);
    const [entry] = await w.query<{ actor: string; outcome: string }>(
      `SELECT "actor", "outcome" FROM "audit_log" WHERE "entity_type" = 'case' AND "entity_id" = $1
         AND "action" = 'authorisation.refused' ORDER BY "id" LIMIT 1`,
      [otherTeamCase],
    );
    expect(entry).toEqual({ actor: 'engineer.e2e', outcome: 'refused' });
  });

  it('gives an engineer their team’s case (a teammate’s), and lists only their team’s and the unassigned', async () => {
    await w.as('engineer').get(`/api/cases/${ownCase}`).expect(200);
    const list = (await w.as('engineer').get('/api/cases?pageSize=100').expect(200)).body as {
      items: { number: string; assignee: { id: string } | null }[];
    };
    const numbers = list.items.map((c) => c.number);
    expect(numbers).toContain(ownCase);
    expect(numbers).not.toContain(otherTeamCase);
    const team = [w.org.engineerId, w.org.secondEngineerId, w.org.uncertifiedEngineerId];
    expect(list.items.every((c) => c.assignee === null || team.includes(c.assignee.id))).toBe(true);
  });

  it('gives a supervisor their units’ cases only; quality and admin see every case', async () => {
    await w.as('supervisor').get(`/api/cases/${ownCase}`).expect(200);
    await w.as('supervisor').get(`/api/cases/${otherTeamCase}`).expect(404);
    for (const who of ['quality', 'admin', 'operator'] as const) {
      await w.as(who).get(`/api/cases/${otherTeamCase}`).expect(200);
    }
  });

  it('applies the same rules to the shift handover list', async () => {
    // Two working days on, the list's cutoff (the end of the working day before) is still ahead: both cases are on it.
    const calendar = createCalendar(DEFAULT_CALENDAR);
    const date = calendar.nextWorkingDay(calendar.nextWorkingDay(calendar.localDateOf(Date.now())));
    const handover = async (who: Who) =>
      (
        (await w.as(who).get(`/api/handover?date=${date}`).expect(200)).body as {
          items: { number: string }[];
        }
      ).items.map((item) => item.number);
    for (const who of ['engineer', 'supervisor'] as const) {
      const numbers = await handover(who);
      expect(numbers).toContain(ownCase);
      expect(numbers).not.toContain(otherTeamCase);
    }
    expect(await handover('quality')).toEqual(expect.arrayContaining([ownCase, otherTeamCase]));
  });
});

// Requests generated from the OpenAPI document: for every operation, fast-check arbitraries over its path
// parameters, query parameters and JSON body, built from the schemas alone. Each value is usually a valid
// shape and often a hostile one (NUL, lone surrogates, control characters, huge strings and numbers,
// injection strings, wrong types, missing fields), so a new route or field is fuzzed without a new test.
import fc from 'fast-check';

export interface Schema {
  $ref?: string;
  type?: string | string[];
  format?: string;
  enum?: unknown[];
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean | Schema;
  allOf?: Schema[];
  oneOf?: Schema[];
  anyOf?: Schema[];
  nullable?: boolean;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  example?: unknown;
  default?: unknown;
}

export interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: Schema;
}

export interface Operation {
  operationId?: string;
  parameters?: Parameter[];
  requestBody?: { content?: Record<string, { schema?: Schema }> };
  security?: unknown[];
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, Schema> };
}

export interface Route {
  method: string;
  /** As written in the document: `/api/cases/{number}`. */
  path: string;
  operation: Operation;
}

export interface GeneratedRequest {
  method: string;
  /** The URL to call, path parameters encoded. */
  url: string;
  query: Record<string, unknown>;
  /** undefined: no body sent. */
  body?: unknown;
  /** Every parameter and top-level field name the request carries or the route declares. */
  names: string[];
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

export function routesOf(doc: OpenApiDocument): Route[] {
  const routes: Route[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const method of METHODS) {
      const operation = item[method];
      if (operation) routes.push({ method: method.toUpperCase(), path, operation });
    }
  }
  return routes;
}

/** Strings no field should accept, and strings every text field must store as they are. */
export const HOSTILE_STRINGS = [
  'a\u0000b',
  '\u0000',
  '%00',
  'lone \ud800 high',
  'lone \udfff low',
  'bell \u0007 and escape \u001b[31m',
  'C1 \u0085 next line',
  '\u202e right-to-left override',
  'zero\u200bwidth',
  "' OR 1=1 --",
  "'; DROP TABLE cases; --",
  '"); SELECT pg_sleep(10); --',
  '<script>alert(1)</script>',
  '${jndi:ldap://x}',
  '{{7*7}}',
  '../../../../etc/passwd',
  '__proto__',
  'constructor',
  '',
  ' ',
  '\t\n\r',
  '😀'.repeat(500),
  '合肥'.repeat(3000),
  'x'.repeat(70_000),
  // Beyond the body-parser's limit: the whole request is refused with a 413 before any field is read.
  'y'.repeat(1 << 20),
  '99999999999999999999',
  '-1',
  'NaN',
  'null',
  'true',
  '2026-02-30T25:61:00Z',
];

/** Values of the wrong type for any field. */
const WRONG_TYPES: unknown[] = [
  null,
  true,
  0,
  -1,
  1.5,
  1e308,
  -1e308,
  1e20,
  Number.MAX_SAFE_INTEGER + 2,
  'text',
  [],
  ['a', 'b'],
  {},
  { nested: { deeper: ['\u0000'] } },
];

const HUGE_NUMBERS = [
  0,
  -1,
  -2147483649,
  2147483648,
  Number.MAX_SAFE_INTEGER,
  Number.MAX_SAFE_INTEGER + 2,
  1e20,
  1e308,
  0.5,
  -0.000001,
];

export class ArbitraryFactory {
  constructor(
    private readonly doc: OpenApiDocument,
    /** Known-good values for path parameters by name (an existing case number, policy id, …). */
    private readonly knownPathValues: Record<string, string[]>,
  ) {}

  resolve(schema: Schema | undefined, depth = 0): Schema {
    if (!schema) return {};
    if (schema.$ref && depth < 10) {
      const name = schema.$ref.replace('#/components/schemas/', '');
      return this.resolve(this.doc.components?.schemas?.[name], depth + 1);
    }
    if (schema.allOf?.length) {
      const parts = schema.allOf.map((part) => this.resolve(part, depth + 1));
      return {
        ...schema,
        allOf: undefined,
        type: 'object',
        properties: Object.assign({}, ...parts.map((p) => p.properties ?? {})) as Record<string, Schema>,
        required: parts.flatMap((p) => p.required ?? []),
      };
    }
    return schema;
  }

  /** A value that fits the schema (as far as a schema can say). */
  valid(raw: Schema | undefined, depth = 0): fc.Arbitrary<unknown> {
    const schema = this.resolve(raw);
    const options = schema.oneOf ?? schema.anyOf;
    if (options?.length) return fc.oneof(...options.map((option) => this.valid(option, depth + 1)));
    if (schema.enum?.length) return fc.constantFrom(...schema.enum);
    const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
    switch (type) {
      case 'integer':
        return fc.integer({ min: schema.minimum ?? 0, max: Math.min(schema.maximum ?? 1000, 2 ** 31 - 1) });
      case 'number':
        return fc.double({
          min: schema.minimum ?? 0,
          max: schema.maximum ?? 1000,
          noNaN: true,
          noDefaultInfinity: true,
        });
      case 'boolean':
        return fc.boolean();
      case 'array':
        return depth > 4 ? fc.constant([]) : fc.array(this.valid(schema.items, depth + 1), { maxLength: 3 });
      case 'object':
        return depth > 4 ? fc.constant({}) : this.object(schema, depth, 'clean');
      default:
        if (schema.properties) return depth > 4 ? fc.constant({}) : this.object(schema, depth, 'clean');
        return this.validString(schema);
    }
  }

  private validString(schema: Schema): fc.Arbitrary<unknown> {
    const known = [schema.example, schema.default].filter((v) => v !== undefined);
    const generated = this.generatedString(schema);
    return known.length
      ? fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...known) }, { weight: 1, arbitrary: generated })
      : generated;
  }

  private generatedString(schema: Schema): fc.Arbitrary<unknown> {
    if (schema.pattern) {
      try {
        return fc.stringMatching(new RegExp(schema.pattern));
      } catch {
        // A pattern JavaScript cannot read: fall through to a plain string.
      }
    }
    switch (schema.format) {
      case 'uuid':
        return fc.uuid();
      case 'date-time':
        // Mostly around now: the times a form sends (received at, visit at) are checked against the clock.
        return fc.oneof(
          fc
            .integer({ min: -DAY / 2, max: -60_000 })
            .map((offset) => new Date(Date.now() + offset).toISOString()),
          fc
            .date({
              min: new Date('2020-01-01T00:00:00Z'),
              max: new Date('2030-01-01T00:00:00Z'),
              noInvalidDate: true,
            })
            .map((d) => d.toISOString()),
        );
      case 'date':
        return fc
          .date({
            min: new Date('2020-01-01T00:00:00Z'),
            max: new Date('2030-01-01T00:00:00Z'),
            noInvalidDate: true,
          })
          .map((d) => d.toISOString().slice(0, 10));
      case 'email':
        return fc.emailAddress();
      case 'uri':
      case 'url':
        return fc.webUrl();
      default:
        return fc.string({
          minLength: Math.max(1, schema.minLength ?? 1),
          maxLength: Math.min(schema.maxLength ?? 30, 30),
        });
    }
  }

  /** A value of the schema's shape that a careless server would choke on, or one of the wrong type. */
  hostile(raw: Schema | undefined, depth = 0): fc.Arbitrary<unknown> {
    const schema = this.resolve(raw);
    const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
    const wrong = fc.constantFrom(...WRONG_TYPES);
    switch (type) {
      case 'integer':
      case 'number':
        return fc.oneof(fc.constantFrom(...HUGE_NUMBERS), wrong, fc.constantFrom('1', '1e400', '0x10'));
      case 'boolean':
        return fc.oneof(wrong, fc.constantFrom('yes', 'false', 1));
      case 'array':
        return fc.oneof(
          wrong,
          fc.array(this.hostile(schema.items, depth + 1), { minLength: 1, maxLength: 3 }),
          fc.constant(Array.from({ length: 2000 }, () => 'x')),
        );
      case 'object':
        return depth > 4 ? wrong : fc.oneof(wrong, this.object(schema, depth, 'mixed'));
      default:
        if (schema.properties)
          return depth > 4 ? wrong : fc.oneof(wrong, this.object(schema, depth, 'mixed'));
        return fc.oneof(
          { weight: 4, arbitrary: fc.constantFrom(...HOSTILE_STRINGS) },
          { weight: 1, arbitrary: wrong },
        );
    }
  }

  /** Mostly valid, often hostile. */
  field(schema: Schema | undefined, depth: number, hostileBias: boolean): fc.Arbitrary<unknown> {
    return fc.oneof(
      { weight: hostileBias ? 2 : 4, arbitrary: this.valid(schema, depth) },
      { weight: hostileBias ? 3 : 1, arbitrary: this.hostile(schema, depth) },
    );
  }

  /**
   * clean: every required field valid, each optional one there half the time, nothing else.
   * mixed: any field hostile, a required one missing now and then, now and then a field no DTO has.
   */
  private object(schema: Schema, depth: number, mode: 'clean' | 'mixed'): fc.Arbitrary<unknown> {
    const properties = Object.entries(schema.properties ?? {});
    if (properties.length === 0) return fc.constant({});
    const required = new Set(schema.required ?? []);
    const entries = properties.map(([name, property]) =>
      fc
        .tuple(
          fc.constant(name),
          fc.nat(required.has(name) ? (mode === 'clean' ? 1 : 9) : 1),
          mode === 'clean' ? this.valid(property, depth + 1) : this.field(property, depth + 1, true),
        )
        .map(([key, roll, value]) =>
          roll === 0 && !(mode === 'clean' && required.has(key)) ? undefined : ([key, value] as const),
        ),
    );
    const extras =
      mode === 'clean'
        ? fc.constant(undefined)
        : fc.constantFrom<undefined | string>(undefined, undefined, undefined, 'unknownField', '__proto__');
    return fc.tuple(fc.tuple(...entries), extras).map(([pairs, extra]) => {
      const value: Record<string, unknown> = {};
      for (const pair of pairs) if (pair) define(value, pair[0], pair[1]);
      if (extra) define(value, extra, 'surprise');
      return value;
    });
  }

  /** A valid body with exactly one fault: one field hostile, or missing. */
  private oneFault(schema: Schema): fc.Arbitrary<unknown> {
    const properties = Object.entries(schema.properties ?? {});
    if (properties.length === 0) return this.valid(schema);
    const fault = fc.oneof(
      ...properties.map(([name, property]) =>
        fc.tuple(
          fc.constant(name),
          fc.oneof(
            { weight: 4, arbitrary: this.hostile(property, 1) },
            { weight: 1, arbitrary: fc.constant(MISSING) },
          ),
        ),
      ),
    );
    return fc.tuple(this.object(schema, 0, 'clean'), fault).map(([body, [name, value]]) => {
      const copy = { ...(body as Record<string, unknown>) };
      if (value === MISSING) delete copy[name];
      else define(copy, name, value);
      return copy;
    });
  }

  /** A request body: valid, valid but for one field, anything goes, or not an object at all. */
  body(schema: Schema): fc.Arbitrary<unknown> {
    return fc.oneof(
      { weight: 2, arbitrary: this.valid(schema) },
      { weight: 5, arbitrary: this.oneFault(schema) },
      { weight: 2, arbitrary: this.object(schema, 0, 'mixed') },
      { weight: 1, arbitrary: fc.constantFrom<unknown>([], 'text', 42, null) },
    );
  }

  private pathValue(parameter: Parameter): fc.Arbitrary<string> {
    const known = this.knownPathValues[parameter.name] ?? [];
    const hostile = fc.constantFrom(
      '%00',
      'a\u0000',
      '\ud800',
      '99999999999999999999',
      '-1',
      '0',
      'not-a-uuid',
      '00000000-0000-0000-0000-00000000000g',
      "1' OR '1'='1",
      '..%2f..%2fetc',
      ' ',
      'x'.repeat(5000),
    );
    const valid = this.valid(parameter.schema).map((v) => String(v));
    return fc.oneof(
      { weight: 3, arbitrary: hostile },
      { weight: 2, arbitrary: known.length ? fc.constantFrom(...known) : fc.uuid() },
      { weight: 1, arbitrary: fc.oneof(valid, fc.uuid()) },
    );
  }

  /** Whole requests for one route. */
  request(route: Route): fc.Arbitrary<GeneratedRequest> {
    const parameters = route.operation.parameters ?? [];
    const pathParams = parameters.filter((p) => p.in === 'path');
    const queryParams = parameters.filter((p) => p.in === 'query');
    const bodySchema = route.operation.requestBody?.content?.['application/json']?.schema;
    const resolvedBody = bodySchema ? this.resolve(bodySchema) : undefined;

    const path = fc.tuple(...pathParams.map((p) => this.pathValue(p).map((v) => [p.name, v] as const)));
    const query = fc.tuple(
      ...queryParams.map((p) =>
        fc
          .tuple(fc.nat(2), this.field(p.schema, 0, false))
          .map(([roll, value]) => (roll === 0 ? undefined : ([p.name, value] as const))),
      ),
      // Now and then a query parameter no route declares.
      fc.constantFrom<undefined | readonly [string, unknown]>(undefined, undefined, undefined, [
        'surprise',
        '\u0000',
      ]),
    );
    const body = resolvedBody ? this.body(resolvedBody) : fc.constant(undefined);

    return fc.tuple(path, query, body).map(([pathValues, queryValues, bodyValue]) => {
      let url = route.path;
      for (const [name, value] of pathValues) url = url.replace(`{${name}}`, encodePathValue(value));
      const queryObject: Record<string, unknown> = {};
      for (const entry of queryValues) {
        if (!entry) continue;
        const [name, value] = entry;
        // A query string carries text: objects become JSON, arrays repeat the parameter.
        queryObject[name] =
          value !== null && typeof value === 'object' && !Array.isArray(value)
            ? JSON.stringify(value)
            : value;
      }
      const names = [
        ...parameters.map((p) => p.name),
        ...Object.keys(resolvedBody?.properties ?? {}),
        ...Object.keys(queryObject),
        ...(bodyValue !== null && typeof bodyValue === 'object' ? Object.keys(bodyValue) : []),
      ];
      return {
        method: route.method,
        url,
        query: queryObject,
        body: resolvedBody ? bodyValue : undefined,
        names,
      };
    });
  }
}

/** Percent-encodes a path value; a lone surrogate has no UTF-8 form, so it goes as the bytes of one (invalid). */
function encodePathValue(value: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    return value
      .split('')
      .map((c) => (/[\ud800-\udfff]/.test(c) ? '%ED%A0%80' : encodeURIComponent(c)))
      .join('');
  }
}

const MISSING = Symbol('missing');
const DAY = 24 * 60 * 60 * 1000;

/** Sets a key as data even when it is `__proto__`, so the JSON sent really carries it. */
function define(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

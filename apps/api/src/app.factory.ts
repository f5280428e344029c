import { INestApplication, RequestMethod } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import helmet from 'helmet';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import type { CaseflowConfig } from '@caseflow/config';
import { AppModule } from './app.module';
import { createValidationPipe } from './common/validation/validation';
import { findConsoleBuild, serveConsoleApp } from './console-pages/console-app';
import { serveConsolePlaceholders } from './console-pages/console-pages';
import { MetricsService } from './observability/metrics.service';
import { observeRequests } from './observability/request-observation.middleware';

export { AdminBootstrapService, type FirstSignIn } from './auth/admin-bootstrap.service';

export interface CreateApiAppOptions {
  /** false: no log output at all (tests). Default true, at config.logLevel. */
  logger?: boolean;
  /** Where JSON log lines go instead of stdout (tests read them back). */
  logDestination?: DestinationStream;
  /**
   * Close on SIGINT/SIGTERM by itself (default true). The launcher turns this off: it stops the API, the
   * worker and the embedded services itself, in order, and Nest's hook would re-raise the signal.
   */
  shutdownHooks?: boolean;
  /** The built console to serve at `/` (default: CONSOLE_DIR, else dist/console when built; null: none). */
  consoleDir?: string | null;
}

/**
 * The API, fully configured but not listening: `main.ts`, the launcher and the e2e tests all build it
 * here, so they cannot drift apart. Call `listen()` (or `init()`) to start it; the first admin is
 * ensured during bootstrap, see {@link AdminBootstrapService.firstSignIn}.
 */
export async function createApiApp(
  config: CaseflowConfig,
  options: CreateApiAppOptions = {},
): Promise<INestApplication> {
  if (!config.databaseUrl) {
    throw new Error(
      'The API needs a database: set DATABASE_URL, or use `npm start` for the embedded default.',
    );
  }
  const logLevel = options.logger === false ? 'silent' : config.logLevel;
  const app = await NestFactory.create<NestExpressApplication>(
    AppModule.forRoot(config, {
      databaseUrl: config.databaseUrl,
      logLevel,
      logDestination: options.logDestination,
    }),
    { bufferLogs: true, abortOnError: false },
  );
  app.useLogger(app.get(Logger));
  // Nest would otherwise hold start-up logs back until listen(); init()-only users (tests) would lose them.
  app.flushLogs();
  app.disable('x-powered-by');
  // First, so every request is timed and traced: unknown paths and refused bodies included.
  app.use(observeRequests(app.get(MetricsService)));
  hardenForBrowsers(app, config);
  app.setGlobalPrefix('api', {
    exclude: [
      { path: 'health', method: RequestMethod.GET },
      { path: 'metrics', method: RequestMethod.GET },
    ],
  });
  app.useGlobalPipes(createValidationPipe());
  if (options.shutdownHooks !== false) app.enableShutdownHooks();
  setUpOpenApi(app);
  const consoleDir =
    options.consoleDir === undefined ? findConsoleBuild() : (options.consoleDir ?? undefined);
  // The console's own router answers its routes; the stand-in pages only when there is no build.
  if (!serveConsoleApp(app, consoleDir)) serveConsolePlaceholders(app);
  return app;
}

/**
 * The console is served from `/` (React, built by Vite: its own scripts and styles, no inline script), so
 * everything is same-origin: a policy that allows only 'self' is all it needs, and an injected script or a
 * framing page gets nothing.
 */
export const CONSOLE_CSP: Record<string, string[]> = {
  'default-src': ["'self'"],
  'base-uri': ["'self'"],
  'connect-src': ["'self'"],
  'font-src': ["'self'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
  'img-src': ["'self'", 'data:'],
  'object-src': ["'none'"],
  'script-src': ["'self'"],
  'script-src-attr': ["'none'"],
  // Ant Design (and Swagger UI at /docs) write their styles at run time: inline styles are allowed, inline
  // scripts never. A per-request nonce handed to Ant Design's ConfigProvider would close this too.
  'style-src': ["'self'", "'unsafe-inline'"],
};

function hardenForBrowsers(app: NestExpressApplication, config: CaseflowConfig): void {
  const limits = config.httpLimits;
  if (limits.trustProxyHops > 0) app.set('trust proxy', limits.trustProxyHops);
  const headers = (csp: Record<string, string[]>) =>
    helmet({
      contentSecurityPolicy: { useDefaults: false, directives: csp },
      frameguard: { action: 'deny' },
    });
  app.use(headers(CONSOLE_CSP));
  // No CORS headers at all unless CORS_ORIGINS names who may call from another origin.
  if (limits.corsOrigins.length > 0) {
    app.enableCors({
      origin: limits.corsOrigins,
      methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
      allowedHeaders: ['Authorization', 'Content-Type', 'Idempotency-Key', 'X-Request-Id'],
      exposedHeaders: ['Retry-After', 'X-Request-Id'],
      maxAge: 600,
    });
  }
  app.useBodyParser('json', { limit: limits.bodyLimitBytes });
  app.useBodyParser('urlencoded', { limit: limits.bodyLimitBytes, extended: true });
}

function setUpOpenApi(app: INestApplication): void {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Caseflow API')
      .setDescription(
        'Customer-service cases whose commitments are durable Temporal timers. ' +
          'Sign in with POST /api/auth/login and send the token as "Authorization: Bearer <token>". ' +
          'Error answers (`message`, and a 422’s field messages under `errors`) are in the signed-in ' +
          'user’s language (users.language: zh-CN or en), or in the best of `Accept-Language` when not ' +
          'signed in; English otherwise. `code` and the field names never change. ' +
          'Times in JSON are UTC, ISO 8601 with `Z` (e.g. `2026-11-23T02:00:00.000Z`); a time sent in may carry ' +
          'any offset. Dates without a time (`YYYY-MM-DD`, `YYYY-MM`) are local dates of the calendar named ' +
          'with them. Timeline texts that mention a time say it in local time and name the zone, e.g. ' +
          '`2026-11-23 10:00 (Asia/Shanghai)`.',
      )
      .setVersion('0.1.0')
      .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
      .build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
}

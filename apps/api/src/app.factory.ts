import { INestApplication, RequestMethod } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import type { CaseflowConfig } from '@caseflow/config';
import { AppModule } from './app.module';
import { createValidationPipe } from './common/validation/validation';
import { findConsoleBuild, serveConsoleApp } from './console-pages/console-app';
import { serveConsolePlaceholders } from './console-pages/console-pages';

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
  app.setGlobalPrefix('api', { exclude: [{ path: 'health', method: RequestMethod.GET }] });
  app.useGlobalPipes(createValidationPipe());
  if (options.shutdownHooks !== false) app.enableShutdownHooks();
  setUpOpenApi(app);
  const consoleDir =
    options.consoleDir === undefined ? findConsoleBuild() : (options.consoleDir ?? undefined);
  // The console's own router answers its routes; the stand-in pages only when there is no build.
  if (!serveConsoleApp(app, consoleDir)) serveConsolePlaceholders(app);
  return app;
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

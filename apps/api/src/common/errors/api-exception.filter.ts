import { ArgumentsHost, Catch, ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';
import { InjectPinoLogger, PinoLogger } from 'nestjs-pino';
import { languageOf } from '../i18n/language';
import { recordRefusal, requestIdFor } from '../logging/logger-params';
import { toHttpError } from './error-mapping';

/**
 * The single place where errors become HTTP answers, in the caller's language (users.language when signed
 * in, else Accept-Language; English by default); clients never see a stack trace.
 */
@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  constructor(@InjectPinoLogger(ApiExceptionFilter.name) private readonly logger: PinoLogger) {}

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<Request & { id?: unknown; user?: { language?: string } }>();
    const response = http.getResponse<Response>();
    const language = languageOf(request);
    const mapped = toHttpError(error, language);
    // Body-parser errors happen before the logging middleware has given the request an id.
    const requestId =
      request.id !== undefined
        ? String(request.id)
        : response.headersSent
          ? undefined
          : requestIdFor(request, response);

    if (!mapped.expected) {
      this.logger.error(
        { err: describe(error), requestId, status: mapped.status },
        'Request failed unexpectedly',
      );
    } else if (mapped.body.code && mapped.status < 500) {
      // A refusal (e.g. an assignment the rules do not allow) is the user's to fix, not ours: no stack,
      // just the request's one log line at warn with the code and the message (in English, for the logs).
      const english = language === 'en' ? mapped : toHttpError(error);
      recordRefusal(response, {
        status: mapped.status,
        code: mapped.body.code,
        message: english.body.message,
      });
    }
    if (response.headersSent) return;
    for (const [name, value] of Object.entries(mapped.headers)) response.setHeader(name, value);
    response.status(mapped.status).json({ ...mapped.body, requestId });
  }
}

/**
 * Name, message, stack and causes only: errors such as TypeORM's QueryFailedError carry the query's
 * parameters (password hashes, personal data) as properties, which a plain serialiser would log.
 */
export function describe(error: unknown, depth = 0): Record<string, unknown> {
  if (!(error instanceof Error)) return { message: String(error) };
  const code = (error as { code?: unknown; driverError?: { code?: unknown } }).driverError?.code;
  const cause = (error as { cause?: unknown }).cause;
  return {
    type: error.name,
    message: error.message,
    ...(code !== undefined && { code }),
    stack: error.stack,
    ...(cause !== undefined && depth < 3 && { cause: describe(cause, depth + 1) }),
  };
}

import { ArgumentsHost, Catch, ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';
import { InjectPinoLogger, PinoLogger } from 'nestjs-pino';
import { requestIdFor } from '../logging/logger-params';
import { toHttpError } from './error-mapping';

/** The single place where errors become HTTP answers; clients never see a stack trace. */
@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  constructor(@InjectPinoLogger(ApiExceptionFilter.name) private readonly logger: PinoLogger) {}

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<Request & { id?: unknown }>();
    const response = http.getResponse<Response>();
    const mapped = toHttpError(error);
    // Body-parser errors happen before the logging middleware has given the request an id.
    const requestId =
      request.id !== undefined
        ? String(request.id)
        : response.headersSent
          ? undefined
          : requestIdFor(request, response);

    if (!mapped.expected) {
      this.logger.error({ err: error, requestId, status: mapped.status }, 'Request failed unexpectedly');
    }
    if (response.headersSent) return;
    for (const [name, value] of Object.entries(mapped.headers)) response.setHeader(name, value);
    response.status(mapped.status).json({ ...mapped.body, requestId });
  }
}

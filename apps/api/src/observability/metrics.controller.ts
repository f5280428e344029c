import { timingSafeEqual } from 'node:crypto';
import { Controller, Get, Headers, Inject, Res, UnauthorizedException } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { Response } from 'express';
import { CASEFLOW_CONFIG, CaseflowConfig } from '@caseflow/config';
import { Public } from '../auth/decorators';
import { MetricsService } from './metrics.service';

@ApiTags('health')
@Controller('metrics')
export class MetricsController {
  constructor(
    private readonly metrics: MetricsService,
    @Inject(CASEFLOW_CONFIG) private readonly config: CaseflowConfig,
  ) {}

  /** Not a user's route: Prometheus's. Public unless METRICS_TOKEN is set, then that bearer token only. */
  @Public()
  @Get()
  @ApiOperation({
    summary: 'Prometheus metrics (text format); needs "Authorization: Bearer <METRICS_TOKEN>" when it is set',
  })
  @ApiProduces('text/plain')
  @ApiOkResponse({ description: 'HTTP timings, outbox backlog, open cases, escalation lateness, process' })
  @ApiUnauthorizedResponse({ description: 'METRICS_TOKEN is set and the request does not carry it' })
  async scrape(
    @Headers('authorization') authorization: string | undefined,
    @Res() response: Response,
  ): Promise<void> {
    const token = this.config.observability.metricsToken;
    if (token !== undefined && !bearerMatches(authorization, token)) {
      throw new UnauthorizedException('GET /metrics needs "Authorization: Bearer <METRICS_TOKEN>"');
    }
    const body = await this.metrics.scrape();
    response.status(200).type(this.metrics.contentType).send(body);
  }
}

function bearerMatches(header: string | undefined, token: string): boolean {
  const match = /^Bearer\s+(.+)$/i.exec(header ?? '');
  if (!match) return false;
  const given = Buffer.from(match[1].trim());
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

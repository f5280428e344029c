import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export type CheckStatus = 'up' | 'down';

export class DependencyCheckDto {
  @ApiProperty({ enum: ['up', 'down'] })
  status: CheckStatus;

  @ApiProperty({ example: 3, description: 'How long the check took' })
  latencyMs: number;

  @ApiPropertyOptional({ example: 'timed out after 2000 ms', description: 'Why it is down' })
  error?: string;
}

export class WorkerCheckDto extends DependencyCheckDto {
  @ApiProperty({ example: 1, description: 'Workers seen polling the task queue recently' })
  pollers: number;

  @ApiProperty({ example: 'caseflow' })
  taskQueue: string;
}

export class HealthChecksDto {
  @ApiProperty({ type: DependencyCheckDto })
  database: DependencyCheckDto;

  @ApiProperty({ type: DependencyCheckDto })
  temporal: DependencyCheckDto;

  @ApiProperty({ type: WorkerCheckDto })
  worker: WorkerCheckDto;
}

export class HealthDto {
  @ApiProperty({ enum: ['ok', 'degraded'], description: '"ok" only when every check is up' })
  status: 'ok' | 'degraded';

  @ApiProperty({ type: HealthChecksDto })
  checks: HealthChecksDto;
}

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

export class OutboxHealthDto {
  @ApiProperty({ example: 0, description: 'Messages due and not yet sent (pending or being sent)' })
  backlog: number;

  @ApiProperty({ example: 0, description: 'Seconds since the oldest of those became due; 0 when none' })
  oldestPendingAgeSeconds: number;

  @ApiProperty({ example: 0, description: 'Pending messages held until later (quiet hours): not late' })
  held: number;

  @ApiProperty({
    example: 0,
    description: 'Messages whose last delivery attempt failed (retried with backoff)',
  })
  failed: number;

  @ApiProperty({ example: 0, description: 'Messages kept because their channel or address is unusable' })
  undeliverable: number;
}

export class StuckWorkflowsDto {
  @ApiProperty({ example: 0, description: 'Workflows whose activity keeps failing and is being retried' })
  count: number;

  @ApiProperty({
    example: { sendNotification: 0 },
    description:
      'The same count by failing activity: sendNotification = deliveries whose last attempt failed within the last 90 minutes (still retrying)',
  })
  byActivity: Record<string, number>;
}

export class HealthDto {
  @ApiProperty({ enum: ['ok', 'degraded'], description: '"ok" only when every check is up' })
  status: 'ok' | 'degraded';

  @ApiProperty({ type: HealthChecksDto })
  checks: HealthChecksDto;

  @ApiPropertyOptional({ type: OutboxHealthDto, description: 'Absent when the database cannot be read' })
  outbox?: OutboxHealthDto;

  @ApiPropertyOptional({ type: StuckWorkflowsDto, description: 'Absent when the database cannot be read' })
  stuck?: StuckWorkflowsDto;
}

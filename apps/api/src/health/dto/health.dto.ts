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

export class FailingActivitiesDto extends DependencyCheckDto {
  @ApiProperty({
    example: 1,
    description:
      'Workflows with an activity failing now: retried for the 3rd time or more within the last 10 minutes, ' +
      'or refused for good by the database (a write it will never accept) within the last 7 days',
  })
  count: number;

  @ApiProperty({ example: 0, description: 'Of those, activities that failed for good (not retried)' })
  rejected: number;

  @ApiProperty({
    type: String,
    isArray: true,
    example: ['case-20261122-07-0003'],
    description: 'Their workflow ids (the first 50), the longest-failing first',
  })
  workflowIds: string[];
}

export class HealthChecksDto {
  @ApiProperty({ type: DependencyCheckDto })
  database: DependencyCheckDto;

  @ApiProperty({ type: DependencyCheckDto })
  temporal: DependencyCheckDto;

  @ApiProperty({ type: WorkerCheckDto })
  worker: WorkerCheckDto;

  @ApiProperty({
    type: FailingActivitiesDto,
    description: 'Reported, not judged: a stuck case never takes the API out of a load balancer',
  })
  failingActivities: FailingActivitiesDto;
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

export class SupervisedProcessDto {
  @ApiProperty({ example: 'Temporal dev server' })
  name: string;

  @ApiProperty({ enum: ['starting', 'running', 'restarting', 'stopped'] })
  state: 'starting' | 'running' | 'restarting' | 'stopped';

  @ApiPropertyOptional({ example: 4242 })
  pid?: number;

  @ApiProperty({ example: 1, description: 'How often the launcher started it again after it died' })
  restarts: number;

  @ApiPropertyOptional({ example: '2026-12-06T21:40:00.000Z', description: 'When it was last restarted' })
  lastRestartAt?: string;

  @ApiPropertyOptional({
    example: { code: null, signal: 'SIGKILL', at: '2026-12-06T21:39:59.500Z' },
    description: 'How it last ended',
  })
  lastExit?: { code: number | null; signal: string | null; at: string };

  @ApiPropertyOptional({ description: 'Why the last restart attempt failed' })
  lastError?: string;
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

  @ApiPropertyOptional({
    type: [SupervisedProcessDto],
    description: 'Under `npm start`: the processes the launcher restarts when they die, and their restarts',
  })
  processes?: SupervisedProcessDto[];
}

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

  @ApiPropertyOptional({
    type: [SupervisedProcessDto],
    description: 'Under `npm start`: the processes the launcher restarts when they die, and their restarts',
  })
  processes?: SupervisedProcessDto[];
}
